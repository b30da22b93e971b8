// The notification activity against real PostgreSQL and a real SMTP server.
import nodemailer from 'nodemailer';
import { createNotifyActivities, recipientKey } from '../activities/notify';
import type { NotifyRequest } from '../workflows/types';
import { openDb, type Db } from '../common/db';
import { seedDemoCounty } from '../prisma/seed';
import { failMarkingSent } from './support/record-fault';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';
import { testLinks } from './support/stack';

let db: Db;
let smtp: SmtpSink;
let notifyParty: ReturnType<typeof createNotifyActivities>['notifyParty'];
/** The on-call advocate's row of a notification key (one row per recipient). */
let rowKey: (key: string) => string;

beforeAll(async () => {
  db = openDb(process.env.CSEC_TEST_DATABASE_URL!);
  await seedDemoCounty(db);
  smtp = await startSmtpSink();
  const advocate = await db.representative.findFirstOrThrow({ where: { email: 'oncall-advocate@advocacy.demo.example', active: true } });
  rowKey = (key) => recipientKey(key, advocate.id);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- activities never use `this`; the worker calls them detached too
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

// The sink answers SMTP only after storing a message, so a resolved send is already counted.
const copiesOf = (messageId: string | null) => smtp.received.filter((m) => m.messageId === messageId).length;

test('a retried notification with the same key sends once', async () => {
  const key = `idempotent-${Date.now()}`;
  expect(await notifyParty(request(key))).toEqual({ recipients: 1 });
  expect(await notifyParty(request(key))).toEqual({ recipients: 1 });
  const row = await db.notification.findUniqueOrThrow({ where: { key: rowKey(key) } });
  expect(row).toMatchObject({ sendAttempts: 1, sentAt: expect.any(Date) });
  expect(copiesOf(row.messageId)).toBe(1);
});

test('a failure to record the send, once, does not send twice', async () => {
  const key = `record-fails-once-${Date.now()}`;
  const fault = await failMarkingSent(db, rowKey(key), 1);
  try {
    expect(await notifyParty(request(key))).toEqual({ recipients: 1 });
    expect(await fault.tries()).toBe(2);
  } finally {
    await fault.remove();
  }
  const row = await db.notification.findUniqueOrThrow({ where: { key: rowKey(key) } });
  expect(row).toMatchObject({ sendAttempts: 1, sentAt: expect.any(Date), recipients: 1 });
  expect(copiesOf(row.messageId)).toBe(1);
});

test('when recording keeps failing, the next attempt sends again with the same Message-ID (at least once)', async () => {
  const key = `record-keeps-failing-${Date.now()}`;
  const fault = await failMarkingSent(db, rowKey(key));
  try {
    await expect(notifyParty(request(key))).rejects.toThrow(/injected failure/);
  } finally {
    await fault.remove();
  }
  expect(await db.notification.findUniqueOrThrow({ where: { key: rowKey(key) } })).toMatchObject({ sendAttempts: 1, sentAt: null });

  expect(await notifyParty(request(key))).toEqual({ recipients: 1 });
  const row = await db.notification.findUniqueOrThrow({ where: { key: rowKey(key) } });
  expect(row).toMatchObject({ sendAttempts: 2, sentAt: expect.any(Date) });
  expect(copiesOf(row.messageId)).toBe(2);
});

test('only the on-call representatives of the role are emailed, with working single-purpose links', async () => {
  const before = smtp.received.length;
  await notifyParty(request(`oncall-${Date.now()}`));
  const mail = await smtp.waitFor((m) => smtp.received.indexOf(m) >= before);
  expect(mail.to).toEqual(['oncall-advocate@advocacy.demo.example']);
  const tokens = [...mail.text.matchAll(/https:\/\/csec\.example\/v1\/links\/(\S+)/g)].map((m) => m[1]);
  expect(tokens.map((t) => testLinks().verify(t).action)).toEqual(['acknowledge', 'complete']);
  // The link names the one person it was sent to, so acting through it records them.
  const advocate = await db.representative.findFirstOrThrow({ where: { email: 'oncall-advocate@advocacy.demo.example', active: true } });
  expect(testLinks().verify(tokens[0])).toMatchObject({
    wid: 'le-contact/Y-TEST1/demo-sheriff/E-1',
    step: 'advocate-response',
    agency: 'demo-advocacy',
    rep: advocate.id,
  });
});

test('the subject and the first line say what to do and by when, never what the case is about', async () => {
  const before = smtp.received.length;
  const stepTitle = 'Probation informed that a CSEC minor is being brought to the Juvenile Justice Center';
  for (const reason of ['ASSIGNED', 'ESCALATED', 'REMINDER', 'BLOCKED'] as const) {
    await notifyParty(request(`subject-${reason}-${Date.now()}`, { reason, stepTitle }));
  }
  const mails = smtp.received.slice(before);
  expect(mails).toHaveLength(4);
  for (const mail of mails) {
    expect(mail.subject).toMatch(/^(Action needed|OVERDUE|BLOCKED): step due 2026-11-30 10:15 UTC \[[0-9A-F]{8}\]$/);
    const [first] = mail.text.split('\n');
    for (const text of [mail.subject, first]) expect(text).not.toMatch(/CSEC|exploit|traffick|Y-TEST1/i);
    // The reference in the subject is in the body, where the step is named.
    expect(mail.text).toContain(`Reference: ${/\[(\w+)\]/.exec(mail.subject)![1]}`);
  }
});

test('a level with nobody to notify reports zero recipients and sends nothing', async () => {
  const before = smtp.received.length;
  const result = await notifyParty(request(`nobody-${Date.now()}`, { party: { agencyId: 'demo-advocacy', agencyName: 'x', role: 'DDA' } }));
  expect(result).toEqual({ recipients: 0 });
  await new Promise((r) => setTimeout(r, 300));
  expect(smtp.received.length).toBe(before);
});
