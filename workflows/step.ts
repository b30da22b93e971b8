// The one primitive: a step with an owner, a deadline and an escalation chain. A StepBoard owns
// the steps of one process and drives each in the background: scheduled → opening (directory
// look-up, blocked while the directory has a gap) → awaiting acknowledgment → awaiting
// completion → completed, withdrawn or closed by a coordinator. Its whole state is plain data,
// carried across continue-as-new. Obligations open steps; they never write a timer loop.
import { ActivityFailure, allHandlersFinished, condition, isCancellation, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  acknowledgeStep,
  changeStepDeadline,
  closeStep,
  completeStep,
  processState,
  previewRetime,
  processViewFor,
  refuse,
  retimeStepKind,
  type DeadlineChangeRequest,
  type RetimeRequest,
  type RetimeResult,
  type StepActionRequest,
  type StepCloseRequest,
} from './messages';
import type { ProcessOptions } from './process-options';
import { designatedOf, isConfidential, maySee, mayAddress, stepsFor } from './need-to-know';
import { publishBoard, publishDetails } from './step-publish';
import { effectOf, retimeBasis, retimed, RETIME_PATCH, tally, type RetimeBasis } from './step-retime';
import { isClosed, isWaiting, mayAct, toView, type StepState } from './step-state';
import type { Actor, ConsentCategory, NotificationReason, NotifyRequest, Party, ProcessView, StepDefinition, StepStatus, StepTimers, StepView } from './types';

// A look-up that fails this long (or answers "no such agency or roster") marks the step blocked.
const { timerPolicy, escalationChain } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 6 },
});
const { recordTransition, deadline, countyCoordinator } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
// The chain re-read at an escalation: one quick try, so a slow or unreachable directory never delays
// the escalation (it goes up the chain the step already has).
const { escalationChain: currentChain } = proxyActivities<Activities>({ startToCloseTimeout: '2 seconds', retry: { maximumAttempts: 1 } });
// A notification that keeps failing must not hold the step: the next deadline escalates anyway.
const { notifyParty } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, maximumInterval: '30 seconds' },
});

const DAY_MS = 24 * 3600 * 1000;
/** Patch id: a failed notification is tried again in the background (redeliver). */
const NOTIFY_REDELIVERY = 'notify-redelivery';

export interface ProcessContext extends ProcessOptions {
  obligation: string;
  youthRef: string;
  county: string;
  initiatingAgencyId?: string;
  /** Lines the Temporal UI's current details show above the steps (e.g. upcoming hearings). */
  header?: () => string[];
}

export interface OpenOptions {
  /** Instance id; the kind itself by default. Repeated steps of a kind need their own. */
  id?: string;
  /** Opens at this instant (ms); nothing is sent before. */
  opensAt?: number;
  /** An absolute deadline (ms), e.g. before a hearing or an interview. */
  dueAt?: number;
  /** The deadline itself (ms), whatever the kind's relative timers: e.g. 48 h before a hearing weeks away. */
  fixedDueAt?: number;
  /** Facts of this instance, after the kind's. */
  facts?: string[];
}

export interface BoardState {
  steps: StepState[];
  /** Agencies that reported into the process after it started: parties, like the initiating agency. */
  reporters?: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const label = (actor: Actor) => `${actor.agencyId}${actor.representativeId ? `/${actor.representativeId}` : ''} (${actor.via})`;

/** Where a step moves when the date it serves moves (a continued hearing). */
export interface Reschedule {
  /** A scheduled step's new opening time. */
  opensAt?: number;
  /** The new absolute cap and fixed deadline (see OpenOptions); absent ones are cleared. */
  dueAt?: number;
  fixedDueAt?: number;
  /** The instance's facts, replaced (e.g. the new date). */
  facts?: string[];
  /** A confirmation booked for the old date is asked again: a completed step opens again. */
  reopen?: boolean;
  /** One email to the step's owner about the move; otherwise the move is silent. */
  notify?: boolean;
}

export class StepBoard {
  private readonly steps = new Map<string, StepState>();
  private readonly reporters: string[];
  /** Activities in flight: continue-as-new waits for none. */
  private inFlight = 0;
  /** Workflow time of the process's first activation (a fresh board only): steps opened then open at the process's start. */
  private readonly firstActivation?: number;

