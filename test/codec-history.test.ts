// What Temporal stores is ciphertext: a real process's raw history (read over gRPC without the
// codec), its user metadata and its current details hold only `binary/encrypted` payloads, and
// values planted in the input and in an Update's arguments appear nowhere in them. The same
// history decodes with the codec and replays.
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ENCRYPTED_ENCODING, payloadCodec } from '../common/codec';
import { DEMO_API_KEYS } from '../prisma/seed';
import { processPath, registerYouth, serveApi, settled, type TestApi } from './support/api';
import { eventually, startStack, testCodecConfig, testDataConverter, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
const codec = payloadCodec(testCodecConfig());
// Values only the payloads carry: not in the workflow id, the search attributes or a log.
const occurredAt = new Date(Date.now() - 60_000 - Math.floor(Math.random() * 1000)).toISOString();
// Within the deadline window (a year ahead), with seconds no clock would produce by chance.
const dueAt = `${new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10)}T09:13:${String(10 + Math.floor(Math.random() * 50))}Z`;
const planted = [occurredAt, dueAt.slice(0, -1)];

let stack: TestStack;
let api: TestApi;
let workflowId: string;

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
  const body = { youthRef: await registerYouth(api, keys.sheriff.key), encounterId: 'E-CODEC-1', encounterType: 'JJC_TRANSPORT', occurredAt };
  const created = await api.call('POST', '/v1/encounters', { key: keys.sheriff.key, body });
  expect(created.status).toBe(201);
  workflowId = created.body.processId as string;
  await settled(api, workflowId, keys.da.key, 4);
  // Two Updates: an acknowledgment, and a deadline whose arguments carry a planted value.
  expect((await api.call('POST', `${processPath(workflowId)}/steps/advocate-response/acknowledge`, { key: keys.advocacy.key })).status).toBe(200);
  const moved = await api.call('PUT', `${processPath(workflowId)}/steps/probation-jjc-notice/deadline`, {
    key: keys.admin.key,
    body: { dueAt, reason: 'moved for the codec test' },
  });
  expect(moved.status).toBe(200);
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

interface Found {
  path: string;
  payload: Payload;
}

// Not ours to seal: search attributes (Temporal indexes them) and the SDK's own patch markers
// (written by the worker's core, holding only a patch id).
const unsealed = /searchAttributes|markerRecordedEventAttributes\.details\.patch-data/i;

/** Every payload in a raw proto message (bar the unsealed ones), and all its text and bytes. */
function walk(node: unknown, path: string, payloads: Found[], texts: string[]): void {
  if (typeof node === 'string') texts.push(node);
  else if (node instanceof Uint8Array) texts.push(Buffer.from(node).toString('utf8'));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && 'data' in record && !unsealed.test(path)) {
      payloads.push({ path, payload: record });
    }
    for (const [key, value] of Object.entries(record)) walk(value, `${path}.${key}`, payloads, texts);
  }
}

const encodingOf = (p: Payload) => Buffer.from(p.metadata?.encoding ?? []).toString();
const rawHistory = async () => (await stack.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } })).history!;

