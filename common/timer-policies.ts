// The county's timer policies as administrators see and change them: each step kind of the
// catalog, its default, the value in force (the county's row, else one for every county), its
// ceiling and its last change. Plain functions over rows the API reads.
import type { TimerPolicy, TimerPolicyChange } from '../prisma/generated/client';
import { stepCatalog } from '../workflows/step-catalog';
import { ceilingOf, legalCeiling, POLICY_FLOOR_SECONDS } from '../workflows/step-ceilings';
import type { StepDefinition } from '../workflows/types';

export interface TimerValues {
  acknowledgeWithinSeconds: number;
  /** null: acknowledging the step completes it. */
  completeWithinSeconds: number | null;
  escalateEverySeconds: number;
}

export interface PolicyChangeView {
  by: string;
  at: string;
  reason: string;
  scope: 'new' | 'running';
  previous: TimerValues;
  next: TimerValues;
  rolloutId: string | null;
}

export interface TimerPolicyView {
  obligation: string;
  step: string;
  title: string;
  clock: string;
  /** The MOU's or the law's default (the step definition's). */
  defaults: TimerValues;
  /** What new steps of the kind get in the caller's county. */
  value: TimerValues;
  /** Where `value` comes from: the definition, the county's own policy, or a policy for every county. */
  source: 'default' | 'county' | 'all-counties';
  /** The most any timer of the kind may be (a legal ceiling where the law sets one). */
  maxSeconds: number;
  legalCeiling: { seconds: number; source: string } | null;
  lastChange: PolicyChangeView | null;
}

export interface PolicyKind {
  obligation: string;
  definition: StepDefinition;
}

/** Every (obligation, step kind) once, in the catalog's order. */
export const policyKinds: PolicyKind[] = [...new Map(stepCatalog.map((e) => [`${e.obligation}/${e.definition.kind}`, e])).values()].map(
  ({ obligation, definition }) => ({ obligation, definition }),
);

export const findKind = (obligation: string, step: string) => policyKinds.find((k) => k.obligation === obligation && k.definition.kind === step);

const values = (t: TimerValues): TimerValues => ({
  acknowledgeWithinSeconds: t.acknowledgeWithinSeconds,
  completeWithinSeconds: t.completeWithinSeconds,
  escalateEverySeconds: t.escalateEverySeconds,
});

/** The county's own row wins over one for every county (''). */
export const rowFor = (rows: TimerPolicy[], county: string) => rows.find((r) => r.county === county) ?? rows.find((r) => r.county === '');

const changeView = (c: TimerPolicyChange): PolicyChangeView => ({
  by: c.actor,
  at: c.at.toISOString(),
  reason: c.reason,
  scope: c.scope as PolicyChangeView['scope'],
  previous: c.previous as unknown as TimerValues,
  next: c.next as unknown as TimerValues,
  rolloutId: c.rolloutId,
});

export function policyView(kind: PolicyKind, county: string, rows: TimerPolicy[], lastChange?: TimerPolicyChange): TimerPolicyView {
  const { obligation, definition } = kind;
  const row = rowFor(rows, county);
  return {
    obligation,
    step: definition.kind,
    title: definition.title,
    clock: row?.clock ?? definition.defaults.clock,
    defaults: values(definition.defaults),
    value: values(row ?? definition.defaults),
    source: !row ? 'default' : row.county === '' ? 'all-counties' : 'county',
    maxSeconds: ceilingOf(obligation, definition.kind),
    legalCeiling: legalCeiling(obligation, definition.kind) ?? null,
    lastChange: lastChange ? changeView(lastChange) : null,
  };
}

export type TimerField = keyof TimerValues;
export const timerFields: TimerField[] = ['acknowledgeWithinSeconds', 'completeWithinSeconds', 'escalateEverySeconds'];

/** The new values, and each problem with them by field: bounds, a completion the kind does not have, acknowledging after completing. */
export function applyChange(kind: PolicyKind, current: TimerValues, change: Partial<Record<TimerField, number>>, floor = POLICY_FLOOR_SECONDS) {
  const max = ceilingOf(kind.obligation, kind.definition.kind);
  const problems: { field: TimerField; message: string }[] = [];
  for (const field of timerFields) {
    const v = change[field];
    if (v === undefined) continue;
    if (field === 'completeWithinSeconds' && current.completeWithinSeconds === null)
      problems.push({ field, message: 'this step kind has no completion deadline' });
    else if (v < floor || v > max) problems.push({ field, message: `must be between ${floor} and ${max} seconds` });
  }
  const next: TimerValues = {
    acknowledgeWithinSeconds: change.acknowledgeWithinSeconds ?? current.acknowledgeWithinSeconds,
    completeWithinSeconds: current.completeWithinSeconds === null ? null : (change.completeWithinSeconds ?? current.completeWithinSeconds),
    escalateEverySeconds: change.escalateEverySeconds ?? current.escalateEverySeconds,
  };
  if (!problems.length && next.completeWithinSeconds !== null && next.acknowledgeWithinSeconds > next.completeWithinSeconds) {
    problems.push({ field: 'acknowledgeWithinSeconds', message: 'must not be later than the completion deadline' });
  }
  return { next, problems };
}
