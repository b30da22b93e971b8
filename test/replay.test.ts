// Replays recorded histories against today's workflow code: a change that would break a
// running process (non-determinism) fails here. To add one, run a process (npm start) and
// save `temporal workflow show -w <id> --output json > test/histories/<name>.json`.
// Replay decodes with the payload codec, as the worker does: histories recorded before
// payloads were encrypted pass through it unchanged (an encrypted one: test/codec-history.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { testDataConverter } from './support/stack';

const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test('every recorded history replays deterministically', async () => {
  const histories = files.map((file) => ({ workflowId: file, history: JSON.parse(readFileSync(join(dir, file), 'utf8')) as object }));
  const options = { workflowBundle: { codePath: process.env.CSEC_TEST_WORKFLOW_BUNDLE! }, dataConverter: testDataConverter() };
  const results: { file: string; error?: string }[] = [];
  for await (const r of Worker.runReplayHistories(options, histories)) results.push({ file: r.workflowId, error: r.error?.message });
  expect(results).toEqual(files.map((file) => ({ file, error: undefined })));
});
