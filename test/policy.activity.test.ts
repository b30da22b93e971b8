// Timer policies: a step kind's defaults, overridden by an administrator's row, never below the floor.
import { createPolicyActivities, TIMER_FLOOR_SECONDS } from '../activities/policy';
import { openDb, type Db } from '../common/db';
import type { StepTimers } from '../workflows/types';
import { setTimers } from './support/stack';

let db: Db;
beforeAll(() => {
  db = openDb(process.env.CSEC_TEST_DATABASE_URL!);
});
afterAll(() => db.$disconnect());

const defaults: StepTimers = { acknowledgeWithinSeconds: 900, completeWithinSeconds: 5400, escalateEverySeconds: 900, clock: 'calendar' };
const read = (step: string) => createPolicyActivities(db).timerPolicy('policy-test', step, defaults);

test('without a row, the definition’s defaults are used', async () => {
  await expect(read('no-row')).resolves.toEqual(defaults);
});

test("an administrator's row is used as written, clock included", async () => {
  await setTimers(db, 'policy-test', 'row', { acknowledgeWithinSeconds: 120, completeWithinSeconds: null, escalateEverySeconds: 600, clock: 'business' });
  await expect(read('row')).resolves.toEqual({ acknowledgeWithinSeconds: 120, completeWithinSeconds: null, escalateEverySeconds: 600, clock: 'business' });
});

test('values below the floor are raised to it, so a bad row never makes a tight loop', async () => {
  await setTimers(db, 'policy-test', 'zero', { acknowledgeWithinSeconds: 0, completeWithinSeconds: -5, escalateEverySeconds: 1, clock: null });
  await expect(read('zero')).resolves.toEqual({
    acknowledgeWithinSeconds: TIMER_FLOOR_SECONDS,
    completeWithinSeconds: TIMER_FLOOR_SECONDS,
    escalateEverySeconds: TIMER_FLOOR_SECONDS,
    clock: 'calendar',
  });
});

test('a worker can be given a lower floor (the tests use short timers)', async () => {
  await setTimers(db, 'policy-test', 'short', { acknowledgeWithinSeconds: 2, completeWithinSeconds: null, escalateEverySeconds: 0, clock: null });
  await expect(createPolicyActivities(db, 1).timerPolicy('policy-test', 'short', defaults)).resolves.toMatchObject({
    acknowledgeWithinSeconds: 2,
    escalateEverySeconds: 1,
  });
});
