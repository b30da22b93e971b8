// MOU DA §4; Advocacy §3. The youth's victim-of-crime claim: one process per youth, whoever opens
// it first (a subpoena's court support, the advocate or the VW consultant). The VW consultant
// settles who verifies the application for the minor (Gov Code §13952), files it, and checks on it
// monthly until the board decides; a first denial may be appealed within 45 days of its notice.
//
// Decided means nothing more can happen to the claim: APPROVED; DENIED after an appeal; or a
// first denial that can no longer be appealed (the youth does not appeal, or the 45 days passed).
// Then every follower (followClaim) is told (claimDecided), the open steps are withdrawn and the
// process ends with the decision as its result. A follower that finds it ended may take the claim
// as decided: it never ends before.
//
// Accepts — Updates: openClaim (the first may come with the start), recordClaimStatus, and the
// board's acknowledgeStep, completeStep, closeStep, changeStepDeadline. Signal: followClaim.
// Queries: processState, processViewFor, claimViewFor.
import { condition, continueAsNew, getExternalWorkflowHandle, isCancellation, setHandler } from '@temporalio/workflow';
import { refuse } from './messages';
import { StepBoard, type BoardState } from './step';
import { DAY } from './step-timers';
import type { Actor } from './types';
import { nextStatuses, type ClaimStatus, type ClaimView, type From, type OpenClaim, type StatusChange } from './victim-compensation-input';
import { claimDecided, followClaim, VICTIM_COMPENSATION, type ClaimDecision, type VictimCompensationInput } from './victim-compensation-link';
import { claimViewFor, openClaim, recordClaimStatus } from './victim-compensation-messages';
import * as steps from './victim-compensation-steps';