  constructor(
    private readonly process: ProcessContext,
    carried?: BoardState,
  ) {
    this.reporters = [...(carried?.reporters ?? [])];
    if (!carried) this.firstActivation = Date.now();
    setHandler(processState, () => this.view());
    setHandler(processViewFor, ({ actor, consent }) => (this.visibleTo(actor) ? this.view(actor, consent) : null));
    for (const step of carried?.steps ?? []) {
      this.steps.set(step.id, step);
      if (!isClosed(step)) void this.drive(step);
    }
  }

  /**
   * Registers the step Updates. Call it once the first steps are open: an Update that came with
   * the start is validated the moment its handler is set, and must find them (not an empty board).
   */
  listen(): void {
    // A continued run has sent nothing yet: the UI's current details (no command, nothing in history) show its carried steps now.
    publishDetails([...this.steps.values()], this.process.header?.());
    setHandler(acknowledgeStep, (req) => this.acknowledge(req), { validator: (req: StepActionRequest) => void this.validate(req, 'acknowledge') });
    setHandler(completeStep, (req) => this.complete(req), { validator: (req: StepActionRequest) => void this.validate(req, 'complete') });
    setHandler(closeStep, (req) => this.coordinatorClose(req.stepId, req.actor, req.reason), {
      validator: (req: StepCloseRequest) => {
        this.validate(req, 'close');
        if (!req.reason?.trim()) throw refuse('INVALID_REQUEST', 'A coordinator closes a step with a reason');
      },
    });
    setHandler(changeStepDeadline, (req) => this.changeDeadline(req.stepId, Date.parse(req.dueAt), req.actor, req.reason ?? ''), {
      validator: (req: DeadlineChangeRequest) => {
        this.guard(req.actor);
        if (!req.actor.admin || req.actor.county !== this.process.county) throw refuse('NOT_PERMITTED', "Only the county's administrators change deadlines");
        if (!req.reason?.trim()) throw refuse('INVALID_REQUEST', 'A deadline is moved with a reason');
        const step = this.steps.get(req.stepId);
        if (!step) throw refuse('UNKNOWN_STEP', `No step "${req.stepId}" in this process`);
        if (!isWaiting(step)) throw refuse(isClosed(step) ? 'WRONG_STATE' : 'NOT_YET_OPEN', `Step "${req.stepId}" is ${step.status}`);
        if (Number.isNaN(Date.parse(req.dueAt))) throw refuse('INVALID_REQUEST', `dueAt is not a date: ${req.dueAt}`);
      },
    });
    setHandler(retimeStepKind, (req) => this.retime(req));
    setHandler(previewRetime, (req) => this.previewRetime(req));
  }

  /** Adds a step and drives it in the background; it exists (and answers) from this moment. */
  open(definition: StepDefinition, options: OpenOptions = {}): string {
    const id = options.id ?? definition.kind;
    if (this.steps.has(id)) throw new Error(`Step "${id}" is already on the board`);
    const scheduled = options.opensAt !== undefined && options.opensAt > Date.now();
    const step: StepState = {
      id,
      definition,
      facts: [...(definition.facts ?? []), ...(options.facts ?? [])],
      status: scheduled ? 'SCHEDULED' : 'OPENING',
      chain: [],
      level: 0,
      overdue: false,
      blocked: false,
      opensAt: scheduled ? options.opensAt : undefined,
      absoluteDueAt: options.dueAt,
      fixedDueAt: options.fixedDueAt,
      ...(patched('deadline-from-open') && { openedFrom: scheduled ? options.opensAt : this.openingInstant(options.opensAt) }),
      reminders: 0,
      seq: 0,
      version: 0,
      escalations: [],
    };
    this.steps.set(id, step);
    publishDetails([...this.steps.values()], this.process.header?.());
    void this.drive(step);
    return id;
  }

  /**
   * When a step opening now opened: its given time, else the process's start for a step opened in
   * the first activation (queued start-up must not stretch it), else this moment.
   */
  private openingInstant(opensAt?: number): number {
    if (opensAt !== undefined) return opensAt;
    return Date.now() === this.firstActivation ? workflowInfo().startTime.getTime() : Date.now();
  }

