// Timer policies are read from the table; an unusable row falls back to the MOU default.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createPolicyActivities, DEFAULT_TIMER_POLICIES } from '../activities/policy';
import { openDb, type Db } from '../common/db';
import { setTimers } from './support/stack';

let db: Db;
beforeAll(() => {
  db = openDb(process.env.CSEC_TEST_DATABASE_URL!);
});
afterAll(() => db.$disconnect());

// The activity context is the SDK's mock (for its logger); the database is real.
// eslint-disable-next-line @typescript-eslint/unbound-method -- activities never use `this`; the worker calls them detached too
const read = (obligation: string, step: string) => new MockActivityEnvironment().run(createPolicyActivities(db).timerPolicy, obligation, step);

test("an administrator's row is used as written", async () => {
  const timers = { acknowledgeWithinSeconds: 120, completeWithinSeconds: null, escalateEverySeconds: 60 };
  await setTimers(db, 'le-contact', 'probation-interview-notice', timers);
  await expect(read('le-contact', 'probation-interview-notice')).resolves.toEqual(timers);
});

test('a row with a zero or negative timer falls back to the default', async () => {
  await setTimers(db, 'le-contact', 'probation-jjc-notice', { acknowledgeWithinSeconds: 60, completeWithinSeconds: null, escalateEverySeconds: 0 });
  await expect(read('le-contact', 'probation-jjc-notice')).resolves.toEqual(DEFAULT_TIMER_POLICIES['le-contact/probation-jjc-notice']);
});

test('a step with neither a row nor a default fails loudly', async () => {
  await expect(read('le-contact', 'no-such-step')).rejects.toThrow('No usable timer policy for le-contact/no-such-step');
});
