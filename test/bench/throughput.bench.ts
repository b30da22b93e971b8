// Start-up and notification speed of the system against the same work on bare Temporal and bare
// nodemailer, on the same dev server, database and SMTP sink.
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { createNotifyActivities } from '../../activities/notify';
import { DEMO_API_KEYS } from '../../prisma/seed';
import { advocateResponse } from '../../workflows/le-contact-steps';
import type { TestApi } from '../support/api';
import { eventually, testLinks, type TestStack } from '../support/stack';
import { inParallel, rawPooledSendRate, type Bare } from './bare';
import { arrivals, processOf } from './mail-arrivals';
import { atRate, percentile } from './measure';

/** An at-risk contact opens three steps; each looks up its timers and chain, records OPENED and notifies. */
const STEPS = 3;
const ACTIVITIES_PER_STEP = 4;
const ADVOCATE = 'oncall-advocate@advocacy.demo.example';

export interface Ctx {
  stack: TestStack;
  api: TestApi;
  bare: Bare;
  youthRef: string;
  /** Requests the API refused, by status (e.g. 503 while Temporal is overloaded). */
  refused: Record<number, number>;
}

/** POST /v1/encounters as the demo sheriff: the process id (none if refused, counted by status) and when it was sent. */
async function report(ctx: Ctx): Promise<{ id?: string; t0: number }> {
  const t0 = Date.now();
  const res = await fetch(`${ctx.api.base}/v1/encounters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO_API_KEYS.sheriff.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      youthRef: ctx.youthRef,
      encounterId: `E-${randomUUID().slice(0, 12)}`,
      encounterType: 'AT_RISK_CONTACT',
      occurredAt: new Date().toISOString(),
    }),
  });
  const body = (await res.json()) as { processId?: string };
  if (res.status === 201) return { id: body.processId, t0 };
  ctx.refused[res.status] = (ctx.refused[res.status] ?? 0) + 1;
  return { t0 };
}

/** The requests the API accepted. */
const accepted = (calls: { id?: string; t0: number }[]) => calls.filter((c): c is { id: string; t0: number } => c.id !== undefined);

const advocateMails = (ctx: Ctx, ids: string[], timeoutMs: number) =>
  arrivals(ctx.stack.smtp, ids, (m) => (m.to.includes(ADVOCATE) && m.text.includes(`Step: ${advocateResponse.title}\n`) ? processOf(m) : undefined), timeoutMs);

/** Processes per second through start-up (every step opened), against bare workflows running as many no-op activities. */
export async function startsPerSecond(ctx: Ctx, count: number, concurrency = 20): Promise<{ app: number; bare: number }> {
  let t0 = Date.now();
  const ids: string[] = [];
  await inParallel(count, concurrency, async () => ids.push(...accepted([await report(ctx)]).map((c) => c.id)));
  await eventually(
    async () => (await ctx.stack.db.stepFact.count({ where: { event: 'OPENED', workflowId: { in: ids } } })) >= STEPS * count,
    600_000,
    'processes opened',
  );
  const app = ids.length / ((Date.now() - t0) / 1000);
  t0 = Date.now();
  const handles: { result(): Promise<void> }[] = [];
  await inParallel(count, concurrency, async () => handles.push(await ctx.bare.startSteps(STEPS, ACTIVITIES_PER_STEP)));
  await Promise.all(handles.map((h) => h.result()));
  return { app, bare: count / ((Date.now() - t0) / 1000) };
}

/** Trigger → email received, p99, at a steady rate: the advocate's email against one raw nodemailer email per bare workflow. */
export async function triggerToEmailP99(ctx: Ctx, perSecond: number, seconds: number): Promise<{ app: number; bare: number; received: number; sent: number }> {
  const calls = await atRate(perSecond, seconds, () => report(ctx));
  const started = accepted(calls);
  const got = await advocateMails(
    ctx,
    started.map((s) => s.id),
    300_000,
  );
  const app = percentile(
    started.filter((s) => got.has(s.id)).map((s) => got.get(s.id)! - s.t0),
    99,
  );
  const bare = await atRate(perSecond, seconds, async (i) => {
    const subject = `bare-${randomUUID()}-${i}`;
    const t0 = Date.now();
    await ctx.bare.startEmail('bare@bench.invalid', subject);
    return { subject, t0 };
  });
  const bareGot = await arrivals(
    ctx.stack.smtp,
    bare.map((b) => b.subject),
    (m) => m.subject,
    300_000,
  );
  return {
    app,
    bare: percentile(
      bare.map((b) => (bareGot.get(b.subject) ?? NaN) - b.t0),
      99,
    ),
    received: got.size,
    sent: calls.length,
  };
}

/** At an offered start rate: the rate processes got through start-up, and start → advocate notified (p50, p99). */
export async function offeredRate(ctx: Ctx, perSecond: number, seconds: number): Promise<{ sustained: number; p50Ms: number; p99Ms: number }> {
  const started = accepted(await atRate(perSecond, seconds, () => report(ctx)));
  const got = await advocateMails(
    ctx,
    started.map((s) => s.id),
    300_000,
  );
  const delays = started.filter((s) => got.has(s.id)).map((s) => got.get(s.id)! - s.t0);
  const span = (Math.max(...got.values()) - started[0].t0) / 1000;
  return { sustained: got.size / span, p50Ms: percentile(delays, 50), p99Ms: percentile(delays, 99) };
}

/** The notify activity (record, render, send) as the worker runs it, against a raw pooled send loop. */
export async function notificationsPerSecond(ctx: Ctx, messages: number, concurrency = 10): Promise<{ app: number; bare: number }> {
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: ctx.stack.smtp.port, secure: false, ignoreTLS: true });
  const notify = createNotifyActivities({
    db: ctx.stack.db,
    mailer,
    links: testLinks(),
    publicBaseUrl: 'http://127.0.0.1:9',
    mailFrom: 'bench@csec.invalid',
  });
  const run = randomUUID();
  const t0 = Date.now();
  await inParallel(messages, concurrency, (i) =>
    notify.notifyParty({
      key: `bench:${run}:${i}`,
      workflowId: `bench/${run}/${i}`,
      obligation: 'le-contact',
      youthRef: ctx.youthRef,
      stepId: advocateResponse.kind,
      stepTitle: advocateResponse.title,
      facts: [],
      reason: 'ASSIGNED',
      level: 0,
      party: { agencyId: 'demo-advocacy', agencyName: 'Demo advocacy', role: 'ADVOCATE' },
      dueAt: new Date().toISOString(),
      actions: ['acknowledge'],
    }),
  );
  const app = messages / ((Date.now() - t0) / 1000);
  mailer.close();
  return { app, bare: await rawPooledSendRate(ctx.stack.smtp.port, messages, concurrency) };
}
