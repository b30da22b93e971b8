// Starting obligation processes from client code (API, tests): ids, search attributes, summary.
// By type name (type-only imports): the API never loads workflow code.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { courtSupport } from '../workflows/court-support';
import { COURT_SUPPORT, type CourtSupportInput } from '../workflows/court-support-input';
import type { detention } from '../workflows/detention';
import { DETENTION, type DetentionInput } from '../workflows/detention-input';
import type { leContact } from '../workflows/le-contact';
import type { missingYouth } from '../workflows/missing-youth';
import { MISSING_YOUTH, type MissingYouthInput } from '../workflows/missing-youth-input';
import { reportMissing } from '../workflows/missing-youth-messages';
import type { victimCompensation } from '../workflows/victim-compensation';
import type { OpenClaim } from '../workflows/victim-compensation-input';
import { VICTIM_COMPENSATION, victimCompensationId, type VictimCompensationInput } from '../workflows/victim-compensation-link';
import { openClaim } from '../workflows/victim-compensation-messages';
import type { Actor } from '../workflows/types';
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

/**
 * Update-with-Start: the advocate or the VW consultant opens the youth's one claim process, or joins
 * it (also when a subpoena opened it). A decided claim's process has ended, and its id is never
 * reused: opening it again raises WorkflowExecutionAlreadyStartedError.
 */
export async function openVictimCompensation(client: Client, taskQueue: string, input: VictimCompensationInput & OpenClaim, actor: Actor) {
  const start = new WithStartWorkflowOperation<typeof victimCompensation>('victimCompensation', {
    args: [input],
    ...startOptions(taskQueue, {
      obligation: VICTIM_COMPENSATION,
      workflowId: victimCompensationId(input.youthRef),
      input,
      initiatingAgencyId: input.openedByAgencyId,
      summary: `Victim-of-crime claim — youth ${input.youthRef}, opened by ${input.openedByAgencyId}`,
      details: [
        'The claim belongs to the youth, whatever prosecution there is (MOU DA §4; Advocacy §3).\n',
        '- The VW consultant settles who verifies the claim for the minor (Gov Code §13952) and files it (10 days).',
        '- Monthly checks until the board decides; a denial may be appealed within 45 days of its notice.',
        '- Followers (court support) are told of the decision.',
      ],
    }),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  const answer = await client.workflow.executeUpdateWithStart(openClaim, { args: [{ openedBy: input.openedBy, actor }], startWorkflowOperation: start });
  return { processId: victimCompensationId(input.youthRef), ...answer };
}

/** One open episode per youth: the id names only the obligation and the registry's reference. */
export const missingYouthWorkflowId = (youthRef: string) => `${MISSING_YOUTH}/${youthRef}`;

const legalStatusWords = { PROBATION_WARD: 'probation ward', DEPENDENT: 'dependent', NEITHER: 'neither a probation ward nor a dependent' };

/**
 * Update-with-Start: the report starts the episode, or joins the one already open (two racing
 * reports make one episode). A closed episode's id may start a new one. Answers the process id
 * and whether the report attached.
 */
export async function reportMissingYouth(client: Client, taskQueue: string, input: MissingYouthInput, actor: Actor) {
  const { report } = input;
  const status = report.legalStatus;
  const start = new WithStartWorkflowOperation<typeof missingYouth>('missingYouth', {
    args: [input],
    ...startOptions(taskQueue, {
      obligation: MISSING_YOUTH,
      workflowId: missingYouthWorkflowId(input.youthRef),
      input,
      initiatingAgencyId: report.agencyId,
      summary: `Missing youth — youth ${input.youthRef}, ${legalStatusWords[status.kind]}${status.kind === 'PROBATION_WARD' && status.onGps ? ' on GPS' : ''}, reported by ${report.agencyId}`,
      details: [
        `Last seen ${report.lastSeenAt}; first report: ${report.source.toLowerCase().replace(/_/g, ' ')}.\n`,
        '- The case holder verifies, then reports to LE (national crime-information entry within 2 h) and to NCMEC (within 24 h).',
        status.kind === 'PROBATION_WARD'
          ? "- Not located within the grace window: a warrant request is drafted and the DPO's supervisor asked to approve it (Probation §8)."
          : '- No warrant request: the youth is not on probation.',
        '- LE helps locate the youth (LE §5); located, the warrant (if any) is recalled and recovery care opens.',
      ],
    }),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  });
  const answer = await client.workflow.executeUpdateWithStart(reportMissing, { args: [{ ...report, actor }], startWorkflowOperation: start });
  const handle = await start.workflowHandle();
  return { processId: handle.workflowId, ...answer };
}

export const courtSupportWorkflowId = (i: Pick<CourtSupportInput, 'youthRef' | 'daAgencyId' | 'caseRef'>, caseIndexKey: string) =>
  processId(COURT_SUPPORT, i.youthRef, i.daAgencyId, caseIndexKey, i.caseRef);

/** One process per youth per prosecution: the DA's case reference stays in the (encrypted) input. */
export const startCourtSupport = (client: Client, taskQueue: string, input: CourtSupportInput, caseIndexKey: string) =>
  client.workflow.start<typeof courtSupport>('courtSupport', {
    args: [input],
    ...startOptions(taskQueue, {
      obligation: COURT_SUPPORT,
      workflowId: courtSupportWorkflowId(input, caseIndexKey),
      input,
      initiatingAgencyId: input.daAgencyId,
      summary: `Court support — youth ${input.youthRef}, subpoenaed by ${input.daAgencyId}${input.inCustody ? ' (in custody)' : ''}${input.dependencyWard ? ' (dependency ward)' : ''}`,
      details: [
        `Subpoena served at ${input.servedAt}.\n`,
        '- The VW consultant contacts the youth and the advocate is assigned, within 48 h (DA §4–5; Advocacy §3–4); the youth’s own counsel is told.',
        '- Each hearing: transport (in custody) and accompaniment 48 h before, the testimony safety plan 72 h before, counsel and social worker told of each date (Probation §7).',
        '- The youth’s victim-of-crime claim is opened or joined and followed to its decision (DA §4).',
      ],
    }),
  });
