// The one primitive: a step with an owner, a deadline and an escalation chain.
// A StepBoard owns the steps of one process; each obligation composes `board.run(step)`.
import {
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AssigneeSpec, NotificationReason, StepTimers } from '../activities/types';
import type { LinkAction } from '../common/links';
import {
  acknowledgeStep,
  changeStepDeadline,
  completeStep,
  processState,
  type Actor,
  type DeadlineChangeRequest,
  type Party,
  type ProcessView,
  type StepActionRequest,
  type StepStatus,
  type StepView,
} from './messages';
import { EscalationLevel, NextDeadline, Overdue, OwingAgency } from './search-attributes';

// Look-ups must eventually succeed for the step to exist, so they retry until they do.
const { timerPolicy, escalationChain, recordTransition } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
// A notification that keeps failing must not hold the step: the next deadline escalates anyway.
const { notifyParty } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, maximumInterval: '30 seconds' },
});

export interface StepDefinition {
  id: string;
  /** Plain words, shown to coordinators and in emails. */
  title: string;
  assignee: Omit<AssigneeSpec, 'county'>;
  /** Non-identifying facts the assignee needs to act. */
  facts?: string[];
}

export interface ProcessContext {
  obligation: string;
  youthRef: string;
  county: string;
  initiatingAgencyId?: string;
}