  /** The next free instance id of a kind: `kind-1`, `kind-2`, … */
  nextId(kind: string): string {
    return `${kind}-${[...this.steps.values()].filter((s) => s.definition.kind === kind).length + 1}`;
  }

  /** Stops an open or scheduled step that is no longer needed; it sends nothing more. */
  async withdraw(id: string, reason: string): Promise<void> {
    const step = this.steps.get(id);
    if (!step || isClosed(step)) return;
    this.close(step, 'WITHDRAWN', { closedReason: reason });
    await this.record(step, 'WITHDRAWN', 'system', { reason });
  }

  /** Withdraws every open or scheduled step of these kinds (a recurring series stops); returns their ids. */
  async withdrawKinds(kinds: string[], reason: string): Promise<string[]> {
    const ids = [...this.steps.values()].filter((s) => kinds.includes(s.definition.kind) && !isClosed(s)).map((s) => s.id);
    await Promise.all(ids.map((id) => this.withdraw(id, reason)));
    return ids;
  }

  /**
   * Moves a step with the date it serves. A scheduled step opens at its new time; one still
   * opening takes the new date when it opens (and says so then); an open one (or, with
   * `reopen`, a completed one) gets a fresh deadline from now for its phase, capped or fixed by
   * the new date, back at level 0 if re-opened. Withdrawn and closed steps stay as they are.
   * Answers whether the owner was emailed.
   */
  async reschedule(id: string, to: Reschedule): Promise<boolean> {
    const step = this.steps.get(id);
    if (!step || step.status === 'WITHDRAWN' || step.status === 'CLOSED_BY_COORDINATOR') return false;
    Object.assign(step, {
      facts: to.facts ? [...(step.definition.facts ?? []), ...to.facts] : step.facts,
      absoluteDueAt: to.dueAt,
      fixedDueAt: to.fixedDueAt,
    });
    if (step.status === 'SCHEDULED' || step.status === 'OPENING' || step.status === 'BLOCKED') {
      if (step.status === 'SCHEDULED' && to.opensAt !== undefined) {
        step.opensAt = to.opensAt;
        if (step.openedFrom !== undefined) step.openedFrom = to.opensAt; // its deadline counts from the new opening
      }
      step.version++;
      this.publish();
      return false;
    }
    if (isClosed(step) && !to.reopen) {
      step.dueAt = step.fixedDueAt ?? step.absoluteDueAt ?? step.dueAt; // the email names the new date
      if (to.notify) await this.notify(step, 'RESCHEDULED');
      return Boolean(to.notify);
    }
    const phase = to.reopen || step.status === 'AWAITING_ACKNOWLEDGMENT' ? step.timers!.acknowledgeWithinSeconds : step.timers!.completeWithinSeconds!;
    const dueAt = step.fixedDueAt ?? this.capped(step, await this.addTime(Date.now(), phase, step.timers!));
    if (isClosed(step) && !to.reopen) return false; // acted on meanwhile: done for the new date too
    const restart = isClosed(step);
    if (to.reopen) {
      Object.assign(step, { status: 'AWAITING_ACKNOWLEDGMENT', level: 0, reminders: 0 });
      for (const k of [
        'acknowledgedAt',
        'acknowledgedBy',
        'acknowledgedByRepresentative',
        'completedAt',
        'completedBy',
        'completedByRepresentative',
        'outcome',
        'record',
      ] as const)
        delete step[k];
    }
    this.moveDeadline(step, dueAt);
    if (restart) void this.drive(step);
    await this.record(step, to.reopen ? 'REOPENED' : 'RESCHEDULED', 'system', { dueAt: iso(dueAt) });
    if (to.notify && isWaiting(step)) await this.notify(step, 'RESCHEDULED');
    return Boolean(to.notify);
  }

  /** Opens a scheduled step now (e.g. LE recorded that the interview ended). */
  openNow(id: string): void {
    const step = this.steps.get(id);
    if (step?.status !== 'SCHEDULED') return;
    step.opensAt = Date.now();
    if (step.openedFrom !== undefined) step.openedFrom = step.opensAt;
    step.status = 'OPENING';
    step.version++;
  }

