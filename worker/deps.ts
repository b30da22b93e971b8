// Real activity dependencies from configuration: database, SMTP, link signing.
import nodemailer from 'nodemailer';
import type { ActivityDeps } from '../activities';
import { type Config, required } from '../common/config';
import { openDb } from '../common/db';
import { createLinkSigner } from '../common/links';

export function activityDeps(config: Config): ActivityDeps {
  return {
    db: openDb(required(config, 'DATABASE_URL')),
    mailer: nodemailer.createTransport(config.SMTP_URL),
    links: createLinkSigner(required(config, 'LINK_SECRET'), config.LINK_TTL_SECONDS),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    mailFrom: config.MAIL_FROM,
  };
}
