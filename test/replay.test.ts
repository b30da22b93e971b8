// Replays recorded histories against today's workflow code: a change that would break a
// running process (non-determinism) fails here. To add one, run a process (npm start) and
// save `temporal workflow show -w <id> --output json > test/histories/<name>.json`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';

const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('%s replays deterministically', async (file) => {
  const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: process.env.CSEC_TEST_WORKFLOW_BUNDLE! } }, history, file)).resolves.toBeUndefined();
});