  /**
   * The process learned the step's work is done (e.g. a status recorded on its own route, by any
   * agency the process lets record it): completed as that actor once open; withdrawn if not open yet.
   */
  async settle(id: string, actor: Actor, reason: string): Promise<void> {
    const step = this.steps.get(id);
    if (!step) return;
    await condition(() => step.status !== 'OPENING');
    if (isWaiting(step)) await this.completed(step, { stepId: id, actor });
    else await this.withdraw(id, reason);
  }

  has(id: string): boolean {
    return this.steps.has(id);
  }

  statusOf(id: string): StepStatus | undefined {
    return this.steps.get(id)?.status;
  }

  /** Every step is completed, withdrawn or closed. */
  allClosed(): boolean {
    return [...this.steps.values()].every(isClosed);
  }

  /**
   * Waits until `done()` (then returns 'done') or until the history should start afresh (then
   * 'continue-as-new'), in either case only when no activity or update handler is in flight.
   */
  async until(done: () => boolean): Promise<'done' | 'continue-as-new'> {
    const quiet = () => this.inFlight === 0 && allHandlersFinished();
    await condition(() => quiet() && (done() || this.historyIsLong()));
    return done() ? 'done' : 'continue-as-new';
  }

  snapshot(): BoardState {
    return { steps: [...this.steps.values()], reporters: this.reporters };
  }

  /** An agency that reported into the process is a party from then on (need to know). */
  addReporter(agencyId: string): void {
    if (agencyId === this.process.initiatingAgencyId || this.reporters.includes(agencyId)) return;
    this.reporters.push(agencyId);
    this.publish();
  }

  /** The whole view, or (given an actor) what that caller may read of it. */
  view(actor?: Actor, consent: ConsentCategory[] = []): ProcessView {
    const { obligation, youthRef, county, initiatingAgencyId } = this.process;
    const steps = actor ? stepsFor(this.need(), actor, consent) : [...this.steps.values()].map(toView);
    return { obligation, youthRef, county, initiatingAgencyId, open: !this.allClosed(), steps };
  }

  /** Whether the process exists for this caller (need to know). */
  visibleTo(actor: Actor): boolean {
    return maySee(this.need(), actor);
  }

  /** Every validator's first check: to a caller without need to know, the process does not exist. */
  guard(actor: Actor): void {
    if (!this.visibleTo(actor)) throw refuse('NOT_FOUND', 'No such process');
  }

  private need() {
    return { county: this.process.county, initiatingAgencyId: this.process.initiatingAgencyId, reporters: this.reporters, steps: [...this.steps.values()] };
  }

  private historyIsLong(): boolean {
    const info = workflowInfo();
    const limit = this.process.continueAsNewAfterEvents;
    return info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
  }

  /** One step's life, from wherever its state says it is (a carried step resumes mid-way). */
  private async drive(step: StepState): Promise<void> {
    while (step.status === 'SCHEDULED') {
      const version = step.version;
      if (!(await this.waitForChange(step, version, step.opensAt!)) && step.version === version) step.status = 'OPENING';
    }
    if (step.status === 'OPENING' || step.status === 'BLOCKED') await this.openStep(step);
    while (isWaiting(step)) {
      const version = step.version;
      if (!(await this.waitForChange(step, version, step.dueAt!)) && step.version === version) await this.escalate(step);
    }
  }

  /** True if the step changed before `until`; false once `until` has passed. */
  private async waitForChange(step: StepState, version: number, until: number): Promise<boolean> {
    const remaining = until - Date.now();
    return remaining > 0 && (await condition(() => step.version !== version, remaining));
  }

  private async openStep(step: StepState): Promise<void> {
    const lookedUp = await this.lookUp(step);
    if (!lookedUp || isClosed(step)) return;
    const [timers, chain] = lookedUp;
    // The deadline counts from the opening (patch deadline-from-open), never from when the look-ups returned.
    const now = step.openedFrom ?? Date.now();
    const relative = this.capped(step, await this.addTime(now, timers.acknowledgeWithinSeconds, timers));
    const dueAt = step.fixedDueAt ?? relative;
    if (isClosed(step)) return;
    // All at once: other steps publish the board while this one waits for its deadline.
    Object.assign(step, { timers, chain, openedAt: now, status: 'AWAITING_ACKNOWLEDGMENT', dueAt, version: step.version + 1 });
    const recur = step.definition.recurEverySeconds;
    if (recur) this.open(step.definition, { id: this.nextId(step.definition.kind), opensAt: (step.opensAt ?? now) + recur * 1000 });
    await this.record(step, 'OPENED', 'system');
    if (step.status === 'AWAITING_ACKNOWLEDGMENT') await this.notify(step, 'ASSIGNED');
  }