test('the raw history holds only encrypted payloads: inputs, activity inputs, Update arguments, summary and details', async () => {
  const history = await eventually(
    async () => {
      const h = await rawHistory();
      const updates = h.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
      return updates >= 2 && h;
    },
    30_000,
    'both Updates in the history',
  );
  const payloads: Found[] = [];
  const texts: string[] = [];
  walk(history, 'history', payloads, texts);

  const where = (pattern: RegExp) => payloads.filter((p) => pattern.test(p.path));
  expect(where(/workflowExecutionStartedEventAttributes\.input\.payloads/).length).toBe(1);
  expect(where(/activityTaskScheduledEventAttributes\.input\.payloads/).length).toBeGreaterThan(3);
  expect(where(/workflowExecutionUpdateAcceptedEventAttributes\.acceptedRequest\.input\.args\.payloads/).length).toBeGreaterThanOrEqual(2);
  expect(where(/userMetadata\.summary$/).length).toBe(1);
  expect(where(/userMetadata\.details$/).length).toBe(1);
  expect(payloads.filter((p) => encodingOf(p.payload) !== ENCRYPTED_ENCODING).map((p) => `${p.path}: ${encodingOf(p.payload)}`)).toEqual([]);
  for (const value of planted) expect(texts.filter((t) => t.includes(value))).toEqual([]);

  // The control: decoded, the same payloads do carry the planted values and the summary.
  const [input] = await codec.decode(where(/workflowExecutionStartedEventAttributes\.input/).map((p) => p.payload));
  expect(Buffer.from(input.data!).toString()).toContain(occurredAt);
  const updateArgs = await codec.decode(where(/acceptedRequest\.input\.args/).map((p) => p.payload));
  expect(updateArgs.some((p) => Buffer.from(p.data!).toString().includes(dueAt.slice(0, -1)))).toBe(true);
  const [summary, details] = await codec.decode([where(/userMetadata\.summary$/)[0].payload, where(/userMetadata\.details$/)[0].payload]);
  expect(JSON.parse(Buffer.from(summary.data!).toString())).toMatch(/^LE contact \(jjc transport\)/);
  expect(JSON.parse(Buffer.from(details.data!).toString())).toContain(occurredAt);
});

test('the summary the UI lists, and the current details it asks the workflow for, are encrypted; the codec client reads them', async () => {
  const described = await stack.client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
  const metadata = described.executionConfig!.userMetadata!;
  expect([encodingOf(metadata.summary!), encodingOf(metadata.details!)]).toEqual([ENCRYPTED_ENCODING, ENCRYPTED_ENCODING]);

  // The UI's query for current details (setCurrentDetails): its answer is a payload, sealed by the worker.
  const query = { queryType: '__temporal_workflow_metadata' };
  const answer = await stack.client.workflowService.queryWorkflow({ namespace: 'default', execution: { workflowId }, query });
  const raw = answer.queryResult!.payloads!;
  expect(raw.map(encodingOf)).toEqual([ENCRYPTED_ENCODING]);
  const texts: string[] = [];
  walk(answer, 'answer', [], texts);
  for (const value of planted) expect(texts.filter((t) => t.includes(value))).toEqual([]);
  const [plain] = await codec.decode(raw);
  const { currentDetails } = temporal.api.sdk.v1.WorkflowMetadata.fromObject(JSON.parse(Buffer.from(plain.data!).toString()));
  expect(currentDetails).toContain(`to acknowledge by ${dueAt.slice(0, -1)}`);

  const handle = stack.client.workflow.getHandle(workflowId);
  expect(await (await handle.describe()).staticSummary()).toMatch(/^LE contact \(jjc transport\)/);
});

test("a workflow's refusal leaves the worker with its message sealed; only its type is plain", async () => {
  // SSA has no part in the encounter: to it, the process does not exist.
  const stranger = { stepId: 'advocate-response', actor: { agencyId: 'demo-ssa', agencyType: 'SSA', county: 'Demo County', via: 'api' } };
  const { outcome } = await stack.client.workflowService.updateWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId },
    waitPolicy: { lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
    request: {
      meta: { updateId: randomUUID(), identity: 'codec-test' },
      input: { name: 'acknowledgeStep', args: { payloads: await codec.encode([defaultPayloadConverter.toPayload(stranger)]) } },
    },
  });
  const failure = outcome!.failure!;
  expect([failure.message, failure.stackTrace, failure.applicationFailureInfo?.type]).toEqual(['Encoded failure', '', 'NOT_FOUND']);
  expect(encodingOf(failure.encodedAttributes!)).toBe(ENCRYPTED_ENCODING);
  const [attributes] = await codec.decode([failure.encodedAttributes!]);
  expect(JSON.parse(Buffer.from(attributes.data!).toString())).toEqual({ message: expect.stringMatching(/\w/), stack_trace: expect.any(String) });
});

test('the encrypted history replays with the codec', async () => {
  const history = temporal.api.history.v1.History.create(await rawHistory());
  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: process.env.CSEC_TEST_WORKFLOW_BUNDLE! }, dataConverter: testDataConverter() }, history, workflowId),
  ).resolves.toBeUndefined();
});
