// Starting obligation processes from client code (API, tests): ids, search attributes, summary.
// By type name (type-only imports): the API never loads workflow code.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { detention } from '../workflows/detention';
import { DETENTION, type DetentionInput } from '../workflows/detention-input';
import type { leContact } from '../workflows/le-contact';
import { LE_CONTACT, type EncounterInput } from '../workflows/encounter';
import { ActiveParty, County, Obligation, Party, YouthRef } from '../workflows/search-attributes';
import { caseKey } from './case-key';

interface Start {
  obligation: string;
  /** PII-free: the obligation, the registry's youth reference, the agency and a keyed hash of its case number (case-key.ts). */
  workflowId: string;
  input: { youthRef: string; county: string };
  /** The reporting agency: a party from the first moment (the steps' chains add the others). */
  initiatingAgencyId: string;
  summary: string;
  details: string[];
}

/** One process per case and youth, ever: a retry or a resubmission raises WorkflowExecutionAlreadyStartedError. */
const startOptions = (taskQueue: string, s: Start) => ({
  taskQueue,
  workflowId: s.workflowId,
  workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  typedSearchAttributes: [
    { key: YouthRef, value: s.input.youthRef },
    { key: Obligation, value: s.obligation },
    { key: County, value: s.input.county },
    { key: Party, value: [s.initiatingAgencyId] },
    { key: ActiveParty, value: [s.initiatingAgencyId] },
  ],
  staticSummary: s.summary,
  staticDetails: s.details.filter(Boolean).join('\n'),
});

/** The youth reference inside a process id (`obligation/youthRef/…`). */
export const youthRefOf = (processId: string) => processId.split('/')[1] ?? '';

const processId = (obligation: string, youthRef: string, agencyId: string, caseIndexKey: string, caseNumber: string) =>
  `${obligation}/${youthRef}/${agencyId}/${caseKey(caseIndexKey, agencyId, caseNumber)}`;

/** The agency whose report opened the process: the third part of its id. */
export const initiatingAgencyOf = (workflowId: string): string | undefined => workflowId.split('/')[2];

export const leContactWorkflowId = (i: Pick<EncounterInput, 'youthRef' | 'reportingAgencyId' | 'encounterId'>, caseIndexKey: string) =>
  processId(LE_CONTACT, i.youthRef, i.reportingAgencyId, caseIndexKey, i.encounterId);

// Case numbers stay in the input (an encrypted payload), never in the summary or details.
export const startLeContact = (client: Client, taskQueue: string, input: EncounterInput, caseIndexKey: string) =>
  client.workflow.start<typeof leContact>('leContact', {
    args: [input],
    ...startOptions(taskQueue, {
      obligation: LE_CONTACT,
      workflowId: leContactWorkflowId(input, caseIndexKey),
      input,
      initiatingAgencyId: input.reportingAgencyId,
      summary: `LE contact (${input.encounterType.toLowerCase().replace(/_/g, ' ')}) — youth ${input.youthRef}, reported by ${input.reportingAgencyId}`,
      details: [
        `Encounter at ${input.occurredAt}.\n`,
        input.encounterType === 'CUSTODY_INTERVIEW'
          ? `- Custody interview ${input.interview?.startsAt} to ${input.interview?.endsAt}: Probation told, the youth advised of the right to an advocate, the advocate before, during and after (LE §4; PC §236.21).`
          : '- The advocacy agency is notified at once (MOU, LE §2).',
        input.encounterType === 'JJC_TRANSPORT' ? '- Probation is told the minor is CSEC and whether they took part in an investigation (LE §3).' : '',
        '- Cross-report to the child-welfare hotline: by phone at once, in writing within 36 h (PC §11166).',
      ],
    }),
  });

export const detentionWorkflowId = (i: Pick<DetentionInput, 'youthRef' | 'probationAgencyId' | 'bookingRef'>, caseIndexKey: string) =>
  processId(DETENTION, i.youthRef, i.probationAgencyId, caseIndexKey, i.bookingRef);

export const startDetention = (client: Client, taskQueue: string, input: DetentionInput, caseIndexKey: string) =>
  client.workflow.start<typeof detention>('detention', {
    args: [input],
    ...startOptions(taskQueue, {
      obligation: DETENTION,
      workflowId: detentionWorkflowId(input, caseIndexKey),
      input,
      initiatingAgencyId: input.probationAgencyId,
      summary: `Detention — youth ${input.youthRef}, booked by ${input.probationAgencyId}${input.dependencyWard ? ' (dependency ward)' : ''}`,
      details: [
        `Booked at ${input.bookedAt}.\n`,
        '- Medical and mental-health referral, health screening and assessment (Probation §1; Title 15 §1430, §1432).',
        '- The advocate supports the youth for the whole stay, with weekly contact (Probation §2; Advocacy §3).',
        '- Screened mail and calls go to the DPO (Probation §5); release hands the youth off (Probation §9; Advocacy §7; SSA §1).',
      ],
    }),
  });