  /** Timers and chain; on a directory gap the step is blocked, the coordinator told once, and the look-up retried. */
  private async lookUp(step: StepState): Promise<[StepTimers, Party[]] | undefined> {
    const { obligation, county } = this.process;
    const { kind, defaults, assignee } = step.definition;
    for (;;) {
      try {
        const [timers, chain] = await this.tracked(
          Promise.all([
            timerPolicy(obligation, kind, defaults, county),
            escalationChain({ ...assignee, county, confidential: isConfidential(step.definition) }),
          ]),
        );
        if (step.blocked) {
          step.blocked = false;
          await this.record(step, 'UNBLOCKED', 'system');
        }
        return [{ ...timers, clock: timers.clock ?? 'calendar' }, chain];
      } catch (err) {
        if (isCancellation(err)) throw err;
        // Every failed recheck, not only the first: the step shows (and refuses actions) as blocked.
        step.status = 'BLOCKED';
        if (!step.blocked) {
          step.blocked = true;
          await this.record(step, 'BLOCKED', 'system', { reason: err instanceof ActivityFailure && err.cause ? err.cause.message : String(err) });
          const coordinator = await this.tracked(countyCoordinator(county));
          if (coordinator) await this.notify(step, 'BLOCKED', coordinator);
        }
        await condition(() => isClosed(step), (this.process.blockedRecheckSeconds ?? 300) * 1000);
        // Still BLOCKED while it looks again: a recheck that fails keeps it so, one that works opens it.
        if (isClosed(step)) return undefined;
      }
    }
  }

  private async escalate(step: StepState): Promise<void> {
    if (patched('directory-live') && !(await this.rereadChain(step))) return;
    const top = step.chain.length - 1;
    const reason: NotificationReason = step.level < top ? 'ESCALATED' : 'REMINDER';
    // Past the top the coordinator is reminded ever less often: each interval doubles, up to a day.
    const interval = Math.min(step.timers!.escalateEverySeconds * 2 ** (reason === 'REMINDER' ? step.reminders : 0), DAY_MS / 1000);
    const version = step.version;
    const dueAt = await this.addTime(Date.now(), interval, step.timers!);
    if (step.version !== version) return; // acted on or re-timed meanwhile
    step.level = Math.min(step.level + 1, top);
    step.overdue = true;
    if (reason === 'REMINDER') step.reminders++;
    step.dueAt = dueAt;
    step.escalations.push({ level: step.level, at: iso(Date.now()) });
    const status = step.status;
    await this.record(step, reason, 'system');
    // Acted on while the escalation was being recorded: nobody needs the overdue email now.
    if (step.status === status) await this.notify(step, reason);
  }

  /**
   * The chain as the directory has it now, so an administrator's change reaches the next
   * escalation. The owner stays: a chain now led by another agency (a new designation) is not
   * taken, nor is one a look-up failed to give. False if the step was acted on meanwhile.
   */
  private async rereadChain(step: StepState): Promise<boolean> {
    const version = step.version;
    const owner = step.chain[0];
    try {
      const chain = await this.tracked(
        currentChain({
          agencyId: owner.agencyId,
          role: owner.role,
          otherwise: designatedOf(step.definition.assignee),
          county: this.process.county,
          confidential: isConfidential(step.definition),
        }),
      );
      if (step.version === version && chain[0].agencyId === owner.agencyId && chain[0].role === owner.role) step.chain = chain;
    } catch (err) {
      if (isCancellation(err)) throw err;
    }
    return step.version === version;
  }