interface OpenStep {
  definition: StepDefinition;
  timers: StepTimers;
  chain: Party[];
  status: StepStatus;
  level: number;
  overdue: boolean;
  openedAt: number;
  dueAt: number;
  /** Bumped on every change a waiting step must react to. */
  version: number;
  /** Counts transitions; makes activity idempotency keys deterministic. */
  seq: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  completedAt?: number;
  completedBy?: string;
  escalations: { level: number; at: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export class StepBoard {
  private readonly steps = new Map<string, OpenStep>();

  constructor(private readonly process: ProcessContext) {
    setHandler(acknowledgeStep, (req) => this.acknowledge(req), {
      validator: (req: StepActionRequest) => void this.actionable(req, 'AWAITING_ACKNOWLEDGMENT'),
    });
    setHandler(completeStep, (req) => this.complete(req), {
      validator: (req: StepActionRequest) => void this.actionable(req),
    });
    setHandler(changeStepDeadline, (req) => this.changeDeadline(req.stepId, Date.parse(req.dueAt), req.actor), {
      validator: (req: DeadlineChangeRequest) => {
        this.open(req.stepId);
        if (!req.actor.admin || req.actor.county !== this.process.county) {
          throw new Error("NOT_PERMITTED: only the county's administrators change deadlines");
        }
        if (Number.isNaN(Date.parse(req.dueAt))) throw new Error(`dueAt is not a date: ${req.dueAt}`);
      },
    });
    setHandler(processState, () => this.view());
  }

  /** Runs one step to completion: notify, wait, escalate on every missed deadline. */
  async run(definition: StepDefinition): Promise<StepView> {
    const assignee: AssigneeSpec = { ...definition.assignee, county: this.process.county };
    const [timers, chain] = await Promise.all([timerPolicy(this.process.obligation, definition.id), escalationChain(assignee)]);
    const now = Date.now();
    const step: OpenStep = {
      definition,
      timers,
      chain,
      status: 'AWAITING_ACKNOWLEDGMENT',
      level: 0,
      overdue: false,
      openedAt: now,
      dueAt: now + timers.acknowledgeWithinSeconds * 1000,
      version: 0,
      seq: 0,
      escalations: [],
    };
    this.steps.set(definition.id, step);
    await this.record(step, 'OPENED', 'system');
    if (step.status === 'AWAITING_ACKNOWLEDGMENT') await this.notify(step, 'ASSIGNED');

    while (step.status !== 'COMPLETED') {
      const version = step.version;
      const remaining = step.dueAt - Date.now();
      if (remaining > 0 && (await condition(() => step.version !== version, remaining))) continue;
      if (step.version !== version) continue;
      await this.escalate(step);
    }
    return this.stepView(step);
  }

  /** Resolves once no update handler is still recording; call before the workflow returns. */
  async settled(): Promise<void> {
    await condition(allHandlersFinished);
  }

  view(): ProcessView {
    const { obligation, youthRef, county, initiatingAgencyId } = this.process;
    return { obligation, youthRef, county, initiatingAgencyId, steps: [...this.steps.values()].map((s) => this.stepView(s)) };
  }

  private async escalate(step: OpenStep): Promise<void> {
    const top = step.chain.length - 1;
    const reason: NotificationReason = step.level < top ? 'ESCALATED' : 'REMINDER';
    step.level = Math.min(step.level + 1, top);
    step.overdue = true;
    step.dueAt = Date.now() + step.timers.escalateEverySeconds * 1000;
    step.escalations.push({ level: step.level, at: iso(Date.now()) });
    const status = step.status;
    await this.record(step, reason, 'system');
    // Acted on while the escalation was being recorded: nobody needs the overdue email now.
    if (step.status === status) await this.notify(step, reason);
  }

  private async notify(step: OpenStep, reason: NotificationReason): Promise<void> {
    const party = step.chain[step.level];
    const { workflowId, runId } = workflowInfo();
    const version = step.version;
    try {
      const { recipients } = await notifyParty({
        // The run id keeps keys unique if the workflow id is ever reused after retention.
        key: `${workflowId}:${runId}:${step.definition.id}:${step.seq}`,
        workflowId,
        obligation: this.process.obligation,
        youthRef: this.process.youthRef,
        stepId: step.definition.id,
        stepTitle: step.definition.title,
        facts: step.definition.facts ?? [],
        reason,
        level: step.level,
        party,
        dueAt: iso(step.dueAt),
        actions: this.pendingActions(step),
      });
      if (recipients > 0) return;
    } catch (err) {
      if (isCancellation(err)) throw err;
      // Mail is failing, not people: the next deadline escalates (and notifies) as usual.
      await this.record(step, 'NOTIFY_FAILED', 'system');
      return;
    }
    await this.record(step, 'NO_RECIPIENT', 'system');
    // Nobody on the roster at this level: go up the chain now, unless the step moved meanwhile.
    if (step.version === version && step.level < step.chain.length - 1) this.moveDeadline(step, Date.now());
  }

  /** What the step still waits for; a step without a completion phase is done when acknowledged. */
  private pendingActions(step: OpenStep): LinkAction[] {
    if (step.status !== 'AWAITING_ACKNOWLEDGMENT') return ['complete'];
    return step.timers.completeWithinSeconds === null ? ['acknowledge'] : ['acknowledge', 'complete'];
  }

  private async acknowledge({ stepId, actor }: StepActionRequest): Promise<StepView> {
    const step = this.open(stepId);
    step.acknowledgedAt = Date.now();
    step.acknowledgedBy = actor.agencyId;
    const ackCompletes = step.timers.completeWithinSeconds === null;
    if (ackCompletes) this.close(step, actor);
    else {
      step.status = 'AWAITING_COMPLETION';
      this.moveDeadline(step, step.openedAt + step.timers.completeWithinSeconds! * 1000);
    }
    await this.record(step, 'ACKNOWLEDGED', this.actorLabel(actor));
    if (ackCompletes) await this.record(step, 'COMPLETED', this.actorLabel(actor));
    return this.stepView(step);
  }

  /** Completing an unacknowledged step acknowledges it at the same moment. */
  private async complete({ stepId, actor }: StepActionRequest): Promise<StepView> {
    const step = this.open(stepId);
    const unacknowledged = step.status === 'AWAITING_ACKNOWLEDGMENT';
    if (unacknowledged) {
      step.acknowledgedAt = Date.now();
      step.acknowledgedBy = actor.agencyId;
    }
    this.close(step, actor);
    if (unacknowledged) await this.record(step, 'ACKNOWLEDGED', this.actorLabel(actor));
    await this.record(step, 'COMPLETED', this.actorLabel(actor));
    return this.stepView(step);
  }

  private close(step: OpenStep, actor: Actor): void {
    step.status = 'COMPLETED';
    step.completedAt = Date.now();
    step.completedBy = actor.agencyId;
    step.overdue = false;
    step.version++;
  }

  private async changeDeadline(stepId: string, dueAt: number, actor: Actor): Promise<StepView> {
    const step = this.open(stepId);
    this.moveDeadline(step, dueAt);
    await this.record(step, 'DEADLINE_CHANGED', this.actorLabel(actor), { dueAt: iso(dueAt) });
    return this.stepView(step);
  }

  /** Re-arms the waiting loop; a deadline already past escalates at once. */
  private moveDeadline(step: OpenStep, dueAt: number): void {
    step.dueAt = dueAt;
    step.overdue = dueAt <= Date.now();
    step.version++;
  }

  /** Update validator: the step exists, is in the right state, and the caller may act on it. */
  private actionable({ stepId, actor }: StepActionRequest, expected?: StepStatus): OpenStep {
    const step = this.open(stepId);
    if (expected && step.status !== expected) {
      throw new Error(`WRONG_STATE: step "${stepId}" is ${step.status}, not ${expected}`);
    }
    const mayAct = step.chain.slice(0, step.level + 1).some((p) => p.agencyId === actor.agencyId);
    if (!mayAct) throw new Error(`NOT_PERMITTED: agency "${actor.agencyId}" does not owe step "${stepId}"`);
    return step;
  }

  private open(stepId: string): OpenStep {
    const step = this.steps.get(stepId);
    if (!step) throw new Error(`UNKNOWN_STEP: no open step "${stepId}" in this process`);
    if (step.status === 'COMPLETED') throw new Error(`WRONG_STATE: step "${stepId}" is already completed`);
    return step;
  }

  private actorLabel(actor: Actor): string {
    return `${actor.agencyId} (${actor.via})`;
  }

  /** Audit row + reporting fact for a transition, then refresh what coordinators see. */
  private async record(step: OpenStep, event: string, actor: string, detail?: Record<string, string>) {
    const { workflowId, runId } = workflowInfo();
    const seq = ++step.seq;
    this.publish();
    await recordTransition({
      key: `${workflowId}:${runId}:${step.definition.id}:${seq}:${event}`,
      at: iso(Date.now()),
      workflowId,
      obligation: this.process.obligation,
      county: this.process.county,
      stepId: step.definition.id,
      event,
      level: step.level,
      agencyId: step.chain[step.level]?.agencyId ?? null,
      actor,
      detail,
    });
  }

  /** Search attributes and the UI's current details, computed over all open steps. */
  private publish(): void {
    const open = [...this.steps.values()].filter((s) => s.status !== 'COMPLETED');
    const next = open.length ? Math.min(...open.map((s) => s.dueAt)) : null;
    upsertSearchAttributes([
      { key: OwingAgency, value: [...new Set(open.map((s) => s.chain[s.level].agencyId))] },
      { key: Overdue, value: open.some((s) => s.overdue) },
      { key: EscalationLevel, value: Math.max(0, ...open.map((s) => s.level)) },
      { key: NextDeadline, value: next === null ? null : new Date(next) },
    ]);
    const lines = [...this.steps.values()].map((s) => {
      const owing = s.chain[s.level];
      if (s.status === 'COMPLETED') return `- ${s.definition.title}: done ${iso(s.completedAt!)} by ${s.completedBy}`;
      const wait = s.status === 'AWAITING_ACKNOWLEDGMENT' ? 'acknowledge' : 'complete';
      const late = s.overdue ? ` — OVERDUE, escalation level ${s.level}` : '';
      return `- ${s.definition.title}: waiting on ${owing.agencyName} (${owing.role}) to ${wait} by ${iso(s.dueAt)}${late}`;
    });
    setCurrentDetails(lines.join('\n'));
  }

  private stepView(s: OpenStep): StepView {
    return {
      id: s.definition.id,
      title: s.definition.title,
      status: s.status,
      chain: s.chain,
      level: s.level,
      owing: s.chain[s.level],
      overdue: s.overdue,
      dueAt: s.status === 'COMPLETED' ? null : iso(s.dueAt),
      openedAt: iso(s.openedAt),
      acknowledgedAt: s.acknowledgedAt === undefined ? undefined : iso(s.acknowledgedAt),
      acknowledgedBy: s.acknowledgedBy,
      completedAt: s.completedAt === undefined ? undefined : iso(s.completedAt),
      completedBy: s.completedBy,
      escalations: s.escalations,
    };
  }
}
