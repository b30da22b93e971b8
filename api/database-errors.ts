// Whether a thrown value means the app database could not be reached (refused, dropped, timed
// out), as opposed to a bad query: Prisma's connection codes, the pg adapter's "not reachable"
// kinds, and node-postgres's own errors for a connection that went away.
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const adapterKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03']);
const pgMessages = /^Connection terminated|^Connection ended|timeout exceeded when trying to connect/;

interface MaybeDbError {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
}

export function isDatabaseUnreachable(err: unknown): boolean {
  const e = err as MaybeDbError | undefined;
  if (!e || typeof e !== 'object') return false;
  const cause = e.meta?.driverAdapterError?.cause;
  return (
    prismaCodes.has(String(e.code)) ||
    adapterKinds.has(String(cause?.kind)) ||
    socketCodes.has(String(cause?.originalCode ?? e.code)) ||
    (typeof e.message === 'string' && pgMessages.test(e.message))
  );
}