  private async notify(step: StepState, reason: NotificationReason, party: Party = step.chain[step.level]): Promise<void> {
    const { workflowId, firstExecutionRunId } = workflowInfo();
    const version = step.version;
    const request: NotifyRequest = {
      // The first run's id keeps keys stable across continue-as-new, and unique if the workflow id is reused.
      key: `${workflowId}:${firstExecutionRunId}:${step.id}:${step.seq}`,
      workflowId,
      obligation: this.process.obligation,
      youthRef: this.process.youthRef,
      stepId: step.id,
      // The coordinator told of a blocked confidential step learns only whose it is.
      ...(reason === 'BLOCKED' && isConfidential(step.definition)
        ? { stepTitle: `A confidential step of the ${designatedOf(step.definition.assignee).agencyType} agency`, facts: [] }
        : { stepTitle: step.definition.title, facts: step.facts }),
      reason,
      level: step.level,
      party,
      dueAt: iso(step.dueAt ?? Date.now()),
      actions: reason === 'BLOCKED' ? [] : this.pendingActions(step),
    };
    try {
      const { recipients } = await this.tracked(notifyParty(request));
      if (recipients > 0 || reason === 'BLOCKED') return;
    } catch (err) {
      if (isCancellation(err)) throw err;
      // Mail is failing, not people: the next deadline escalates (and notifies) as usual.
      await this.record(step, 'NOTIFY_FAILED', 'system');
      if (patched(NOTIFY_REDELIVERY)) void this.redeliver(step, request);
      return;
    }
    await this.record(step, 'NO_RECIPIENT', 'system');
    // Nobody on the roster at this level: go up the chain now, unless the step moved meanwhile.
    if (step.version === version && step.level < step.chain.length - 1) this.moveDeadline(step, Date.now());
  }

  /**
   * A notification that failed (mail or database down), tried again in the background every
   * notifyRetrySeconds while its step is open: the same key, so at most the one message. A
   * continue-as-new while it waits drops it (the next escalation still notifies).
   */
  private async redeliver(step: StepState, request: NotifyRequest): Promise<void> {
    const every = (this.process.notifyRetrySeconds ?? 300) * 1000;
    for (;;) {
      if (await condition(() => isClosed(step), every)) return;
      try {
        await this.tracked(notifyParty(request));
        await this.record(step, 'NOTIFY_REDELIVERED', 'system');
        return;
      } catch (err) {
        if (isCancellation(err)) return;
      }
    }
  }

  private pendingActions(step: StepState): ('acknowledge' | 'complete')[] {
    if (isClosed(step)) return []; // told of a move only
    if (step.status !== 'AWAITING_ACKNOWLEDGMENT') return ['complete'];
    return step.timers!.completeWithinSeconds === null ? ['acknowledge'] : ['acknowledge', 'complete'];
  }

  /** Validators: permission first, so a caller who may not act learns nothing about the step. */
  private validate({ stepId, actor, outcome, record }: StepActionRequest, action: 'acknowledge' | 'complete' | 'close'): void {
    this.guard(actor);
    const step = this.steps.get(stepId);
    // Another agency's confidential step does not exist for the caller, under its own id either.
    if (!step || !mayAddress(step, actor, this.process.county)) throw refuse('UNKNOWN_STEP', `No step "${stepId}" in this process`);
    const role = mayAct(step, actor, this.process.county);
    const allowed = action === 'acknowledge' ? role !== false : action === 'complete' ? role === 'owner' : role === 'coordinator';
    if (!allowed) throw refuse('NOT_PERMITTED', `Your agency may not ${action} step "${stepId}"`);
    if (step.status === 'SCHEDULED' || step.status === 'BLOCKED') throw refuse('NOT_YET_OPEN', `Step "${stepId}" is not open yet (${step.status})`);
    if (isClosed(step) || (action === 'acknowledge' && step.status === 'AWAITING_COMPLETION')) {
      throw refuse('WRONG_STATE', `Step "${stepId}" is ${step.status}`);
    }
    if (outcome !== undefined && !(step.definition.outcomes ?? []).includes(outcome)) {
      throw refuse('INVALID_REQUEST', `Step "${stepId}" takes the outcomes: ${(step.definition.outcomes ?? []).join(', ') || 'none'}`);
    }
    const records = step.definition.completionRecords;
    if (action === 'complete' && Boolean(records) !== Boolean(record?.trim())) {
      throw refuse('INVALID_REQUEST', records ? `Completing step "${stepId}" records ${records}` : `Step "${stepId}" records nothing on completion`);
    }
  }

