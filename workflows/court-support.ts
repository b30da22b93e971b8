// MOU Probation §7; DA §4–5; Advocacy §3–4. One process per youth per prosecution, opened when the
// DA serves the youth a subpoena as a victim witness. The VW consultant contacts the youth and the
// advocate is assigned to accompany the youth through the prosecution (48 h); the H.E.A.T. DDA and
// the juvenile DDA are named from the directory; the youth's own counsel of record (named on the
// subpoena, never a generic defender role) is told. The claim belongs to the youth, not to one
// prosecution (DA §4): this process opens or joins the youth's one claim process and follows it.
//
// Each hearing owns its steps, due a lead time before it: Probation's transport (a youth in
// custody, Probation §7) and the advocate's accompaniment 48 h before, the VW consultant's safety
// plan for testimony 72 h before (DA §5); counsel and (a dependency ward's) social worker are told
// of each date at once; the advocate debriefs within 24 h after. A continuance moves them all,
// re-opens the confirmations booked for a date, and tells each party once; the advocate tells the
// youth. A vacated hearing withdraws its steps. The youth's own juvenile hearings get the
// advocate's accompaniment only (Advocacy §3). The process ends at the disposition once the claim
// is decided.
//
// Accepts — Updates: changeStatus, addHearing, continueHearing, vacateHearing, closeSubpoena, and
// the board's. Signal: claimDecided. Query: processState.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { continueAsNew, getExternalWorkflowHandle, isCancellation, ParentClosePolicy, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { hearingLines } from './court-support-details';
import {
  COURT_SUPPORT,
  OWN_HEARING,
  type ClaimState,
  type CourtSupportInput,
  type CourtSupportView,
  type Disposition,
  type From,
  type Hearing,
  type HearingMove,
  type HearingRef,
  type NewHearing,
  type StatusChange,
} from './court-support-input';
import { addHearing, changeStatus, closeSubpoena, continueHearing, vacateHearing } from './court-support-messages';
import * as steps from './court-support-steps';
import { refuse } from './messages';
import { ActiveParty, County, Obligation, Party, YouthRef } from './search-attributes';
import { StepBoard, type BoardState, type OpenOptions, type Reschedule } from './step';
import type { Actor, StepDefinition } from './types';
import { claimDecided, followClaim, VICTIM_COMPENSATION, victimCompensationId, type VictimCompensationInput } from './victim-compensation-link';

/** Everything a continued run needs: the board, the status, every hearing, the claim. */
export interface CourtSupportState {
  board: BoardState;
  inCustody: boolean;
  dependencyWard: boolean;
  hearings: Hearing[];
  disposition?: string;
  claim: ClaimState;
  /** The claim process was opened or joined, and asked to tell this one of its decision. */
  claimJoined: boolean;
}

