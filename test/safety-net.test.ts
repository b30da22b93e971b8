// The weekly Safety Net meeting over the real Temporal server, real HTTP and a real SMTP sink:
// the county's schedule fires (handle.trigger()), each attending agency gets one email with a
// signed link to its own agenda, which holds only the processes it may see; the DA's action items
// become steps that escalate; the yearly MOU review opens, escalates and records the renewal date;
// bad input. CSEC_RECORD_HISTORY=1 saves the meeting's history for test/replay.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ensureCountySchedules, mouReviewScheduleId, safetyNetScheduleId } from '../common/county-schedules';
import { loggableUrl } from '../common/log';
import { reportMissingYouth, startLeContact } from '../common/processes';
import { DEMO_API_KEYS } from '../prisma/seed';
import { completeStep, processState } from '../workflows/messages';
import type { AgendaYouth } from '../workflows/safety-net-input';
import type { ProcessView } from '../workflows/types';
import { serveApi, type TestApi } from './support/api';
import { bookDetention, demo, demoEncounter, policies, waitForStep } from './support/steps';
import { eventually, startStack, TEST_CASE_INDEX_KEY, uniqueRef, type TestStack } from './support/stack';
import type { ReceivedMail } from './support/smtp-sink';

const COUNTY = 'Demo County';
const keys = DEMO_API_KEYS;
/** Who reads each attending agency's agenda (the role that owes its action items). */
const attendees: Record<string, string[]> = {
  'demo-da': ['juvenile-dda@da.demo.example'],
  'demo-probation': ['jjc-intake-dpo@probation.demo.example'],
  'demo-pd': ['juvenile-defender@pd.demo.example'],
  'demo-ssa': ['csec-social-worker@ssa.demo.example'],
  'demo-advocacy': ['advocate-2@advocacy.demo.example', 'oncall-advocate@advocacy.demo.example'],
};

let stack: TestStack;
let api: TestApi;
let policy: ReturnType<typeof policies>;
/** Youth of the fixtures: A detained (Probation), B missing (reported by the PD, held by SSA), C met by the sheriff. */
const youth = { detained: '', missing: '', met: '' };
let meetingId = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const agendaMails = () => stack.smtp.received.filter((m) => m.subject.startsWith('Meeting agenda available'));
const mailTo = (to: string, match: (m: ReceivedMail) => boolean) => stack.smtp.waitFor((m) => m.to.includes(to) && match(m), 60_000);

/** The process is listed with all these parties (visibility lags the workflow). */
const listed = (workflowId: string, parties: string[]) =>
  eventually(
    async () => {
      const query = `WorkflowId = ${JSON.stringify(workflowId)} AND ${parties.map((p) => `CsecParty = ${JSON.stringify(p)}`).join(' AND ')}`;
      for await (const _ of stack.client.workflow.list({ query })) return true;
      return false;
    },
    60_000,
    `${workflowId} listed with ${parties.join(', ')}`,
  );

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
  policy = policies(stack.db);
  await ensureCountySchedules(stack.client, stack.db, stack.taskQueue, COUNTY);

  const detention = await bookDetention(stack);
  youth.detained = (await detention.query(processState)).youthRef;
  youth.missing = uniqueRef();
  // Until court-support names counsel of record, the PD is a party by reporting into the episode.
  const missing = await reportMissingYouth(
    stack.client,
    stack.taskQueue,
    {
      youthRef: youth.missing,
      county: COUNTY,
      report: {
        reportId: 'R-1',
        agencyId: 'demo-pd',
        source: 'FAMILY',
        lastSeenAt: new Date(Date.now() - 3600_000).toISOString(),
        legalStatus: { kind: 'DEPENDENT' },
        parentSuspectedExploiter: false,
      },
    },
    { ...demo.ssa, agencyId: 'demo-pd', agencyType: 'PD' },
  );
  const encounter = demoEncounter('IDENTIFIED');
  youth.met = encounter.youthRef;
  const met = await startLeContact(stack.client, stack.taskQueue, encounter, TEST_CASE_INDEX_KEY);

  await listed(detention.workflowId, ['demo-probation', 'demo-advocacy']);
  await listed(missing.processId, ['demo-pd', 'demo-ssa']);
  await listed(met.workflowId, ['demo-sheriff', 'demo-advocacy']);

  const t0 = new Date();
  await stack.client.schedule.getHandle(safetyNetScheduleId(COUNTY)).trigger();
  const row = await eventually(
    async () => (await stack.db.safetyNetAgenda.findFirst({ where: { county: COUNTY, createdAt: { gte: t0 } } })) ?? undefined,
    120_000,
    'the agendas',
  );
  meetingId = row.meetingId;
}, 300_000);

