// Structured logs (pino, JSON lines) for the API, the worker and `npm start`. Credentials and
// case contents never reach them: headers, cookies and bodies are redacted wherever they sit,
// and a link's token (a credential in its URL) is cut out of every logged URL.
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger };

const CENSORED = '[redacted]';

// Defence in depth: the request serializers below log no headers or bodies at all.
const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'req.body',
  'res.body',
  'body',
];

export function createLogger(name: string, level: Level | 'silent' = 'info', destination?: DestinationStream): Logger {
  // Synchronous stdout by default: a fatal line right before exit is not lost.
  return pino({ name, level, redact: { paths: redactPaths, censor: CENSORED } }, destination ?? pino.destination(1));
}

/** A URL fit for a log: no link token, no query string (no route takes one; junk may ride in it). */
export const loggableUrl = (url: string) => url.replace(/(\/(?:links|agendas)\/)[^/?#]*/, `$1${CENSORED}`).replace(/\?.*$/s, `?${CENSORED}`);
