// Real activity dependencies from configuration: database, SMTP, link signing.
// Checked at start so a wrong setting stops the worker instead of failing every notification.
import nodemailer from 'nodemailer';
import type { ActivityDeps } from '../activities';
import { type Config, required } from '../common/config';
import { openDb } from '../common/db';
import { createLinkSigner } from '../common/links';

export async function activityDeps(config: Config): Promise<ActivityDeps> {
  const mailer = nodemailer.createTransport(config.SMTP_URL);
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
