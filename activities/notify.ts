// Emails the party a step waits on, with signed links to act. Sends at least once per key:
// exactly once unless the worker crashes or the database stays down between send and record.
import { createHash } from 'node:crypto';
import type { Db } from '../common/db';
import type { LinkSigner } from '../common/links';
import type { LinkAction, NotifyRequest } from '../workflows/types';

export interface Mailer {
  sendMail(message: { from: string; to: string[]; subject: string; text: string; messageId: string }): Promise<unknown>;
}

export interface NotifyDeps {
  db: Db;
  mailer: Mailer;
  links: LinkSigner;
  publicBaseUrl: string;
  mailFrom: string;
}

// The first line is what a lock screen previews after the subject: nothing about what the case is.
const reasonWords = {
  ASSIGNED: 'A step is assigned to your agency',
  ESCALATED: 'ESCALATED: a step owed under the county agreement is overdue',
  REMINDER: 'OVERDUE REMINDER: a step owed under the county agreement is still open',
  BLOCKED: 'BLOCKED: a step owed under the county agreement has nobody to assign it to. Please fix the directory; the step opens by itself once it can.',
  RESCHEDULED: 'DATE MOVED: a step assigned to your agency moved with the date it serves',
} as const;

// Protocol, per key and recipient (at least once; any duplicate carries the same Message-ID):
// 1. reserve the row with its stable Message-ID and count the send attempt;
// 2. send with that Message-ID;
// 3. mark it sent, retrying the write briefly so a passing database error costs no second email;
// 4. a retry that finds the row reserved but unmarked cannot know whether SMTP accepted the
//    message (a crash, or the database down from send to record), so it sends again with the
//    same Message-ID: an urgent notice twice beats one never, and mail systems and people can
//    recognise the copy. sendAttempts above 1 marks where that may have happened.
/** One row and one message per representative: each gets links of their own, so acting through one records who acted. */
export const recipientKey = (key: string, representativeId: string) => `${key}>${representativeId}`;

/** One short reference per notification, the same for each recipient, to quote when calling about it. */
export const shortRef = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 8).toUpperCase();

/** The protocol above, for one message; a message an earlier attempt marked sent is not sent again. */
export async function deliverOnce(
  { db, mailer, mailFrom }: Pick<NotifyDeps, 'db' | 'mailer' | 'mailFrom'>,
  row: { key: string; workflowId: string; stepId: string; level: number },
  message: { to: string[]; subject: string; text: string },
): Promise<void> {
  const { key } = row;
  const done = await db.notification.findUnique({ where: { key } });
  if (done?.sentAt) return;
  const messageId = `<${createHash('sha256').update(key).digest('hex')}@csec-response>`;
  await db.notification.upsert({ where: { key }, create: { ...row, messageId, sendAttempts: 1 }, update: { messageId, sendAttempts: { increment: 1 } } });
  await mailer.sendMail({ from: mailFrom, ...message, messageId });
  await withRetries(() => db.notification.update({ where: { key }, data: { sentAt: new Date(), recipients: message.to.length } }));
}

export function createNotifyActivities(deps: NotifyDeps) {
  const { db, links, publicBaseUrl } = deps;
  async function sendOnce(req: NotifyRequest, rep: { id: string; email: string }): Promise<void> {
    const ref = shortRef(req.key);
    const row = { key: recipientKey(req.key, rep.id), workflowId: req.workflowId, stepId: req.stepId, level: req.level };
    await deliverOnce(deps, row, { to: [rep.email], subject: subject(req, ref), text: body(req, ref, rep.id, links, publicBaseUrl) });
  }

  return {
    async notifyParty(req: NotifyRequest): Promise<{ recipients: number }> {
      const representatives = await db.representative.findMany({
        where: { agencyId: req.party.agencyId, role: req.party.role, active: true, ...(req.party.representativeId && { id: req.party.representativeId }) },
        orderBy: { id: 'asc' },
      });
      const onCall = representatives.filter((r) => r.onCall);
      const to = onCall.length ? onCall : representatives;
      // In turn, not at once: a retry after a failure resends only to whoever was not reached.
      for (const rep of to) await sendOnce(req, rep);
      return { recipients: to.length };
    },
  };
}

// About 4 s of waiting in all, well within the activity's one-minute start-to-close timeout,
// so the attempt ends (recorded or failed) before Temporal would start the next one.
const markRetryDelaysMs = [250, 1_000, 3_000];

async function withRetries<T>(write: () => Promise<T>): Promise<T> {
  for (const delay of markRetryDelaysMs) {
    try {
      return await write();
    } catch {
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  return write();
}

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * What a lock screen shows: what to do, by when, and a reference that tells one message from
 * another. Never the programme, the step's subject or the youth: those are in the body.
 */
function subject(req: Pick<NotifyRequest, 'reason' | 'dueAt'>, ref: string): string {
  const tag = { ASSIGNED: 'Action needed', ESCALATED: 'OVERDUE', REMINDER: 'OVERDUE', BLOCKED: 'BLOCKED', RESCHEDULED: 'Date moved' }[req.reason];
  return `${tag}: step due ${utc(req.dueAt)} [${ref}]`;
}

/** Plain text, no names or addresses: the opaque youth reference is the only identifier. */
function body(req: NotifyRequest, ref: string, representativeId: string, links: LinkSigner, baseUrl: string): string {
  const label = { acknowledge: 'Acknowledge', complete: 'Mark complete' } as const;
  const link = (action: LinkAction) =>
    `${label[action]}: ${baseUrl}/v1/links/${links.sign({ wid: req.workflowId, step: req.stepId, action, agency: req.party.agencyId, rep: representativeId })}`;
  return [
    reasonWords[req.reason],
    '',
    `Step: ${req.stepTitle}`,
    `Owed by: ${req.party.agencyName} (${req.party.role})${req.level > 0 ? `, escalation level ${req.level}` : ''}`,
    `Youth reference: ${req.youthRef}`,
    `Process: ${req.workflowId}`,
    ...req.facts,
    `Due: ${req.dueAt}`,
    `Reference: ${ref}`,
    '',
    ...req.actions.map(link),
    '',
    'Each link works once and expires. Identifying details are available only in your agency system.',
  ].join('\n');
}
