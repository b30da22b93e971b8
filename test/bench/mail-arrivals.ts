// When each awaited email reached the SMTP sink, found by a key read from the message (scans each message once).
import type { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { sleep } from './measure';

/** The process id in an app email's body. */
export const processOf = (m: ReceivedMail) => /Process: (\S+)\n/.exec(m.text)?.[1];

export async function arrivals(
  smtp: SmtpSink,
  keys: string[],
  keyOf: (m: ReceivedMail) => string | undefined,
  timeoutMs: number,
): Promise<Map<string, number>> {
  const wanted = new Set(keys);
  const found = new Map<string, number>();
  const until = Date.now() + timeoutMs;
  for (let seen = 0; found.size < wanted.size && Date.now() < until; await sleep(200)) {
    for (; seen < smtp.received.length; seen++) {
      const m = smtp.received[seen];
      const key = keyOf(m);
      if (key !== undefined && wanted.has(key) && !found.has(key)) found.set(key, m.at);
    }
  }
  return found;
}
