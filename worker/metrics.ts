// The worker's /metrics (Prometheus text, prom-client): steps opened and escalated, notification
// failures, steps overdue now, each by obligation, then the Temporal SDK's own worker metrics
// read from its loopback endpoint (temporal-runtime.ts). Labels never hold a youth reference,
// a process id or case data: only obligations and fixed words.
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { OnRecorded } from '../activities/records';
import type { Db } from '../common/db';

/** An overdue step is escalated or reminded at least daily (business days aside): older facts are not read. */
const OVERDUE_LOOKBACK_DAYS = 14;

async function overdueByObligation(db: Db): Promise<{ obligation: string; count: number }[]> {
  return db.$queryRaw`
    SELECT obligation, count(*)::int AS count FROM (
      SELECT f.obligation,
             bool_or(f.event IN ('COMPLETED', 'WITHDRAWN', 'CLOSED_BY_COORDINATOR')) AS closed,
             max(f.at) FILTER (WHERE f.event IN ('ESCALATED', 'REMINDER')) AS escalated_at,
             max(f.at) FILTER (WHERE f.event IN ('ACKNOWLEDGED', 'DEADLINE_CHANGED')) AS reset_at
      FROM "StepFact" f
      WHERE ("workflowId", "stepId") IN (
        SELECT "workflowId", "stepId" FROM "StepFact"
        WHERE event IN ('ESCALATED', 'REMINDER') AND at > (now() AT TIME ZONE 'UTC') - make_interval(days => ${OVERDUE_LOOKBACK_DAYS})
      )
      GROUP BY f."workflowId", f."stepId", f.obligation
    ) s
    WHERE NOT closed AND (reset_at IS NULL OR reset_at < escalated_at)
    GROUP BY obligation`;
}

export interface WorkerMetrics {
  /** For ActivityDeps.onRecorded: counts each transition once. */
  onRecorded: OnRecorded;
  /** Serves GET /metrics; the SDK's metrics are read from sdkMetricsUrl on each scrape. */
  serve(port: number, host: string): Promise<Server>;
}

export function workerMetrics(db: Db, sdkMetricsUrl: string): WorkerMetrics {
  const registers = [new Registry()];
  const [registry] = registers;
  collectDefaultMetrics({ register: registry });
  const byObligation = { labelNames: ['obligation'] as const, registers };
  const opened = new Counter({ name: 'csec_steps_opened_total', help: 'Steps that opened (their assignee was notified)', ...byObligation });
  const escalated = new Counter({
    name: 'csec_steps_escalated_total',
    help: 'Missed deadlines: escalations up the chain and reminders at its top',
    ...byObligation,
  });
  const failures = new Counter({
    name: 'csec_notification_failures_total',
    help: 'Notifications that failed: send_failed (every retry failed) or no_recipient (nobody on the roster at that level)',
    labelNames: ['obligation', 'reason'] as const,
    registers,
  });
  new Gauge({
    name: 'csec_steps_overdue',
    help: 'Open steps past a deadline now, from the reporting facts (every worker reports the same count)',
    ...byObligation,
    async collect() {
      this.reset();
      for (const { obligation, count } of await overdueByObligation(db)) this.set({ obligation }, count);
    },
  });
  const sdkUp = new Gauge({ name: 'csec_temporal_sdk_metrics_up', help: "1 when the Temporal SDK's own metrics were read for this scrape", registers });

  const onRecorded: OnRecorded = ({ event, obligation }) => {
    if (event === 'OPENED') opened.inc({ obligation });
    else if (event === 'ESCALATED' || event === 'REMINDER') escalated.inc({ obligation });
    else if (event === 'NOTIFY_FAILED') failures.inc({ obligation, reason: 'send_failed' });
    else if (event === 'NO_RECIPIENT') failures.inc({ obligation, reason: 'no_recipient' });
  };

  async function scrape(): Promise<string> {
    const sdk = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(5000) })
      .then((res) => (res.ok ? res.text() : ''))
      .catch(() => '');
    sdkUp.set(sdk ? 1 : 0);
    return `${await registry.metrics()}\n${sdk}`;
  }

  return {
    onRecorded,
    serve: (port, host) =>
      new Promise((resolve, reject) => {
        const server = createServer((req, res) => {
          if (req.method !== 'GET' || req.url !== '/metrics') {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
            return;
          }
          scrape().then(
            (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
            () => res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics are unavailable\n'),
          );
        });
        server.once('error', reject).listen(port, host, () => resolve(server.off('error', reject)));
      }),
  };
}
