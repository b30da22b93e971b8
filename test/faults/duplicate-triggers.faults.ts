// 1,000 copies of one encounter report, 20 at a time, through the API: one process, one 201 (the
// others 409 ENCOUNTER_EXISTS), one audit row of the creation, and one set of emails.
import { DEMO_API_KEYS } from '../../prisma/seed';
import { YouthRef } from '../../workflows/search-attributes';
import { registerYouth, serveApi, type TestApi } from '../support/api';
import { eventually, runConcurrently, startStack, type TestStack } from '../support/stack';
import { demoEncounter, sleep } from '../support/steps';
import { deliveries } from './deliveries';

const COPIES = 1_000;
const sheriff = DEMO_API_KEYS.sheriff.key;

let stack: TestStack;
let api: TestApi;
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

test(`${COPIES} duplicate encounter reports give one process and one set of emails`, async () => {
  stack = await startStack();
  api = await serveApi(stack);
  const { reportingAgencyId: _a, county: _c, ...encounter } = demoEncounter('IDENTIFIED', { youthRef: await registerYouth(api, sheriff) });

  const replies = await runConcurrently(COPIES, 20, () => api.call('POST', '/v1/encounters', { key: sheriff, body: encounter }));
  const statuses: Record<string, number> = {};
  for (const r of replies) {
    const outcome = `${r.status} ${r.body?.error?.code ?? ''}`.trim();
    statuses[outcome] = (statuses[outcome] ?? 0) + 1;
  }
  expect(statuses).toEqual({ '201': 1, '409 ENCOUNTER_EXISTS': COPIES - 1 });
  const processId = (replies.find((r) => r.status === 201)!.body as { processId: string }).processId;

  // Visibility is eventually consistent: give it time to show a second process, were there one.
  await sleep(5_000);
  expect(await stack.client.workflow.count(`${YouthRef.name} = '${encounter.youthRef}'`)).toMatchObject({ count: 1 });
  expect(await stack.db.auditEvent.count({ where: { workflowId: processId, action: 'api.encounter.create' } })).toBe(1);

  // Every step opened and announced, each email once.
  const handle = stack.client.workflow.getHandle(processId);
  const result = await eventually(
    async () => {
      const idle = (await handle.describe()).raw.pendingActivities?.length === 0;
      const d = await deliveries(stack.db, stack.smtp.received, [processId]);
      return idle && d.expected > 0 && d.missing.length === 0 && d;
    },
    120_000,
    'the assignment emails',
  );
  expect(result).toMatchObject({ unexpected: [], repeated: [] });
  expect(new Set(stack.smtp.received.filter((m) => m.text.includes(processId)).map((m) => m.messageId)).size).toBe(result.expected);
}, 300_000);
