// A deadline counts from the step's opening (the process's start for a step opened at start),
// never from when its directory look-ups returned: a slow directory cannot stretch it.
import { startLeContact } from '../common/processes';
import { advocateResponse } from '../workflows/le-contact-steps';
import { startStack, type TestStack, TEST_CASE_INDEX_KEY } from './support/stack';
import { demoEncounter, policies, sleep, waitForMail, waitForStep } from './support/steps';

const LOOKUP_DELAY_MS = 5000;
const ACK_SECONDS = 4;

let stack: TestStack;
let policy: ReturnType<typeof policies>;
beforeAll(async () => {
  stack = await startStack({
    wrapActivities: (a) => ({
      ...a,
      escalationChain: async (req) => (await sleep(LOOKUP_DELAY_MS), a.escalationChain(req)),
    }),
  });
  policy = policies(stack.db);
});
afterAll(async () => {
  await policy?.removeAll();
  await stack?.close();
});

test('a step whose directory look-up is slow counts its deadline from the process start', async () => {
  await policy.set('le-contact', advocateResponse.kind, { acknowledgeWithinSeconds: ACK_SECONDS, completeWithinSeconds: null, escalateEverySeconds: 3600 });
  const handle = await startLeContact(stack.client, stack.taskQueue, demoEncounter('AT_RISK_CONTACT'), TEST_CASE_INDEX_KEY);
  const startedAt = (await handle.describe()).startTime.getTime();
  const step = await waitForStep(handle, advocateResponse.kind, (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  const openedAt = Date.parse(step.openedAt!);
  expect(openedAt).toBe(startedAt);
  expect(Date.parse(step.dueAt!)).toBe(startedAt + ACK_SECONDS * 1000);
  // The look-up really was slow: the advocate heard only after it returned.
  const assigned = await waitForMail(stack, handle.workflowId, { title: advocateResponse.title, to: 'oncall-advocate@advocacy.demo.example' });
  expect(assigned.at).toBeGreaterThanOrEqual(startedAt + LOOKUP_DELAY_MS);
  // Already due when the look-up returned: it escalates without a further wait (how soon is the benchmark's to measure).
  const escalated = await waitForStep(handle, advocateResponse.kind, (s) => s.escalations.length > 0);
  expect(Date.parse(escalated.escalations[0].at)).toBeGreaterThanOrEqual(startedAt + ACK_SECONDS * 1000);
  await handle.terminate('test done');
});