/** Everything a continued run needs, followers included. */
export interface VictimCompensationState {
  board: BoardState;
  status: ClaimStatus;
  history: ClaimView['history'];
  /** A first denial's appeal window ends here (ms). */
  appealBy?: number;
  decision?: ClaimDecision;
  followers: string[];
  /** Followers already told of the decision. */
  told: string[];
  /** openClaim requests accepted (the first of an API opener is the one that started it). */
  opens: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The agencies that record a claim's status: the VW consultant's (DA) and the advocate's, who assists the application. */
const mayRecord = (actor: Actor, county: string) => !actor.admin && actor.county === county && (actor.agencyType === 'DA' || actor.agencyType === 'ADVOCACY');
const openerOf = { DA: 'VW_CONSULTANT', ADVOCACY: 'ADVOCATE' } as const;

export async function victimCompensation(input: VictimCompensationInput, carried?: VictimCompensationState): Promise<ClaimDecision> {
  const { youthRef, county, openedByAgencyId, blockedRecheckSeconds, continueAsNewAfterEvents } = input;
  const board = new StepBoard(
    { obligation: VICTIM_COMPENSATION, youthRef, county, initiatingAgencyId: openedByAgencyId, blockedRecheckSeconds, continueAsNewAfterEvents },
    carried?.board,
  );
  const state: VictimCompensationState = carried ?? { board: { steps: [] }, status: 'NOT_FILED', history: [], followers: [], told: [], opens: 0 };
  /** Signals to followers in flight: the process ends only once each has reached its follower. */
  let telling = 0;

  // Steps first, then handlers: the Update that came with the start is validated when its handler is set.
  if (!carried) {
    board.open(steps.settleVerifier);
    board.open(steps.fileClaim);
  }
  board.listen();

  const view = (): ClaimView => ({
    youthRef,
    status: state.status,
    history: state.history,
    ...(state.appealBy !== undefined && !state.decision && state.status === 'DENIED' && { appealBy: iso(state.appealBy) }),
    ...(state.decision && { decision: state.decision }),
    openedBy: input.openedBy,
  });
  const stepOfKind = (kind: string) => board.view().steps.find((s) => s.kind === kind);
  const verifierSettled = () => ['COMPLETED', 'CLOSED_BY_COORDINATOR'].includes(stepOfKind(steps.settleVerifier.kind)?.status ?? '');
  const appealWaived = () => stepOfKind(steps.appeal.kind)?.outcome === steps.NOT_APPEALING;

  setHandler(claimViewFor, ({ actor }) => (board.visibleTo(actor) ? view() : null));

  setHandler(
    openClaim,
    ({ actor, openedBy }) => {
      board.addReporter(actor.agencyId);
      // With-start, the starting request's Update is the first one, from the agency the input names.
      const started = state.opens === 0 && input.openedBy === openedBy && input.openedByAgencyId === actor.agencyId;
      state.opens++;
      return { started, claim: view() };
    },
    {
      validator: ({ actor, openedBy }: From<OpenClaim>) => {
        const type = actor.agencyType === 'DA' || actor.agencyType === 'ADVOCACY' ? actor.agencyType : undefined;
        if (actor.admin || actor.county !== county || !type || openerOf[type] !== openedBy) {
          throw refuse('NOT_PERMITTED', "Only the county's advocacy agency and the DA's VW consultant open a youth's claim");
        }
      },
    },
  );

  setHandler(recordClaimStatus, (change) => record(change), {
    validator: ({ actor, status, at }: From<StatusChange>) => {
      board.guard(actor);
      if (!mayRecord(actor, county)) throw refuse('NOT_PERMITTED', "Only the VW consultant's and the advocate's agencies record the claim's status");
      if (status === state.status) return; // a retry: answered as it stands
      if (state.decision) throw refuse('STATUS_NOT_ALLOWED', `The claim is decided (${state.decision.decision}); it cannot become ${status}`);
      if (!nextStatuses[state.status].includes(status)) {
        throw refuse('STATUS_NOT_ALLOWED', `A claim that is ${state.status} cannot become ${status}; next may be: ${nextStatuses[state.status].join(', ')}`);
      }
      const when = Date.parse(at);
      const last = state.history.at(-1);
      if (last && when < Date.parse(last.at))
        throw refuse('INVALID_REQUEST', `A ${status} notice cannot be dated before the claim was ${last.status} (${last.at})`);
      if (status === 'FILED' && !verifierSettled())
        throw refuse('WRONG_STATE', 'Who verifies the claim for the minor is not settled yet (step claim-verifier)');
      if (status === 'APPEALED' && when > state.appealBy!) throw refuse('STATUS_NOT_ALLOWED', `The appeal window closed ${iso(state.appealBy!)}`);
    },
  });

  async function record({ actor, status, at }: From<StatusChange>): Promise<ClaimView> {
    if (status === state.status) return view();
    const when = Date.parse(at);
    const appealed = state.status === 'APPEALED';
    state.history.push({ status, at, agencyId: actor.agencyId });
    state.status = status;
    if (status === 'FILED') {
      openChecks(when);
      await board.settle(steps.fileClaim.kind, actor, 'the claim was filed');
    } else if (status === 'APPEALED') {
      openChecks(when);
      await board.settle(steps.appeal.kind, actor, 'the denial was appealed');
    } else if (status === 'APPROVED' || appealed) {
      await decide(status, when);
    } else {
      // A first denial: the checks stop; the appeal is owed within the window, unless it has passed.
      state.appealBy = when + steps.APPEAL_WINDOW_DAYS * DAY * 1000;
      await board.withdrawKinds([steps.statusCheck.kind], 'the claim was denied');
      if (state.appealBy > Date.now()) board.open(steps.appeal, { dueAt: state.appealBy });
    }
    return view();
  }

  /** Monthly checks from the filing (or the appeal) until the next decision. */
  function openChecks(from: number): void {
    board.open(steps.statusCheck, { id: board.nextId(steps.statusCheck.kind), opensAt: from + steps.CHECK_EVERY_DAYS * DAY * 1000 });
  }

  async function decide(decision: ClaimDecision['decision'], at: number): Promise<void> {
    state.decision = { decision, decidedAt: iso(at) };
    await board.withdrawKinds(
      board.view().steps.map((s) => s.kind),
      'the claim was decided',
    );
    await Promise.all(state.followers.map(tell));
  }

  /** A follower that has ended needs the news no more: its failure is not the claim's. */
  async function tell(processId: string): Promise<void> {
    telling++;
    try {
      await getExternalWorkflowHandle(processId).signal(claimDecided, state.decision!);
    } catch (err) {
      if (isCancellation(err)) throw err;
    } finally {
      telling--;
    }
    if (!state.told.includes(processId)) state.told.push(processId);
  }

  // Asked after the decision, it answers at once (again, if asked again).
  setHandler(followClaim, async ({ processId }) => {
    if (!state.followers.includes(processId)) state.followers.push(processId);
    if (state.decision) await tell(processId);
  });

  /** A first denial becomes final when the youth does not appeal, or when the window passes. */
  async function watchDenial(): Promise<void> {
    await condition(() => state.appealBy !== undefined);
    const pending = () => state.status === 'DENIED' && !state.decision;
    const remaining = state.appealBy! - Date.now();
    if (remaining > 0) await condition(() => !pending() || appealWaived(), remaining);
    if (pending()) await decide('DENIED', appealWaived() ? Date.now() : state.appealBy!);
  }
  void watchDenial();
  // A run continued while telling: the followers not yet told are told now.
  if (state.decision) void Promise.all(state.followers.filter((f) => !state.told.includes(f)).map(tell));

  const ended = () => state.decision !== undefined && telling === 0 && board.allClosed();
  if ((await board.until(ended)) === 'continue-as-new') await continueAsNew<typeof victimCompensation>(input, { ...state, board: board.snapshot() });
  return state.decision!;
}
