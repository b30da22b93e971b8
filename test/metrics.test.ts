// /metrics on the API and on the worker (the real `npm run worker` process, with its Temporal
// SDK runtime): both parse as Prometheus text, count what they say, and no label holds a youth
// reference or a process id.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { startLeContact } from '../common/processes';
import { DEMO_API_KEYS } from '../prisma/seed';
import { processPath, serveApi, type TestApi } from './support/api';
import { eventually, freePort, startStack, TEST_CASE_INDEX_KEY, TEST_LINK_SECRET, testSecretsEnv, type TestStack } from './support/stack';
import { demoEncounter } from './support/steps';

jest.setTimeout(240_000);

let stack: TestStack;
let api: TestApi;

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
});

afterAll(async () => {
  await api?.close();
  await stack?.close();
});

async function scrape(url: string): Promise<{ text: string; families: MetricFamily[] }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return { text, families: parsePrometheusTextFormat(text) };
}

const family = (families: MetricFamily[], name: string) => families.find((f) => f.name === name);
const sample = (families: MetricFamily[], name: string, labels: Record<string, string>) =>
  family(families, name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

test("the API's /metrics counts and times requests by route pattern, never by raw path", async () => {
  const { youthRef } = demoEncounter();
  const processId = `le-contact/${youthRef}/demo-sheriff/AAAAAAAAAAAAAAAA`;
  expect((await api.call('GET', processPath(processId), { key: DEMO_API_KEYS.sheriff.key })).status).toBe(404);
  expect((await api.call('GET', '/health')).status).toBe(200);

  const { text, families } = await scrape(`${api.base}/metrics`);
  expect(family(families, 'csec_api_requests_total')?.type).toBe('COUNTER');
  expect(sample(families, 'csec_api_requests_total', { method: 'GET', route: '/health', status: '200' })?.value).toBe('1');
  expect(sample(families, 'csec_api_requests_total', { method: 'GET', route: '/v1/processes/:processId', status: '404' })?.value).toBe('1');
  const latency = family(families, 'csec_api_request_duration_seconds');
  expect(latency?.type).toBe('HISTOGRAM');
  expect(latency?.metrics[0].buckets).toBeDefined();
  // The parser keeps no labels for histogram samples: the count line itself.
  expect(text).toMatch(/^csec_api_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} 1$/m);
  expect(family(families, 'process_cpu_seconds_total')).toBeDefined();
  expect(text).not.toContain(youthRef);
});

describe('the worker (npm run worker)', () => {
  let worker: ChildProcess;
  let output = '';
  let metricsUrl: string;
  const taskQueue = `metrics-${randomUUID()}`;

  beforeAll(async () => {
    const [metricsPort, sdkPort] = [await freePort(), await freePort()];
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'worker', 'main.ts')], {
      env: {
        ...process.env,
        ...testSecretsEnv(),
        DATABASE_URL: process.env.CSEC_TEST_DATABASE_URL,
        TEMPORAL_ADDRESS: process.env.CSEC_TEST_TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: `smtp://127.0.0.1:${stack.smtp.port}`,
        LINK_SECRET: TEST_LINK_SECRET,
        WORKER_METRICS_PORT: String(metricsPort),
        TEMPORAL_METRICS_PORT: String(sdkPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(async () => worker.exitCode !== null || (await fetch(metricsUrl)).ok, 120_000, `the worker's /metrics (${output})`);
    expect({ exitCode: worker.exitCode, output }).toEqual({ exitCode: null, output: expect.any(String) });
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
  });

  test('counts the steps it opens, reports overdue steps from the facts, and merges the Temporal SDK metrics', async () => {
    const encounter = demoEncounter();
    const handle = await startLeContact(stack.client, taskQueue, encounter, TEST_CASE_INDEX_KEY);
    // An open step of its own obligation that escalated, and one that escalated and was then acknowledged.
    const obligation = `metrics-${randomUUID().slice(0, 8)}`;
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const fact = (stepId: string, event: string, minutesAgo: number) => ({
      key: `${obligation}:${stepId}:${event}`,
      at: at(minutesAgo),
      workflowId: `${obligation}/${encounter.youthRef}/x/K`,
      obligation,
      county: 'Metrics County',
      stepId,
      stepKind: stepId,
      youthRef: encounter.youthRef,
      event,
      level: 0,
      agencyId: 'x',
    });
    await stack.db.stepFact.createMany({
      data: [
        fact('late', 'OPENED', 30),
        fact('late', 'ESCALATED', 10),
        fact('caught-up', 'OPENED', 30),
        fact('caught-up', 'ESCALATED', 10),
        fact('caught-up', 'ACKNOWLEDGED', 5),
      ],
    });

    const { text, families } = await eventually(
      async () => {
        const scraped = await scrape(metricsUrl);
        return Number(sample(scraped.families, 'csec_steps_opened_total', { obligation: 'le-contact' })?.value) >= 3 && scraped;
      },
      120_000,
      'the le-contact steps counted as opened',
    );
    expect(family(families, 'csec_steps_opened_total')?.type).toBe('COUNTER');
    expect(family(families, 'csec_steps_escalated_total')?.type).toBe('COUNTER');
    expect(family(families, 'csec_notification_failures_total')?.type).toBe('COUNTER');
    expect(sample(families, 'csec_steps_overdue', { obligation })?.value).toBe('1');
    expect(sample(families, 'csec_temporal_sdk_metrics_up', {})?.value).toBe('1');
    const sdk = families.filter((f) => f.name.startsWith('temporal_'));
    expect(sdk.map((f) => f.name)).toEqual(expect.arrayContaining(['temporal_worker_start', 'temporal_workflow_task_queue_poll_succeed']));
    expect(text).not.toContain(encounter.youthRef);
    expect(text).not.toContain(handle.workflowId);
    await handle.terminate('test over');
  });
});
