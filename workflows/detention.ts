// MOU, Probation §1–3, §5, §9; Advocacy §3, §7; SSA §1. When Probation books an identified CSEC,
// the youth is referred at once to medical and mental-health care, the advocate supports the
// youth for the whole stay (weekly contact), and the DPO is told. Screened mail or calls that may
// reach the exploiter go to the DPO, and a suspected contact also to the H.E.A.T. DDA and the
// advocate. The DA may ask for file information. Release ends the in-detention steps, continues
// care, and hands the youth off to the home county, whose agency is recorded for follow-up.
//
// Accepts — Updates: flagCommunication, requestInformation, planRelease, recordRelease, and the
// board's acknowledgeStep, completeStep, closeStep, changeStepDeadline. Query: processState.
import type { UpdateDefinition } from '@temporalio/common';
import { continueAsNew, setHandler } from '@temporalio/workflow';
import { DETENTION, type DetentionEvent, type DetentionInput, type DetentionResult, type EventAnswer, type Release, type ReleasePlan } from './detention-input';
import { flagCommunication, planRelease, recordRelease, requestInformation } from './detention-messages';
import * as steps from './detention-steps';
import { refuse } from './messages';
import { StepBoard, type BoardState } from './step';
import type { Actor } from './types';

const DAY_MS = 24 * 3600 * 1000;

/** Everything a continued run needs: the board, the answers already given, the release. */
export interface DetentionState {
  board: BoardState;
  answers: Record<string, EventAnswer>;
  releasedAt?: string;
  handOffOpened: boolean;
}

