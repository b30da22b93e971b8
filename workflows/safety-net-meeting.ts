// MOU DA §1–2, Probation §3–4, PD, SSA §1. The DA convenes the weekly Safety Net meeting; Probation,
// the Public Defender, SSA and the advocates attend. Each attending agency gets its own agenda:
// only the youth and steps its role and the youth's recorded consent let it see (the Public
// Defender only its own clients), by a signed link, never in the email, since a forwarded agenda
// identifies witnesses. At the meeting the DA records action items, each a step owed by a party
// of the youth's processes, and may ask Probation for file information (Probation §3). The meeting
// ends once the DA may record no more and every item is done or withdrawn.
//
// Accepts — Updates: recordAction, withdrawAction, and the board's acknowledgeStep, completeStep, closeStep,
// changeStepDeadline. Query: processState.
import { continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { refuse } from './messages';
import {
  SAFETY_NET,
  type ActionItem,
  type ActionRequest,
  type MeetingInput,
  type MeetingResult,
  type PreparedMeeting,
  type WithdrawRequest,
} from './safety-net-input';
import { recordAction, withdrawAction } from './safety-net-messages';
import * as steps from './safety-net-steps';
import { StepBoard, type BoardState } from './step';
import type { Actor } from './types';

const { prepareAgendas, sendAgenda } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute' },
});

const WEEK_SECONDS = 7 * 24 * 3600;
/** A meeting is about many youth: each action item names its own in its facts. */
export const MEETING_YOUTH_REF = 'SEVERAL';

/** Everything a continued run needs. */
export interface MeetingState {
  board: BoardState;
  prepared?: PreparedMeeting;
  /** The agencies whose agenda link has gone out. */
  sent: string[];
  actions: (ActionItem & { stepId: string })[];
  /** Until when the DA may record action items (ms). */
  recordingUntil: number;
}

export async function safetyNetMeeting(input: MeetingInput, carried?: MeetingState): Promise<MeetingResult> {
  const { county, daAgencyId, blockedRecheckSeconds, continueAsNewAfterEvents } = input;
  const meetingId = workflowInfo().workflowId;
  const board = new StepBoard(
    { obligation: SAFETY_NET, youthRef: MEETING_YOUTH_REF, county, initiatingAgencyId: daAgencyId, blockedRecheckSeconds, continueAsNewAfterEvents },
    carried?.board,
  );
  const state: MeetingState = carried ?? {
    board: { steps: [] },
    sent: [],
    actions: [],
    recordingUntil: Date.now() + (input.actionWindowSeconds ?? WEEK_SECONDS) * 1000,
  };
  board.listen();

  let recording = state.recordingUntil > Date.now();
  if (recording) void sleep(state.recordingUntil - Date.now()).then(() => (recording = false));

  /** The meeting's action items are the county's DA's to record and withdraw. */
  function da(actor: Actor): void {
    board.guard(actor);
    if (actor.agencyType !== 'DA' || actor.county !== county || actor.admin)
      throw refuse('NOT_PERMITTED', "Only the county's DA records and withdraws the meeting's action items");
  }

  setHandler(recordAction, record, {
    validator: ({ actor, kind, youthRef, owningAgencyId }: ActionRequest) => {
      da(actor);
      if (!recording) throw refuse('PROCESS_ENDED', 'The meeting takes no more action items');
      if (!state.prepared) throw refuse('WRONG_STATE', "The meeting's agenda is still being prepared");
      const party = state.prepared.parties[youthRef]?.find((p) => p.agencyId === owningAgencyId);
      if (!party) throw refuse('NOT_A_PARTY', `${owningAgencyId} is not a party of youth ${youthRef}'s open processes`);
      if (kind === 'PROBATION_FILE_INFORMATION' && party.agencyType !== 'PROBATION') throw refuse('INVALID_REQUEST', 'File information is asked of Probation');
    },
  });

  setHandler(
    withdrawAction,
    async ({ stepId, reason }) => {
      await board.withdraw(stepId, reason);
      return board.view().steps.find((s) => s.id === stepId)!;
    },
    {
      validator: ({ actor, stepId, reason }: WithdrawRequest) => {
        da(actor);
        const step = state.actions.some((a) => a.stepId === stepId) ? board.view().steps.find((s) => s.id === stepId) : undefined;
        if (!step) throw refuse('UNKNOWN_STEP', `No action item "${stepId}" in this meeting`);
        if (['COMPLETED', 'WITHDRAWN', 'CLOSED_BY_COORDINATOR'].includes(step.status)) throw refuse('WRONG_STATE', `Action item "${stepId}" is closed`);
        if (!reason?.trim()) throw refuse('INVALID_REQUEST', 'An action item is withdrawn with a reason');
      },
    },
  );

  function record({ actor: _actor, ...item }: ActionRequest) {
    const party = state.prepared!.parties[item.youthRef].find((p) => p.agencyId === item.owningAgencyId)!;
    const definition = item.kind === 'PROBATION_FILE_INFORMATION' ? steps.probationFileInformation : steps.actionItem(party.agencyId, party.agencyType);
    // The task is free text the DA wrote: it stays in the (encrypted) meeting state, out of emails.
    const stepId = board.open(definition, {
      id: board.nextId(definition.kind),
      dueAt: Date.parse(item.dueAt),
      facts: [`For youth reference: ${item.youthRef}`, 'Agreed at the Safety Net meeting: the task is in the meeting record'],
    });
    state.actions.push({ ...item, stepId });
    return { stepId, youthRef: item.youthRef, owningAgencyId: item.owningAgencyId };
  }

  // 1. The agenda, as each attending agency may see it.
  state.prepared ??= await prepareAgendas({ meetingId, county });
  // 2. Each agency gets a signed link to its own agenda.
  for (const { agencyId } of state.prepared.attendees) {
    if (state.sent.includes(agencyId)) continue;
    await sendAgenda({ meetingId, agencyId });
    state.sent.push(agencyId);
  }

  const ended = () => !recording && board.allClosed();
  if ((await board.until(ended)) === 'continue-as-new') await continueAsNew<typeof safetyNetMeeting>(input, { ...state, board: board.snapshot() });
  return { actions: state.actions };
}