  /** An action sent while the step is still opening waits for it, then checks again. */
  private async opened(req: StepActionRequest, action: 'acknowledge' | 'complete' | 'close'): Promise<StepState> {
    const step = this.steps.get(req.stepId)!;
    if (step.status === 'OPENING') {
      await condition(() => step.status !== 'OPENING');
      this.validate(req, action);
    }
    return step;
  }

  private async acknowledge(req: StepActionRequest): Promise<StepView> {
    const step = await this.opened(req, 'acknowledge');
    const { completeWithinSeconds } = step.timers!;
    const ackCompletes = completeWithinSeconds === null;
    const completeBy = ackCompletes ? undefined : this.capped(step, await this.addTime(step.openedAt!, completeWithinSeconds, step.timers!));
    if (step.status !== 'AWAITING_ACKNOWLEDGMENT') throw refuse('WRONG_STATE', `Step "${step.id}" is ${step.status}`); // changed meanwhile
    this.acknowledged(step, req.actor);
    if (ackCompletes) this.close(step, 'COMPLETED', { by: req.actor });
    else {
      step.status = 'AWAITING_COMPLETION';
      this.moveDeadline(step, completeBy!);
    }
    await this.record(step, 'ACKNOWLEDGED', req.actor);
    if (ackCompletes) await this.record(step, 'COMPLETED', req.actor);
    return toView(step);
  }

  /** Completing an unacknowledged step acknowledges it at the same moment. */
  private async complete(req: StepActionRequest): Promise<StepView> {
    const step = await this.opened(req, 'complete');
    await this.completed(step, req);
    return toView(step);
  }

  private async completed(step: StepState, req: StepActionRequest): Promise<void> {
    const unacknowledged = step.status === 'AWAITING_ACKNOWLEDGMENT';
    if (unacknowledged) this.acknowledged(step, req.actor);
    this.close(step, 'COMPLETED', { by: req.actor, outcome: req.outcome, record: req.record });
    if (unacknowledged) await this.record(step, 'ACKNOWLEDGED', req.actor);
    await this.record(step, 'COMPLETED', req.actor, { ...(req.outcome && { outcome: req.outcome }), ...(req.record && { record: req.record }) });
  }

  /** Recorded as the coordinator's closure, not as the owing agency's work done. */
  private async coordinatorClose(stepId: string, actor: Actor, reason: string): Promise<StepView> {
    const step = await this.opened({ stepId, actor }, 'close');
    this.close(step, 'CLOSED_BY_COORDINATOR', { by: actor, closedReason: reason });
    await this.record(step, 'CLOSED_BY_COORDINATOR', actor, { reason });
    return toView(step);
  }

  private acknowledged(step: StepState, actor: Actor): void {
    step.acknowledgedAt = Date.now();
    step.acknowledgedBy = actor.agencyId;
    step.acknowledgedByRepresentative = actor.representativeId;
  }

  private close(
    step: StepState,
    status: 'COMPLETED' | 'WITHDRAWN' | 'CLOSED_BY_COORDINATOR',
    o: { by?: Actor; outcome?: string; record?: string; closedReason?: string },
  ): void {
    step.status = status;
    step.completedAt = Date.now();
    step.completedBy = o.by?.agencyId;
    step.completedByRepresentative = o.by?.representativeId;
    step.outcome = o.outcome;
    step.record = o.record;
    step.closedReason = o.closedReason;
    step.overdue = false;
    step.version++;
  }

  private async changeDeadline(stepId: string, dueAt: number, actor: Actor, reason: string): Promise<StepView> {
    const step = this.steps.get(stepId)!;
    const previous = step.dueAt!;
    this.moveDeadline(step, dueAt);
    await this.record(step, 'DEADLINE_CHANGED', actor, { dueAt: iso(dueAt), previousDueAt: iso(previous), reason });
    return toView(step);
  }

