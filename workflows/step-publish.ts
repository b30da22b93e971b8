// What coordinators see in the Temporal UI: search attributes to filter on, and current details
// that say in plain words who each step waits on and until when.
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { activePartiesOf, designatedOf, isConfidential, partiesOf, type Process } from './need-to-know';
import { ActiveParty, Blocked, EscalationLevel, NextDeadline, Overdue, OwingAgency, Party } from './search-attributes';
import { contactOf, isWaiting, type StepState } from './step-state';

const iso = (ms: number) => new Date(ms).toISOString();

/** Coordinators read these: a confidential step says only whose it is and whether it is on time. */
function confidentialLine(s: StepState): string {
  const whose = s.chain[0]?.agencyName ?? `the ${designatedOf(s.definition.assignee).agencyType} agency`;
  const state = isWaiting(s) ? (s.overdue ? 'OVERDUE' : 'on time') : s.status.toLowerCase().replace(/_/g, ' ');
  return `- Confidential step of ${whose}: ${state}`;
}

function line(s: StepState): string {
  if (isConfidential(s.definition)) return confidentialLine(s);
  const title = s.definition.title;
  switch (s.status) {
    case 'SCHEDULED':
      return `- ${title}: opens ${iso(s.opensAt!)}`;
    case 'OPENING':
      return `- ${title}: opening`;
    case 'BLOCKED':
      return `- ${title}: BLOCKED — the directory has nobody to assign it to; the MDT coordinator was told`;
    case 'COMPLETED':
      return `- ${title}: done ${iso(s.completedAt!)} by ${s.completedBy}${s.outcome ? ` (${s.outcome})` : ''}`;
    case 'WITHDRAWN':
      return `- ${title}: withdrawn ${iso(s.completedAt!)} (${s.closedReason})`;
    case 'CLOSED_BY_COORDINATOR':
      return `- ${title}: closed by coordinator ${s.completedBy} (${s.closedReason})`;
  }
  const owing = s.chain[s.level];
  const wait = s.status === 'AWAITING_ACKNOWLEDGMENT' ? 'acknowledge' : 'complete';
  const late = s.overdue ? ` — OVERDUE, escalation level ${s.level}` : '';
  const contact = contactOf(s);
  const on = contact ? ` (contacting ${contact.name}, ${contact.county})` : '';
  return `- ${title}: waiting on ${owing.agencyName} (${owing.role}) to ${wait} by ${iso(s.dueAt!)}${late}${on}`;
}

/** Current details only: no command, so it may run at any moment (e.g. when a step is added). */
export function publishDetails(steps: StepState[], header: string[] = []): void {
  setCurrentDetails([...header, ...steps.map(line)].join('\n'));
}

/** Search attributes over the open steps, and the details. */
export function publishBoard(process: Process, header?: string[]): void {
  const { steps } = process;
  const waiting = steps.filter(isWaiting);
  const next = waiting.length ? Math.min(...waiting.map((s) => s.dueAt!)) : null;
  upsertSearchAttributes([
    { key: OwingAgency, value: [...new Set(waiting.map((s) => s.chain[s.level].agencyId))] },
    { key: Overdue, value: waiting.some((s) => s.overdue) },
    { key: EscalationLevel, value: Math.max(0, ...waiting.map((s) => s.level)) },
    { key: NextDeadline, value: next === null ? null : new Date(next) },
    { key: Blocked, value: steps.some((s) => s.blocked) },
    { key: Party, value: partiesOf(process) },
    { key: ActiveParty, value: activePartiesOf(process) },
  ]);
  publishDetails(steps, header);
}
