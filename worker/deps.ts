// Real activity dependencies from configuration: database, SMTP, link signing.
// Checked at start so a wrong setting stops the worker instead of failing every notification.
import nodemailer from 'nodemailer';
import type { ActivityDeps } from '../activities';
import { type Config, required } from '../common/config';
import { openDb } from '../common/db';
import { createLinkSigner } from '../common/links';
import { smtpTlsProblem } from './smtp-tls';

// A send must end well within the notify activity's one-minute timeout, so a retry never
// overlaps an attempt that is still sending. Settings given in SMTP_URL's query win.
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const defaults = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  for (const [name, ms] of Object.entries(defaults)) if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  return url.toString();
}

export async function activityDeps(config: Config): Promise<ActivityDeps> {
  const tlsProblem = smtpTlsProblem(config.SMTP_URL);
  if (tlsProblem) throw new Error(`Refusing to send mail without TLS: ${tlsProblem}`);
  const mailer = nodemailer.createTransport(withTimeouts(config.SMTP_URL));
  await mailer.verify().catch((err: Error) => {
    throw new Error(`SMTP server at SMTP_URL is not usable: ${err.message}`);
  });
  return {
    db: openDb(required(config, 'DATABASE_URL')),
    mailer,
    links: createLinkSigner(required(config, 'LINK_SECRET'), config.LINK_TTL_SECONDS),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    mailFrom: config.MAIL_FROM,
  };
}
