// The app database is unreachable for a minute (a proxy in front of it is cut). Steps keep their
// deadlines (timers need no database), the audit and fact rows of what happened meanwhile are
// written once it returns, with the times things happened, and the API answers 503 meanwhile.
import { openDb } from '../../common/db';
import { DEMO_API_KEYS } from '../../prisma/seed';
import { processState } from '../../workflows/messages';
import { registerYouth, serveApi, type TestApi } from '../support/api';
import { eventually, setTimers, startStack, type TestStack } from '../support/stack';
import { demoEncounter, sleep } from '../support/steps';
import { startTcpProxy, viaPort, type TcpProxy } from '../support/tcp-proxy';
import { deliveries } from './deliveries';

const PROCESSES = 5;
const OUTAGE_MS = 60_000;
const STEP = 'advocate-response';
const sheriff = DEMO_API_KEYS.sheriff.key;
const databaseUrl = () => process.env.CSEC_TEST_DATABASE_URL!;

let proxy: TcpProxy;
let stack: TestStack;
let api: TestApi;
const direct = openDb(databaseUrl());
afterAll(async () => {
  await proxy?.restore().catch(() => undefined); // the stack closes through it
  await api?.close();
  await stack?.close();
  await proxy?.close();
  await direct.$disconnect();
});

const newEncounter = async () => {
  const { reportingAgencyId: _a, county: _c, ...body } = demoEncounter('IDENTIFIED', { youthRef: await registerYouth(api, sheriff) });
  return body;
};

test('a minute without the database: deadlines kept, rows written after, 503 meanwhile', async () => {
  const target = new URL(databaseUrl());
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  stack = await startStack({ databaseUrl: viaPort(databaseUrl(), proxy.port) });
  api = await serveApi(stack);
  await setTimers(stack.db, 'le-contact', STEP, { acknowledgeWithinSeconds: 25, completeWithinSeconds: null, escalateEverySeconds: 3600, clock: 'calendar' });

  const ids: string[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const res = await api.call('POST', '/v1/encounters', { key: sheriff, body: await newEncounter() });
    expect(res.status).toBe(201);
    ids.push((res.body as { processId: string }).processId);
  }
  const handles = ids.map((id) => stack.client.workflow.getHandle(id));
  const stepOf = async (i: number) => (await handles[i].query(processState)).steps.find((s) => s.id === STEP)!;
  // Opened, announced and idle before the cut: a step cut off while recording waits for the database.
  const opened = await eventually(
    async () => {
      const steps = await Promise.all(ids.map((_, i) => stepOf(i)));
      const idle = (await Promise.all(handles.map((h) => h.describe()))).every((d) => d.raw.pendingActivities?.length === 0);
      const unsent = await direct.notification.count({ where: { workflowId: { in: ids }, sentAt: null } });
      return steps.every((s) => s.dueAt) && idle && unsent === 0 && steps;
    },
    60_000,
    'the steps open and idle',
  );
  const encounter = await newEncounter(); // registered now: the youth exists when the report is retried

  await proxy.cut();
  const cutAt = Date.now();
  expect(Date.now()).toBeLessThan(Math.min(...opened.map((s) => Date.parse(s.dueAt!))));
  for (const [method, path, body] of [
    ['POST', '/v1/encounters', encounter],
    ['POST', '/v1/youth', { name: { given: 'Test', family: 'Outage' }, estimatedAge: 15 }],
  ] as const) {
    const res = await api.call(method, path, { key: sheriff, body });
    expect({ status: res.status, code: res.body?.error?.code, retryAfter: res.headers.get('retry-after') }).toEqual({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      retryAfter: expect.stringMatching(/^\d+$/),
    });
  }
  // Every step escalates at its deadline though nothing can be recorded.
  const escalated = await eventually(async () => {
    const steps = await Promise.all(ids.map((_, i) => stepOf(i)));
    return steps.every((s) => s.escalations.length > 0) && steps;
  }, OUTAGE_MS);
  escalated.forEach((s, i) => expect(Date.parse(s.escalations[0].at) - Date.parse(opened[i].dueAt!)).toBeLessThan(5_000));
  expect(await direct.auditEvent.count({ where: { workflowId: { in: ids }, action: 'step.ESCALATED' } })).toBe(0);
  await sleep(cutAt + OUTAGE_MS - Date.now());
  await proxy.restore();

  // The rows come once the database is back, carrying when each escalation happened.
  const facts = await eventually(
    async () => {
      const rows = await direct.stepFact.findMany({ where: { workflowId: { in: ids }, stepId: STEP, event: 'ESCALATED' } });
      return rows.length === PROCESSES && rows;
    },
    120_000,
    'the escalation facts',
  );
  for (const fact of facts) {
    const i = ids.indexOf(fact.workflowId);
    expect(fact.at.getTime()).toBe(Date.parse(escalated[i].escalations[0].at));
  }
  expect(await direct.auditEvent.count({ where: { workflowId: { in: ids }, action: 'step.ESCALATED' } })).toBe(PROCESSES);
  // The overdue mail follows the rows; each once.
  const result = await eventually(
    async () => {
      const d = await deliveries(direct, stack.smtp.received, ids);
      const overdue = await direct.notification.count({ where: { workflowId: { in: ids }, stepId: STEP, level: 1, sentAt: { not: null } } });
      return d.missing.length === 0 && overdue >= PROCESSES && d;
    },
    120_000,
    'the overdue mail',
  );
  expect(result).toMatchObject({ unexpected: [], repeated: [] });
  const retried = await api.call('POST', '/v1/encounters', { key: sheriff, body: encounter });
  expect(retried.status).toBe(201);
}, 400_000);
