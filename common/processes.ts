// Starting obligation processes from client code (API, tests): ids, search attributes, summary.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { LE_CONTACT, type EncounterInput } from '../workflows/encounter';
import type { leContact } from '../workflows/le-contact';
import { County, Obligation, YouthRef } from '../workflows/search-attributes';

/** PII-free and readable: the obligation, the opaque youth reference, the encounter. */
export const leContactWorkflowId = (i: Pick<EncounterInput, 'youthRef' | 'reportingAgencyId' | 'encounterId'>) =>
  `${LE_CONTACT}/${i.youthRef}/${i.reportingAgencyId}/${i.encounterId}`;

/** Starts the LE-contact process; a repeated encounter raises WorkflowExecutionAlreadyStartedError. */
export async function startLeContact(client: Client, taskQueue: string, input: EncounterInput) {
  // By type name: the API never loads workflow code.
  return client.workflow.start<typeof leContact>('leContact', {
    taskQueue,
    workflowId: leContactWorkflowId(input),
    args: [input],
    // One process per encounter and youth, ever: a retry or a resubmission never starts a second.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: YouthRef, value: input.youthRef },
      { key: Obligation, value: LE_CONTACT },
      { key: County, value: input.county },
    ],
    staticSummary: `LE contact (${input.encounterType.toLowerCase().replace(/_/g, ' ')}) — youth ${input.youthRef}, reported by ${input.reportingAgencyId}`,
    staticDetails: [
      `Encounter ${input.encounterId} at ${input.occurredAt}.\n`,
      '- The advocacy agency is notified at once (MOU, LE §2).',
      input.encounterType === 'JJC_TRANSPORT' ? '- Probation is told the minor is CSEC and whether they took part in an investigation (LE §3).' : '',
      input.encounterType === 'CUSTODY_INTERVIEW' ? '- Probation and the advocate are told of the custody interview (LE §4).' : '',
    ]
      .filter(Boolean)
      .join('\n'),
  });
}
