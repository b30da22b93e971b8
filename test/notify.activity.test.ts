// The notification activity against real PostgreSQL and a real SMTP server.
import nodemailer from 'nodemailer';
import { createNotifyActivities } from '../activities/notify';
import type { NotifyRequest } from '../activities/types';
import { openDb, type Db } from '../common/db';
import { seedDemoCounty } from '../prisma/seed';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';
import { testLinks } from './support/stack';

let db: Db;
let smtp: SmtpSink;
let notifyParty: ReturnType<typeof createNotifyActivities>['notifyParty'];

beforeAll(async () => {
  db = openDb(process.env.CSEC_TEST_DATABASE_URL!);
  await seedDemoCounty(db);
  smtp = await startSmtpSink();
  ({ notifyParty } = createNotifyActivities({
    db,
    mailer: nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, ignoreTLS: true }),
    links: testLinks(),
    publicBaseUrl: 'https://csec.example',
    mailFrom: 'test@csec.invalid',
  }));
});
afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

const request = (key: string, over: Partial<NotifyRequest> = {}): NotifyRequest => ({
  key,
  workflowId: 'le-contact/Y-TEST1/demo-sheriff/E-1',
  obligation: 'le-contact',
  youthRef: 'Y-TEST1',
  stepId: 'advocate-response',
  stepTitle: 'Advocate provides crisis counseling and support to the youth',
  facts: [],
  reason: 'ASSIGNED',
  level: 0,
  party: { agencyId: 'demo-advocacy', agencyName: 'Demo Rape Crisis & Human Trafficking Center', role: 'ADVOCATE' },
  dueAt: '2026-11-30T10:15:00.000Z',
  actions: ['acknowledge', 'complete'],
  ...over,
});

test('a retried notification with the same key sends once', async () => {
  const key = `idempotent-${Date.now()}`;
  expect(await notifyParty(request(key))).toEqual({ recipients: 1 });
  expect(await notifyParty(request(key))).toEqual({ recipients: 1 });
  await smtp.waitFor((m) => m.text.includes('Y-TEST1'));
  await new Promise((r) => setTimeout(r, 500));
  const sent = smtp.received.filter((m) => m.messageId?.includes('@csec-response'));
  expect(sent).toHaveLength(1);
  const row = await db.notification.findUniqueOrThrow({ where: { key } });
  expect(row.sentAt).not.toBeNull();
});

test('only the on-call representatives of the role are emailed, with working single-purpose links', async () => {
  const before = smtp.received.length;
  await notifyParty(request(`oncall-${Date.now()}`));
  const mail = await smtp.waitFor((m) => smtp.received.indexOf(m) >= before);
  expect(mail.to).toEqual(['oncall-advocate@advocacy.demo.example']);
  const tokens = [...mail.text.matchAll(/https:\/\/csec\.example\/v1\/links\/(\S+)/g)].map((m) => m[1]);
  expect(tokens.map((t) => testLinks().verify(t).action)).toEqual(['acknowledge', 'complete']);
  expect(testLinks().verify(tokens[0])).toMatchObject({ wid: 'le-contact/Y-TEST1/demo-sheriff/E-1', step: 'advocate-response', agency: 'demo-advocacy' });
});

test('a level with nobody to notify reports zero recipients and sends nothing', async () => {
  const before = smtp.received.length;
  const result = await notifyParty(request(`nobody-${Date.now()}`, { party: { agencyId: 'demo-advocacy', agencyName: 'x', role: 'DDA' } }));
  expect(result).toEqual({ recipients: 0 });
  await new Promise((r) => setTimeout(r, 300));
  expect(smtp.received.length).toBe(before);
});