afterAll(async () => {
  await policy?.removeAll();
  for (const id of [safetyNetScheduleId(COUNTY), mouReviewScheduleId(COUNTY)])
    await stack?.client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  await api?.close();
  await stack?.close();
});

describe('the weekly meeting', () => {
  /** The agenda page behind the agency's emailed link, opened over HTTP. */
  async function agendaPage(agencyId: string): Promise<string> {
    const mail = await eventually(() => agendaMails().find((m) => m.to.join() === attendees[agencyId].join()), 60_000, `${agencyId}'s agenda email`);
    const token = /\/v1\/agendas\/(\S+)/.exec(mail.text)![1];
    const res = await api.call('GET', `/v1/agendas/${token}`);
    expect(res.status).toBe(200);
    return res.text;
  }

  test('one email per attending agency, with a signed link and nothing of the agenda', async () => {
    await eventually(() => agendaMails().length >= 5, 60_000, 'five agenda emails');
    const mails = agendaMails().filter((m) => m.text.includes('/v1/agendas/'));
    expect(mails.map((m) => m.to.sort().join()).sort()).toEqual(
      Object.values(attendees)
        .map((to) => to.join())
        .sort(),
    );
    for (const m of mails) {
      expect(m.subject).not.toMatch(/csec|exploit|traffick/i);
      for (const ref of Object.values(youth)) expect(m.text).not.toContain(ref);
    }
  });

  test.each([
    ['demo-probation', ['detained'], ['missing', 'met']],
    ['demo-pd', ['missing'], ['detained', 'met']],
    ['demo-ssa', ['missing'], ['detained', 'met']],
    ['demo-advocacy', ['detained', 'met'], ['missing']],
    // The DA's office holds the county's MDT coordinator: every process, confidential steps redacted.
    ['demo-da', ['detained', 'missing', 'met'], []],
  ] as const)("%s's agenda holds its own processes and none of the others'", async (agencyId, own, others) => {
    const html = await agendaPage(agencyId);
    for (const k of own) expect(html).toContain(youth[k]);
    for (const k of others) expect(html).not.toContain(youth[k]);
    const row = await stack.db.safetyNetAgenda.findUniqueOrThrow({ where: { meetingId_agencyId: { meetingId, agencyId } } });
    expect((row.youth as unknown as AgendaYouth[]).map((y) => y.youthRef).sort()).toEqual(own.map((k) => youth[k]).sort());
  });

  test("an advocate's step reaches the DA's agenda only as confidential", async () => {
    const html = await agendaPage('demo-da');
    expect(html).toContain('Confidential step');
    expect(html).not.toContain('Advocate provides crisis counseling');
    expect(await agendaPage('demo-advocacy')).toContain('Advocate provides crisis counseling');
  });

  test('the missing episode is flagged; a tampered link is refused', async () => {
    const row = await stack.db.safetyNetAgenda.findUniqueOrThrow({ where: { meetingId_agencyId: { meetingId, agencyId: 'demo-ssa' } } });
    expect((row.youth as unknown as AgendaYouth[])[0].flags).toContain('MISSING_EPISODE');
    const mail = agendaMails().find((m) => m.to.includes(attendees['demo-ssa'][0]))!;
    const token = /\/v1\/agendas\/(\S+)/.exec(mail.text)![1];
    const res = await api.call('GET', `/v1/agendas/${token.slice(0, -2)}xx`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(res.text).toContain('LINK_INVALID');
    // The token is a credential: the request log never holds it.
    expect(loggableUrl(`/v1/agendas/${token}`)).not.toContain(token.slice(0, 20));
  });
});

describe('action items', () => {
  const actions = (body: object, key: string = keys.da.key) =>
    api.call('POST', `/v1/safety-net-meetings/${encodeURIComponent(meetingId)}/actions`, { key, body });
  const item = (extra: object = {}) => ({
    youthRef: youth.detained,
    owningAgencyId: 'demo-probation',
    task: 'Share the placement plan',
    dueAt: inDays(3),
    ...extra,
  });

  test('a non-DA caller is 403 FORBIDDEN', async () => {
    const res = await actions(item(), keys.probation.key);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  test('an owning agency that is not a party of the youth is 409 NOT_A_PARTY', async () => {
    const res = await actions(item({ owningAgencyId: 'demo-pd' }));
    expect([res.status, res.body.error.code]).toEqual([409, 'NOT_A_PARTY']);
  });

  test('file information is asked of Probation only', async () => {
    const res = await actions(item({ kind: 'PROBATION_FILE_INFORMATION', youthRef: youth.met, owningAgencyId: 'demo-sheriff' }));
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  test('an action item is a step of the owning agency that escalates when overdue', async () => {
    await policy.set('safety-net', 'safety-net-action', { acknowledgeWithinSeconds: 2, completeWithinSeconds: 60, escalateEverySeconds: 2, clock: 'calendar' });
    const res = await actions(item());
    expect([res.status, res.body]).toEqual([201, { stepId: 'safety-net-action-1', youthRef: youth.detained, owningAgencyId: 'demo-probation' }]);
    const handle = stack.client.workflow.getHandle(meetingId);
    const step = await waitForStep(handle, 'safety-net-action-1', (s) => s.level >= 1, 'the action item escalated', 60_000);
    expect(step.chain.map((p) => p.agencyId)).toContain('demo-probation');
    const escalated = await mailTo('backup-dpo@probation.demo.example', (m) => m.text.includes(`Process: ${meetingId}\n`));
    expect(escalated.text).toContain(`For youth reference: ${youth.detained}`);
    expect(escalated.text).not.toContain('placement plan');
    // The owner sees it among the meeting's steps, and completes it.
    const view = (await api.call('GET', `/v1/processes/${encodeURIComponent(meetingId)}`, { key: keys.probation.key })).body as ProcessView;
    expect(view.steps.map((s) => s.id)).toContain('safety-net-action-1');
    const done = await api.call('POST', `/v1/processes/${encodeURIComponent(meetingId)}/steps/safety-net-action-1/complete`, { key: keys.probation.key });
    expect([done.status, done.body.status]).toEqual([200, 'COMPLETED']);
  });

  test("the DA's request for Probation's file information (Probation §3) opens Probation's step", async () => {
    const res = await actions(item({ kind: 'PROBATION_FILE_INFORMATION' }));
    expect([res.status, res.body.stepId]).toEqual([201, 'probation-file-information-1']);
    await waitForStep(stack.client.workflow.getHandle(meetingId), 'probation-file-information-1', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
    if (process.env.CSEC_RECORD_HISTORY) {
      const history = await stack.client.workflow.getHandle(meetingId).fetchHistory();
      writeFileSync(join(__dirname, 'histories', 'safety-net-meeting.json'), JSON.stringify(JSON.parse(historyToJSON(history)), null, 2));
    }
  });
});

describe('the schedule', () => {
  const put = (body: unknown, key: string = keys.admin.key) => api.call('PUT', '/v1/admin/safety-net-schedule', { key, body });

  test('an invalid time zone is 400 with the field', async () => {
    const res = await put({ timeZone: 'Mars/Olympus_Mons' });
    expect([res.status, res.body.error.code, res.body.error.fields.map((f: { path: string }) => f.path)]).toEqual([
      400,
      'VALIDATION_FAILED',
      ['body.timeZone'],
    ]);
  });

  test('only administrators change it', async () => {
    const res = await put({ paused: true }, keys.da.key);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  test('day, time and time zone reach the schedule; a holiday week pauses it, and it resumes', async () => {
    const handle = stack.client.schedule.getHandle(safetyNetScheduleId(COUNTY));
    const res = await put({ day: 'WEDNESDAY', time: '09:30', timeZone: 'America/Denver', paused: true });
    expect([res.status, res.body.paused, res.body.timeZone]).toEqual([200, true, 'America/Denver']);
    let described = await handle.describe();
    expect(described.state.paused).toBe(true);
    expect(described.spec.timezone).toBe('America/Denver');
    expect(described.spec.calendars?.[0]).toMatchObject({ dayOfWeek: [{ start: 'WEDNESDAY' }], hour: [{ start: 9 }], minute: [{ start: 30 }] });
    expect(described.policies.catchupWindow).toBe(86_400_000);
    await put({ day: 'TUESDAY', time: '10:00', timeZone: 'America/Los_Angeles', paused: false });
    described = await handle.describe();
    expect(described.state.paused).toBe(false);
  });
});

describe('the yearly MOU review', () => {
  test('opens for the county administrator, escalates to the DA, and records the renewal date', async () => {
    await policy.set('mou-review', 'mou-review', { acknowledgeWithinSeconds: 2, completeWithinSeconds: 60, escalateEverySeconds: 2, clock: 'calendar' });
    await stack.client.schedule.getHandle(mouReviewScheduleId(COUNTY)).trigger();
    const opened = await mailTo('mdt-coordinator@da.demo.example', (m) => m.text.includes('Step: Review and renew the county CSEC MOU'));
    const workflowId = /Process: (.+)/.exec(opened.text)![1];
    await mailTo('chief-deputy@da.demo.example', (m) => m.text.includes(`Process: ${workflowId}\n`));
    const handle = stack.client.workflow.getHandle(workflowId);
    await handle.executeUpdate(completeStep, { args: [{ stepId: 'mou-review', actor: demo.da, record: '2027-07-01' }] });
    expect(await handle.result()).toEqual({ renewedOn: '2027-07-01' });
    expect((await stack.db.county.findUniqueOrThrow({ where: { id: COUNTY } })).mouRenewedOn).toBe('2027-07-01');
    await sleep(0);
  });
});

describe('the end of a meeting', () => {
  test('once the DA may record no more, the meeting ends when its items are done or withdrawn', async () => {
    const id = `safety-net/${COUNTY}/2000-01-01T00:00Z`;
    const handle = await stack.client.workflow.start('safetyNetMeeting', {
      workflowId: id,
      taskQueue: stack.taskQueue,
      args: [{ county: COUNTY, daAgencyId: 'demo-da', actionWindowSeconds: 20 }],
    });
    const path = `/v1/safety-net-meetings/${encodeURIComponent(id)}/actions`;
    const recorded = await eventually(
      async () => {
        const res = await api.call('POST', path, {
          key: keys.da.key,
          body: { youthRef: youth.missing, owningAgencyId: 'demo-ssa', task: 'Check the placement', dueAt: inDays(2) },
        });
        return res.status === 201 && res.body;
      },
      60_000,
      'the action item recorded once the agenda is ready',
    );
    const withdraw = (key: string, body: object = { reason: 'Resolved before the meeting' }) =>
      api.call('POST', `${path}/${recorded.stepId}/withdraw`, { key, body });
    expect((await withdraw(keys.ssa.key)).status).toBe(403);
    expect((await withdraw(keys.da.key, { reason: ' ' })).status).toBe(400);
    const res = await withdraw(keys.da.key);
    expect([res.status, res.body.status]).toEqual([200, 'WITHDRAWN']);
    const result = await handle.result();
    expect(result.actions.map((a: { stepId: string; owningAgencyId: string }) => [a.stepId, a.owningAgencyId])).toEqual([[recorded.stepId, 'demo-ssa']]);
  }, 120_000);
});
