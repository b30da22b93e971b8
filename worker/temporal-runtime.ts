// The Temporal SDK's runtime: its logs (worker, workflows, activities, and the native core's)
// through pino, and its own worker metrics on a loopback Prometheus endpoint that the worker's
// /metrics merges (worker/metrics.ts).
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from '../common/log';

const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Once per process, before any connection; `metricsAddress` is host:port. */
export function installTemporalRuntime(log: Logger, metricsAddress: string): void {
  const write = ({ level, message, meta }: LogEntry) => log[levels[level]](meta ?? {}, message);
  Runtime.install({
    logger: new DefaultLogger('INFO', write),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      metrics: { prometheus: { bindAddress: metricsAddress } },
    },
  });
}
