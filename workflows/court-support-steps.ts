// The steps of the court-support obligation (MOU Probation §7; DA §4–5; Advocacy §3–4), each with
// its owner and default timers (a TimerPolicy row overrides them). A hearing's steps are due a
// lead time before it (LEADS, the county protocol's, not a policy row); set inside that lead, they
// are due "as soon as possible": their acknowledgment timer, and before the hearing at the latest.
import type { CounselOfRecord, Hearing } from './court-support-input';
import { calendar, HOUR } from './step-timers';
import type { NamedAssignee, StepDefinition } from './types';

const ADVOCATE = { agencyType: 'ADVOCACY', role: 'ADVOCATE' } as const;
const DPO = { agencyType: 'PROBATION', role: 'DPO' } as const;
const VW_CONSULTANT = { agencyType: 'DA', role: 'VW_CONSULTANT' } as const;
const SOCIAL_WORKER = { agencyType: 'SSA', role: 'SOCIAL_WORKER' } as const;

/**
 * The named counsel owes the notice's acknowledgment; when that agency has nobody on the roster
 * here (or only a contact was given), the VW consultant must reach the named counsel: never a
 * generic public-defender role.
 */
export const counselAssignee = (c: CounselOfRecord): NamedAssignee => ({
  agencyId: c.agencyId,
  representativeId: c.representativeId,
  role: 'DEFENDER',
  contact: c.contact,
  otherwise: VW_CONSULTANT,
});

// At the subpoena
export const vwContact: StepDefinition = {
  kind: 'vw-consultant-contact',
  title: 'The Victim Witness consultant is assigned and contacts the subpoenaed youth',
  assignee: VW_CONSULTANT,
  defaults: calendar(24 * HOUR, 48 * HOUR, 4 * HOUR),
  source: 'MOU DA §4–5 (within 48 h of the subpoena)',
};
export const advocateAssigned: StepDefinition = {
  kind: 'advocate-prosecution-support',
  title: 'The advocate is assigned to accompany the youth through the prosecution',
  assignee: ADVOCATE,
  defaults: calendar(24 * HOUR, 48 * HOUR, 4 * HOUR),
  source: 'MOU Advocacy §3–4 (within 48 h of the subpoena)',
};
export const heatDdaNamed: StepDefinition = {
  kind: 'heat-dda-designated',
  title: 'The designated H.E.A.T. DDA is named on the youth’s court support',
  assignee: { agencyType: 'DA', role: 'HEAT_DDA' },
  defaults: calendar(24 * HOUR, null, 4 * HOUR),
  source: 'MOU DA §4–5',
};
export const juvenileDdaNamed: StepDefinition = {
  kind: 'juvenile-dda-designated',
  title: 'The juvenile DDA is named on the youth’s court support',
  assignee: { agencyType: 'DA', role: 'DDA' },
  defaults: calendar(24 * HOUR, null, 4 * HOUR),
  source: 'MOU DA §4–5',
};
export const counselSubpoenaNotice = (c: CounselOfRecord): StepDefinition => ({
  kind: 'counsel-subpoena-notice',
  title: 'The youth’s own counsel of record is told of the subpoena (to advise on self-incrimination and immunity)',
  assignee: counselAssignee(c),
  defaults: calendar(24 * HOUR, null, 4 * HOUR),
  source: 'MOU DA §4; the youth’s right to counsel (when served)',
});

// Each hearing
/** How long before the hearing a step is due (the county protocol). */
export const LEADS = { transport: 48 * HOUR, accompaniment: 48 * HOUR, safetyPlan: 72 * HOUR } as const;

export const transport: StepDefinition = {
  kind: 'hearing-transport',
  title: 'Probation confirms transport of the youth in custody to and from court',
  assignee: DPO,
  defaults: calendar(4 * HOUR, null, 2 * HOUR),
  source: 'MOU Probation §7 (48 h before the hearing)',
};
export const accompaniment: StepDefinition = {
  kind: 'hearing-accompaniment',
  title: 'The advocate confirms accompanying the youth to court',
  assignee: ADVOCATE,
  defaults: calendar(4 * HOUR, null, 2 * HOUR),
  source: 'MOU Advocacy §3–4 (48 h before the hearing)',
};
export const safetyPlan: StepDefinition = {
  kind: 'testimony-safety-plan',
  title: 'The Victim Witness consultant confirms the youth’s safety plan for testifying',
  assignee: VW_CONSULTANT,
  defaults: calendar(4 * HOUR, null, 2 * HOUR),
  source: 'MOU DA §5 (72 h before the hearing)',
};
export const counselHearingNotice = (c: CounselOfRecord): StepDefinition => ({
  kind: 'counsel-hearing-notice',
  title: 'The youth’s own counsel of record is told of the hearing date',
  assignee: counselAssignee(c),
  defaults: calendar(24 * HOUR, null, 4 * HOUR),
  source: 'MOU Probation §7 (coordination with defense counsel; as soon as a date is set)',
});
export const socialWorkerNotice: StepDefinition = {
  kind: 'social-worker-hearing-notice',
  title: 'The dependency ward’s social worker is told of the hearing date',
  assignee: SOCIAL_WORKER,
  defaults: calendar(24 * HOUR, null, 4 * HOUR),
  source: 'MOU Probation §7; SSA §1 (as soon as a date is set)',
};
export const debrief: StepDefinition = {
  kind: 'hearing-debrief',
  title: 'The advocate debriefs with the youth after the hearing',
  assignee: ADVOCATE,
  defaults: calendar(4 * HOUR, 24 * HOUR, 4 * HOUR),
  source: 'MOU Advocacy §3–4 (within 24 h after the hearing)',
};
export const continuanceNotice: StepDefinition = {
  kind: 'continuance-youth-notice',
  title: 'The advocate tells the youth the hearing was continued',
  assignee: ADVOCATE,
  defaults: calendar(4 * HOUR, 24 * HOUR, 2 * HOUR),
  source: 'MOU Advocacy §3–4 (every continuance; before the new date at the latest)',
};

const words = (h: Pick<Hearing, 'kind'>) => h.kind.toLowerCase().replace(/_/g, ' ');
/** What every step of a hearing tells its owner: which hearing, and its current date. */
export const hearingFacts = (h: Pick<Hearing, 'id' | 'kind' | 'at' | 'continuances'>) => [
  `Hearing ${h.id} (${words(h)}) at ${h.at}${h.continuances ? `; continued ${h.continuances} time(s), this is the current date` : ''}`,
];
