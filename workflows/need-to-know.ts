// Need to know: who may see a process, and how much of each step. A process exists only for the
// agencies in its steps' chains, the reporting agency and the county's coordinators and
// administrators. Advocacy, health and defense steps are confidential to their agency (advocate
// privilege, Evid. Code §1035.4; WIC §5328): others learn only that a step of that agency is on
// time or overdue, unless the youth's written consent (advocacy only, MOU Advocacy §8) says more.
import { mayAct, toView, type StepState } from './step-state';
import type { Actor, AgencyType, Assignee, ConsentCategory, DesignatedAssignee, StepDefinition, StepView } from './types';

const CONFIDENTIAL_AGENCY_TYPES: readonly AgencyType[] = ['ADVOCACY', 'HEALTH', 'PD'];

export const designatedOf = (a: Assignee): DesignatedAssignee => ('otherwise' in a ? a.otherwise : a);

export const isConfidential = (definition: StepDefinition) => CONFIDENTIAL_AGENCY_TYPES.includes(designatedOf(definition.assignee).agencyType);

export interface Process {
  county: string;
  initiatingAgencyId?: string;
  /** Agencies that reported into the process after it started (e.g. a second missing report). */
  reporters?: string[];
  steps: StepState[];
}

const reportingAgencies = (p: Process) => [...(p.initiatingAgencyId ? [p.initiatingAgencyId] : []), ...(p.reporters ?? [])];

/** Every agency a process is visible to by name: the reporting agency and each step's chain. */
export function partiesOf(p: Process): string[] {
  const ids = p.steps.flatMap((s) => s.chain.map((party) => party.agencyId));
  return [...new Set([...reportingAgencies(p), ...ids])];
}

/** The agencies with an active part: the reporting agency and each step's assignee (level 0). */
export function activePartiesOf(p: Process): string[] {
  const ids = p.steps.flatMap((s) => s.chain.slice(0, 1).map((party) => party.agencyId));
  return [...new Set([...reportingAgencies(p), ...ids])];
}

/** Whether the process exists for this caller at all. */
export function maySee(p: Process, actor: Actor): boolean {
  if ((actor.admin || actor.coordinator) && actor.county === p.county) return true;
  if (partiesOf(p).includes(actor.agencyId)) return true;
  // A step not looked up yet has no chain: its assignee's agency (by type in the county) is a party.
  return p.steps.some((s) => s.chain.length === 0 && mayAct(s, actor, p.county) === 'owner');
}

/** Inside the agency that owes a confidential step (any of its levels). */
export const insideOwner = (s: StepState, actor: Actor, county: string) => mayAct(s, actor, county) === 'owner';

/** The step in full (or without its outcome, under consent to share status only); undefined when it is confidential to the caller. */
function readable(s: StepState, actor: Actor, county: string, consent: readonly ConsentCategory[]): StepView | undefined {
  const view = toView(s);
  if (!isConfidential(s.definition) || insideOwner(s, actor, county)) return view;
  if (designatedOf(s.definition.assignee).agencyType !== 'ADVOCACY') return undefined;
  if (consent.includes('service-details')) return view;
  if (consent.includes('service-status')) return { ...view, outcome: undefined, record: undefined, closedReason: undefined };
  return undefined;
}

/** Only that a step of that agency is on time or overdue; `n` numbers the caller's hidden steps. */
function redacted(s: StepState, n: number): StepView {
  return {
    id: `confidential-${n}`,
    kind: 'confidential',
    title: 'Confidential step',
    status: s.status,
    chain: [],
    level: 0,
    owing: null,
    overdue: s.overdue,
    blocked: s.blocked,
    opensAt: null,
    dueAt: null,
    openedAt: null,
    escalations: [],
    confidentialTo: { agencyType: designatedOf(s.definition.assignee).agencyType, agencyId: s.chain[0]?.agencyId ?? null },
  };
}

/** The steps as this caller may read them (the caller may see the process). */
export function stepsFor(p: Process, actor: Actor, consent: readonly ConsentCategory[] = []): StepView[] {
  let hidden = 0;
  return p.steps.map((s) => readable(s, actor, p.county, consent) ?? redacted(s, ++hidden));
}

/** A step id the caller may address: confidential steps of other agencies do not exist for it. */
export const mayAddress = (s: StepState, actor: Actor, county: string) => !isConfidential(s.definition) || insideOwner(s, actor, county);
