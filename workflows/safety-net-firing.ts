// What the county's weekly schedule runs: it starts that week's meeting and ends. The meeting
// itself lives until its action items are done, which may outlast a week; the schedule's overlap
// policy (skip) then guards only this short start, never next week's meeting.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { County, Obligation, Party, ActiveParty } from './search-attributes';
import { SAFETY_NET, type MeetingInput } from './safety-net-input';
import { safetyNetMeeting } from './safety-net-meeting';

/** The meeting's process id: the county and the minute the schedule fired (its first run's start). */
export const meetingId = (county: string, at: Date) => `${SAFETY_NET}/${county}/${at.toISOString().slice(0, 16)}Z`;

export async function safetyNetFiring(input: MeetingInput): Promise<string> {
  const workflowId = meetingId(input.county, workflowInfo().runStartTime);
  // A second firing within the same minute (a manual trigger) finds that meeting already running: nothing to start.
  await startChild(safetyNetMeeting, {
    workflowId,
    args: [input],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: Obligation, value: SAFETY_NET },
      { key: County, value: input.county },
      { key: Party, value: [input.daAgencyId] },
      { key: ActiveParty, value: [input.daAgencyId] },
    ],
  }).catch((err: unknown) => {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  });
  return workflowId;
}