export async function detention(input: DetentionInput, carried?: DetentionState): Promise<DetentionResult> {
  const { youthRef, county, probationAgencyId, blockedRecheckSeconds, notifyRetrySeconds, continueAsNewAfterEvents } = input;
  const board = new StepBoard(
    { obligation: DETENTION, youthRef, county, initiatingAgencyId: probationAgencyId, blockedRecheckSeconds, notifyRetrySeconds, continueAsNewAfterEvents },
    carried?.board,
  );
  const state: DetentionState = carried ?? { board: { steps: [] }, answers: {}, handOffOpened: false };
  const answering = new Map<string, Promise<EventAnswer>>();

  // Steps first, then handlers: an Update that came with the start is validated when its handler is set.
  if (!carried) {
    for (const step of [
      steps.intakeHealthScreening,
      steps.healthAssessment,
      steps.medicalReferral,
      steps.mentalHealthReferral,
      steps.advocateDetentionSupport,
      steps.dpoNotice,
    ])
      board.open(step);
    board.open(steps.weeklyAdvocateContact, { id: board.nextId(steps.weeklyAdvocateContact.kind), opensAt: Date.parse(input.bookedAt) + 7 * DAY_MS });
  }
  board.listen();

  /** One handler per event: the agency that may send it, then the event, answered once per event id. */
  function on<E extends DetentionEvent & { actor: Actor }>(
    update: UpdateDefinition<EventAnswer, [E], string>,
    may: (actor: Actor) => boolean,
    act: (e: E) => Promise<EventAnswer> | EventAnswer,
    check?: (e: E) => void,
  ) {
    setHandler(
      update,
      async (e) => {
        // Two copies of one event in flight share one answer.
        const answer = answering.get(e.eventId) ?? Promise.resolve(state.answers[e.eventId] ?? act(e));
        answering.set(e.eventId, answer);
        return (state.answers[e.eventId] = await answer);
      },
      {
        validator: (e: E) => {
          if (!may(e.actor)) {
            board.guard(e.actor);
            throw refuse('NOT_PERMITTED', 'Your agency may not send this event');
          }
          if (state.answers[e.eventId]) return; // a retry: answered as before
          if (state.releasedAt !== undefined && board.allClosed()) throw refuse('PROCESS_ENDED', 'The detention process has ended');
          check?.(e);
        },
      },
    );
  }
  const probation = (a: Actor) => a.agencyType === 'PROBATION' && a.county === county;
  const answer = (eventId: string, openedSteps: string[], withdrawnSteps: string[] = []): EventAnswer => ({ eventId, openedSteps, withdrawnSteps });

  on(flagCommunication, probation, (flag) => {
    const opened = [
      board.open(steps.dpoInvestigation, {
        id: board.nextId(steps.dpoInvestigation.kind),
        // The evidence reference is Probation's own case number: it stays in the (encrypted) event, out of emails.
        facts: [`Screened ${flag.channel.toLowerCase()} observed ${flag.observedAt}; the evidence is in Probation's records`],
      }),
    ];
    // Witness intimidation (PC §136.1), not the youth's misconduct: the DA and the advocate hear of it the same day.
    if (flag.correspondent === 'SUSPECTED_EXPLOITER') {
      opened.push(board.open(steps.heatDdaNotice, { id: board.nextId(steps.heatDdaNotice.kind) }));
      opened.push(board.open(steps.advocateIntimidationNotice, { id: board.nextId(steps.advocateIntimidationNotice.kind) }));
    }
    return answer(flag.eventId, opened);
  });
  on(
    requestInformation,
    (a) => a.agencyType === 'DA' && a.county === county,
    (req) => answer(req.eventId, [board.open(steps.probationFileInformation, { id: board.nextId(steps.probationFileInformation.kind) })]),
  );
  on(
    planRelease,
    probation,
    (plan) => answer(plan.eventId, openHandOff(plan)),
    (plan) => {
      if (state.releasedAt !== undefined) throw refuse('WRONG_STATE', 'The youth has already been released');
      requireContact(plan);
    },
  );
  on(
    recordRelease,
    probation,
    (release) => releaseYouth(release),
    (release) => {
      if (state.releasedAt !== undefined) throw refuse('WRONG_STATE', 'The youth has already been released');
      requireContact(release);
    },
  );

  function requireContact(e: ReleasePlan | Release): void {
    if (e.destination === 'OUT_OF_COUNTY_AGENCY' && !e.receivingAgency) throw refuse('INVALID_REQUEST', 'An out-of-county release needs the receiving agency');
  }

  /** The hand-off opens at a planned release, so the receiving side is ready on the day. */
  function openHandOff(e: ReleasePlan | Release): string[] {
    if (e.destination !== 'OUT_OF_COUNTY_AGENCY' || state.handOffOpened) return [];
    state.handOffOpened = true;
    const contact = e.receivingAgency!;
    const opened = [board.open(steps.receivingAgencyContact(contact)), board.open(steps.advocacyHandOff(contact))];
    if (input.dependencyWard) opened.push(board.open(steps.socialWorkerHandOff(contact)));
    return opened;
  }

  async function releaseYouth(release: Release): Promise<EventAnswer> {
    state.releasedAt = release.releasedAt;
    const withdrawn = await board.withdrawKinds(steps.inDetentionKinds, 'released from custody');
    const at = Date.parse(release.releasedAt);
    const opened = [board.open(steps.medicalCareAfterRelease), board.open(steps.mentalHealthCareAfterRelease), ...openHandOff(release)];
    if (release.destination === 'OUT_OF_COUNTY_AGENCY') {
      for (const days of [7, 30, 90] as const)
        opened.push(board.open(steps.stabilisationFollowUp(days, release.receivingAgency!), { opensAt: at + days * DAY_MS }));
    } else {
      opened.push(board.open(steps.communityFollowUp('72h')), board.open(steps.communityFollowUp('30d'), { opensAt: at + 30 * DAY_MS }));
    }
    return answer(release.eventId, opened, withdrawn);
  }

  const ended = () => state.releasedAt !== undefined && board.allClosed();
  if ((await board.until(ended)) === 'continue-as-new') await continueAsNew<typeof detention>(input, { ...state, board: board.snapshot() });
  return { bookingRef: input.bookingRef, releasedAt: state.releasedAt, steps: board.view().steps };
}
