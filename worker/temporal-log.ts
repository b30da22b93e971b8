// The Temporal SDK's logs (worker, workflows, activities, and the native core's) through pino.
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from '../common/log';

const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export function forwardTemporalLogs(log: Logger): void {
  const write = ({ level, message, meta }: LogEntry) => log[levels[level]](meta ?? {}, message);
  Runtime.install({ logger: new DefaultLogger('INFO', write), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } } });
}
