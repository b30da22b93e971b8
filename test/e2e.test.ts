// End to end over real HTTP, Temporal, PostgreSQL and SMTP: an LE agency reports an encounter,
// the advocate's email arrives, its link acknowledges the step, and once the advocate and the
// reporting agency (its child-abuse cross-reports) have completed their steps, the process ends.
import type { Server } from 'node:http';
import { createApp } from '../api/app';
import { listen } from '../api/listen';
import { DEMO_API_KEYS } from '../prisma/seed';
import type { ProcessView, StepView } from '../workflows/types';
import { testApiDeps } from './support/api';
import { freePort, setTimers, startStack, uniqueRef, type TestStack } from './support/stack';

/** The reporting agency's cross-reports to the child-welfare hotline, opened by every encounter. */
const REPORTS = ['child-abuse-phone-report', 'child-abuse-written-report'];

let stack: TestStack;
let server: Server;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The worker writes links to this API into its emails.
  stack = await startStack({ publicBaseUrl: base });
  await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 900, completeWithinSeconds: 5400, escalateEverySeconds: 900 });
  for (const report of REPORTS) {
    await setTimers(stack.db, 'le-contact', report, { acknowledgeWithinSeconds: 1800, completeWithinSeconds: 36 * 3600, escalateEverySeconds: 1800 });
  }
  const app = createApp(testApiDeps(stack));
  server = await listen(app, port, '127.0.0.1');
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
});

test('encounter → advocate email → acknowledge by emailed link → complete by API', async () => {
  const youthRef = uniqueRef();
  const created = await fetch(`${base}/v1/encounters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO_API_KEYS.sheriff.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ youthRef, encounterId: 'E-E2E-1', encounterType: 'IDENTIFIED', occurredAt: new Date().toISOString() }),
  });
  expect(created.status).toBe(201);
  const { processId } = (await created.json()) as { processId: string };
  expect(processId).toBe(`le-contact/${youthRef}/demo-sheriff/E-E2E-1`);

  const mail = await stack.smtp.waitFor((m) => m.text.includes(processId) && m.to.includes('oncall-advocate@advocacy.demo.example'));
  expect(mail.to).toEqual(['oncall-advocate@advocacy.demo.example']);
  const ackLink = /Acknowledge: (\S+)/.exec(mail.text)?.[1];
  expect(ackLink?.startsWith(`${base}/v1/links/`)).toBe(true);

  // Opening the link only shows a confirmation page; the step still waits.
  const page = await fetch(ackLink!, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post">');
  const advocateKey = { authorization: `Bearer ${DEMO_API_KEYS.advocacy.key}` };
  const state = async () => (await (await fetch(`${base}/v1/processes/${encodeURIComponent(processId)}`, { headers: advocateKey })).json()) as ProcessView;
  const before = await state();
  expect(before.steps[0].status).toBe('AWAITING_ACKNOWLEDGMENT');

  // Pressing the button (the form posts to the same address) acknowledges.
  const confirmed = await fetch(ackLink!, { method: 'POST', headers: { accept: 'text/html' } });
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain('Acknowledged');
  const again = await fetch(ackLink!, { method: 'POST' });
  expect(again.status).toBe(410);

  const after = await state();
  expect(after.steps[0]).toMatchObject({ status: 'AWAITING_COMPLETION', acknowledgedBy: 'demo-advocacy' });

  const completed = await fetch(`${base}/v1/processes/${encodeURIComponent(processId)}/steps/advocate-response/complete`, {
    method: 'POST',
    headers: advocateKey,
  });
  expect(completed.status).toBe(200);
  // The sheriff's unit was emailed the cross-reports it owes, and records both.
  await stack.smtp.waitFor((m) => m.text.includes(processId) && m.to.includes('csec-unit@sheriff.demo.example'));
  for (const report of REPORTS) {
    const done = await fetch(`${base}/v1/processes/${encodeURIComponent(processId)}/steps/${report}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEYS.sheriff.key}` },
    });
    expect(done.status).toBe(200);
  }
  const result = await stack.client.workflow.getHandle(processId).result();
  expect(result.steps[0]).toMatchObject({ status: 'COMPLETED', acknowledgedBy: 'demo-advocacy', completedBy: 'demo-advocacy' });
  expect(result.steps.map((s: StepView) => [s.id, s.status, s.completedBy])).toEqual([
    ['advocate-response', 'COMPLETED', 'demo-advocacy'],
    ['child-abuse-phone-report', 'COMPLETED', 'demo-sheriff'],
    ['child-abuse-written-report', 'COMPLETED', 'demo-sheriff'],
  ]);

  const audit = await stack.db.auditEvent.findMany({ where: { workflowId: processId }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['api.encounter.create', 'step.OPENED', 'step.ACKNOWLEDGED', 'api.step.acknowledge', 'step.COMPLETED', 'api.step.complete']),
  );
  expect(audit.find((a) => a.action === 'step.ACKNOWLEDGED')?.actor).toBe('demo-advocacy (link)');
});