export async function courtSupport(input: CourtSupportInput, carried?: CourtSupportState): Promise<CourtSupportView> {
  const { youthRef, county, daAgencyId, counsel, blockedRecheckSeconds, continueAsNewAfterEvents } = input;
  const state: CourtSupportState = carried ?? {
    board: { steps: [] },
    inCustody: input.inCustody,
    dependencyWard: input.dependencyWard,
    hearings: [],
    claim: { state: 'FOLLOWING' },
    claimJoined: false,
  };
  const board: StepBoard = new StepBoard(
    {
      obligation: COURT_SUPPORT,
      youthRef,
      county,
      initiatingAgencyId: daAgencyId,
      blockedRecheckSeconds,
      continueAsNewAfterEvents,
      header: () => hearingLines(state.hearings, board.view().steps),
    },
    carried?.board,
  );
  setHandler(claimDecided, (decision) => {
    state.claim = { state: 'DECIDED', ...decision };
  });

  // Steps first, then handlers: an Update that came with the start is validated when its handler is set.
  if (!carried) {
    for (const step of [steps.vwContact, steps.advocateAssigned, steps.heatDdaNamed, steps.juvenileDdaNamed, steps.counselSubpoenaNotice(counsel)])
      board.open(step);
  }
  board.listen();

  const ended = () => state.disposition !== undefined && state.claim.state !== 'FOLLOWING' && board.allClosed();
  const view = (): CourtSupportView => ({
    inCustody: state.inCustody,
    dependencyWard: state.dependencyWard,
    hearings: state.hearings,
    closed: state.disposition !== undefined,
    disposition: state.disposition,
    claim: state.claim,
  });

  /** The DA's office of the county (Probation too, for a custody change); anyone else is refused, or does not see the process. */
  const check = (actor: Actor, agencyTypes: string[]) => {
    if (actor.admin || !agencyTypes.includes(actor.agencyType ?? '') || actor.county !== county) {
      board.guard(actor);
      throw refuse('NOT_PERMITTED', `Only the county's ${agencyTypes.join(' or ')} agencies send this`);
    }
    if (ended()) throw refuse('PROCESS_ENDED', 'The court-support process has ended');
    if (state.disposition !== undefined) throw refuse('WRONG_STATE', `The prosecution was closed (${state.disposition})`);
  };
  const hearingOf = (id: string) => {
    const hearing = state.hearings.find((h) => h.id === id);
    if (!hearing) throw refuse('UNKNOWN_HEARING', `No hearing "${id}" in this process`);
    return hearing;
  };
  const settable = (at: string) => {
    if (!(Date.parse(at) > Date.now())) throw refuse('INVALID_REQUEST', `A hearing is set ahead of now; ${at} has passed`);
  };
  const set = (hearing: Hearing) => {
    if (hearing.status === 'VACATED') throw refuse('WRONG_STATE', `Hearing ${hearing.id} was vacated`);
  };

  // Defined before the handlers: an Update carried into a continued run is handled when its handler is set.
  /** Due `lead` before the hearing; set inside that lead, as soon as possible (the kind's timer), before the hearing at the latest. */
  const before = (hearing: Hearing, lead: number): OpenOptions => {
    const at = Date.parse(hearing.at);
    return at - lead * 1000 > Date.now() ? { fixedDueAt: at - lead * 1000 } : { dueAt: at };
  };
  /** Each part of a hearing: its step, and when it is due for the hearing's current date. */
  const parts: Record<string, { step: StepDefinition; due: (h: Hearing) => OpenOptions; wanted: (h: Hearing) => boolean }> = {
    accompaniment: { step: steps.accompaniment, due: (h) => before(h, steps.LEADS.accompaniment), wanted: () => true },
    transport: { step: steps.transport, due: (h) => before(h, steps.LEADS.transport), wanted: (h) => witness(h) && state.inCustody },
    safetyPlan: { step: steps.safetyPlan, due: (h) => before(h, steps.LEADS.safetyPlan), wanted: witness },
    counsel: { step: steps.counselHearingNotice(counsel), due: (h) => ({ dueAt: Date.parse(h.at) }), wanted: witness },
    socialWorker: { step: steps.socialWorkerNotice, due: (h) => ({ dueAt: Date.parse(h.at) }), wanted: (h) => witness(h) && state.dependencyWard },
    debrief: { step: steps.debrief, due: (h) => ({ opensAt: Date.parse(h.at) }), wanted: witness },
  };
  function witness(h: Hearing): boolean {
    return h.kind !== OWN_HEARING;
  }
  const freshId = (base: string) => {
    let id = base;
    for (let n = 2; board.has(id); n++) id = `${base}-${n}`;
    return id;
  };
  const openPart = (h: Hearing, part: string) => {
    const { step, due } = parts[part];
    h.steps[part] = board.open(step, { id: freshId(`${step.kind}-${h.id}`), facts: steps.hearingFacts(h), ...due(h) });
  };

  function openHearing(h: Hearing): void {
    for (const part of Object.keys(parts)) if (parts[part].wanted(h)) openPart(h, part);
  }

  setHandler(
    addHearing,
    ({ kind, at }) => {
      const hearing: Hearing = { id: `h${state.hearings.length + 1}`, kind, at, status: 'SET', continuances: 0, steps: {} };
      state.hearings.push(hearing);
      openHearing(hearing);
      board.publish();
      return hearing;
    },
    { validator: ({ actor, at }: From<NewHearing>) => (check(actor, ['DA']), settable(at)) },
  );
  setHandler(continueHearing, ({ hearingId, at }) => continuance(hearingOf(hearingId), at), {
    validator: ({ actor, hearingId, at }: From<HearingMove>) => {
      check(actor, ['DA']);
      const hearing = hearingOf(hearingId);
      set(hearing);
      settable(at);
      if (Date.parse(at) === Date.parse(hearing.at)) throw refuse('INVALID_REQUEST', `Hearing ${hearingId} is already set for ${hearing.at}`);
    },
  });
  setHandler(vacateHearing, ({ hearingId }) => vacate(hearingOf(hearingId)), {
    validator: ({ actor, hearingId }: From<HearingRef>) => (check(actor, ['DA']), set(hearingOf(hearingId))),
  });
  setHandler(changeStatus, (change) => follow(change), { validator: ({ actor }: From<StatusChange>) => check(actor, ['DA', 'PROBATION']) });
  setHandler(closeSubpoena, ({ disposition }) => close(disposition), { validator: ({ actor }: From<Disposition>) => check(actor, ['DA']) });

  /**
   * Every open step moves with the hearing. Each party gets one email: Probation (transport re-opened),
   * the VW consultant (safety plan), counsel and the social worker (told of the new date); the
   * advocate's is the step to tell the youth (the accompaniment re-opens silently).
   */
  async function continuance(h: Hearing, at: string): Promise<Hearing> {
    h.at = at;
    h.continuances++;
    const how: Record<string, Pick<Reschedule, 'reopen' | 'notify'>> = {
      transport: { reopen: true, notify: true },
      accompaniment: { reopen: true },
      safetyPlan: { notify: true },
      counsel: { reopen: true, notify: true },
      socialWorker: { reopen: true, notify: true },
    };
    const facts = steps.hearingFacts(h);
    const moves = Object.entries(how)
      .filter(([part]) => h.steps[part] !== undefined)
      .map(([part, o]) => board.reschedule(h.steps[part], { ...parts[part].due(h), facts, ...o }));
    // A debrief still waiting for the hearing moves; one already open (the youth went to court that day) stays, and the new date gets its own.
    if (h.steps.debrief !== undefined) {
      if (board.statusOf(h.steps.debrief) === 'SCHEDULED') moves.push(board.reschedule(h.steps.debrief, { ...parts.debrief.due(h), facts }));
      else openPart(h, 'debrief');
    }
    h.steps.youthNotice = board.open(steps.continuanceNotice, { id: freshId(`${steps.continuanceNotice.kind}-${h.id}`), facts, dueAt: Date.parse(at) });
    await Promise.all(moves);
    board.publish();
    return h;
  }

  async function vacate(h: Hearing): Promise<Hearing> {
    h.status = 'VACATED';
    await Promise.all(Object.values(h.steps).map((id) => board.withdraw(id, `hearing ${h.id} was vacated`)));
    board.publish();
    return h;
  }

  /** The upcoming hearings' transport and social-worker steps follow the youth's status. */
  async function follow(change: { inCustody?: boolean; dependencyWard?: boolean }): Promise<CourtSupportView> {
    state.inCustody = change.inCustody ?? state.inCustody;
    state.dependencyWard = change.dependencyWard ?? state.dependencyWard;
    const upcoming = state.hearings.filter((h) => h.status === 'SET' && Date.parse(h.at) > Date.now());
    const reasons: Record<string, string> = { transport: 'the youth is no longer in custody', socialWorker: 'the youth is no longer a dependency ward' };
    for (const h of upcoming) {
      for (const part of Object.keys(reasons)) {
        const id = h.steps[part];
        const live = id !== undefined && board.statusOf(id) !== 'WITHDRAWN';
        if (parts[part].wanted(h) && !live) openPart(h, part);
        if (!parts[part].wanted(h) && live) await board.withdraw(id, reasons[part]);
      }
    }
    board.publish();
    return view();
  }

  /** The disposition ends every step still owed, but a debrief after a hearing that took place. */
  async function close(disposition: string): Promise<CourtSupportView> {
    state.disposition = disposition;
    const owed = board.view().steps.filter((s) => s.kind !== steps.debrief.kind || s.status === 'SCHEDULED');
    await Promise.all(owed.map((s) => board.withdraw(s.id, `the prosecution was closed (${disposition})`)));
    board.publish();
    return view();
  }

  /**
   * Opens the youth's one claim process, or joins it, and asks it to tell this one of its decision.
   * A claim process that has already ended was decided (it ends only then): REJECT_DUPLICATE keeps
   * an ended one from being opened again, and its decision is taken as made (DECIDED_EARLIER).
   */
  async function joinClaim(): Promise<void> {
    const workflowId = victimCompensationId(youthRef);
    const claim: VictimCompensationInput = { youthRef, county, openedBy: 'SUBPOENA', openedByAgencyId: daAgencyId, blockedRecheckSeconds };
    try {
      await startChild('victimCompensation', {
        workflowId,
        args: [claim],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: YouthRef, value: youthRef },
          { key: Obligation, value: VICTIM_COMPENSATION },
          { key: County, value: county },
          { key: Party, value: [daAgencyId] },
          { key: ActiveParty, value: [daAgencyId] },
        ],
        staticSummary: `Victim-of-crime claim — youth ${youthRef}, opened by a subpoena of ${daAgencyId}`,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    try {
      await getExternalWorkflowHandle(workflowId).signal(followClaim, { processId: workflowInfo().workflowId });
    } catch (err) {
      if (isCancellation(err)) throw err;
      if (state.claim.state === 'FOLLOWING') state.claim = { state: 'DECIDED_EARLIER' };
    }
    state.claimJoined = true;
  }
  if (!state.claimJoined) await joinClaim();

  if ((await board.until(ended)) === 'continue-as-new') await continueAsNew<typeof courtSupport>(input, { ...state, board: board.snapshot() });
  return view();
}