  /**
   * A policy rollout re-times every waiting step of a kind, once per rollout. A step past its
   * new deadline escalates at once (strict) or becomes due after the grace period.
   */
  private async retime(req: RetimeRequest): Promise<RetimeResult> {
    // Histories from before rollouts never reach this handler; the marker dates the first re-timing.
    if (!patched(RETIME_PATCH)) throw refuse('INVALID_REQUEST', 'This process predates policy rollouts');
    const ofKind = [...this.steps.values()].filter((s) => s.definition.kind === req.kind);
    const result = tally(ofKind.some((s) => s.retimedBy === req.rolloutId) ? 'already' : 'unaffected');
    if (result.outcome === 'already') return result;
    for (const step of ofKind.filter(isWaiting)) {
      const version = step.version;
      const timers = retimed(step, req);
      const basis = retimeBasis(step, req);
      const due = basis ? this.cappedIf(step, basis, await this.addTime(basis.from, basis.seconds, timers)) : step.dueAt!;
      if (step.version !== version) continue; // acted on meanwhile: its own deadline stands
      const previous = step.dueAt!;
      const effect = effectOf(due, Date.now(), req);
      step.timers = timers;
      step.retimedBy = req.rolloutId;
      this.moveDeadline(step, effect === 'graced' ? Date.now() + req.graceSeconds * 1000 : effect === 'escalateNow' ? Date.now() : due);
      result[effect]++;
      result.outcome = 'updated';
      await this.record(step, 'RETIMED', 'system', { rolloutId: req.rolloutId, previousDueAt: iso(previous), dueAt: iso(step.dueAt!), overdue: req.overdue });
    }
    return result;
  }

  /** What `retime` would do, changing nothing; a clock other than calendar time is counted as calendar time (it can only add escalations). */
  private previewRetime(req: RetimeRequest): RetimeResult {
    const ofKind = [...this.steps.values()].filter((s) => s.definition.kind === req.kind);
    const result = tally(ofKind.some((s) => s.retimedBy === req.rolloutId) ? 'already' : 'unaffected');
    if (result.outcome === 'already') return result;
    for (const step of ofKind.filter(isWaiting)) {
      const basis = retimeBasis(step, req);
      result[effectOf(basis ? this.cappedIf(step, basis, basis.from + basis.seconds * 1000) : step.dueAt!, req.asOf ?? Date.now(), req)]++;
      result.outcome = 'updated';
    }
    return result;
  }

  private cappedIf(step: StepState, basis: RetimeBasis, dueAt: number): number {
    return basis.capped ? this.capped(step, dueAt) : dueAt;
  }

  /** Re-arms the waiting loop; a deadline already past escalates at once. */
  private moveDeadline(step: StepState, dueAt: number): void {
    step.dueAt = dueAt;
    step.overdue = dueAt <= Date.now();
    step.version++;
  }

  /** An absolute deadline (before a hearing) wins over a later relative one. */
  private capped(step: StepState, dueAt: number): number {
    return step.absoluteDueAt === undefined ? dueAt : Math.min(dueAt, step.absoluteDueAt);
  }

  /** Calendar time is plain arithmetic; other clocks ask the county calendar (an activity, so replay is deterministic). */
  private async addTime(from: number, seconds: number, timers: StepTimers): Promise<number> {
    if (timers.clock === 'calendar') return from + seconds * 1000;
    return Date.parse(await this.tracked(deadline({ county: this.process.county, from: iso(from), seconds, clock: timers.clock })));
  }

  private async tracked<T>(activity: Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await activity;
    } finally {
      this.inFlight--;
    }
  }

  /** Audit row + reporting fact for a transition, then refresh what coordinators see. */
  private async record(step: StepState, event: string, by: Actor | 'system', detail?: Record<string, string>): Promise<void> {
    const { workflowId, firstExecutionRunId } = workflowInfo();
    const seq = ++step.seq;
    this.publish();
    await this.tracked(
      recordTransition({
        key: `${workflowId}:${firstExecutionRunId}:${step.id}:${seq}:${event}`,
        at: iso(Date.now()),
        workflowId,
        obligation: this.process.obligation,
        county: this.process.county,
        stepId: step.id,
        stepKind: step.definition.kind,
        youthRef: this.process.youthRef,
        event,
        level: step.level,
        agencyId: step.chain[step.level]?.agencyId ?? null,
        actor: by === 'system' ? by : label(by),
        representativeId: by === 'system' ? undefined : by.representativeId,
        detail,
      }),
    );
  }

  /** Refreshes what coordinators see (e.g. after the process's own state, not a step, changed). */
  publish(): void {
    publishBoard(this.need(), this.process.header?.());
  }
}
