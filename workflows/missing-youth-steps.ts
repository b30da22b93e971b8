// The steps of the missing-youth obligation (MOU Probation §8, LE §5), each with its owner and
// default timers (a TimerPolicy row overrides them). Steps owed "by whoever holds the case" are
// factories: the DPO for a probation ward, SSA's social worker otherwise.
import type { LegalStatus } from './missing-youth-input';
import { BUSINESS_DAY, business, calendar, HOUR, MINUTE } from './step-timers';
import type { DesignatedAssignee, StepDefinition } from './types';

const DPO = { agencyType: 'PROBATION', role: 'DPO' } as const;
const SOCIAL_WORKER = { agencyType: 'SSA', role: 'SOCIAL_WORKER' } as const;
const ADVOCATE = { agencyType: 'ADVOCACY', role: 'ADVOCATE' } as const;

/** Who holds the case: Probation for its ward, SSA (child welfare) for a dependent or a youth who is neither. */
export const caseHolder = (status: LegalStatus): DesignatedAssignee => (status.kind === 'PROBATION_WARD' ? DPO : SOCIAL_WORKER);
const holderWords = 'The case holder (the DPO of a probation ward, otherwise SSA’s social worker)';

/** The NCMEC report is due at most this long after confirmation, whatever the policy says (42 USC 671(a)(35)). */
export const NCMEC_MAX_SECONDS = 24 * HOUR;

/**
 * The warrant request's grace window: a policy key of its own (TimerPolicy row `missing-youth`,
 * `warrant-request-grace`, acknowledgeWithinSeconds), not a step. The DPO may skip it on verify.
 */
export const WARRANT_GRACE_POLICY = 'warrant-request-grace';
export const warrantGraceDefaults = calendar(2 * HOUR, null, 2 * HOUR);

// While the youth is missing
export const verifyOutcomes = {
  CONFIRMED: 'CONFIRMED_MISSING',
  /** Confirmed, and the DPO asks for the warrant request now, without the grace window. */
  CONFIRMED_WARRANT_NOW: 'CONFIRMED_MISSING_WARRANT_NOW',
  FALSE_ALARM: 'FALSE_ALARM',
} as const;
export const verify = (status: LegalStatus): StepDefinition => ({
  kind: 'verify-missing',
  title: `${holderWords} confirms the youth is missing, or that the report is a false alarm`,
  assignee: caseHolder(status),
  defaults: calendar(30 * MINUTE, 30 * MINUTE, 15 * MINUTE),
  source: 'MOU Probation §8 (act at once when a youth on GPS goes missing)',
  outcomes: Object.values(verifyOutcomes),
});
export const reportToLe = (status: LegalStatus): StepDefinition => ({
  kind: 'missing-report-to-le',
  title: `${holderWords} reports the youth missing to law enforcement for entry into the national crime-information system; LE confirms entry`,
  assignee: caseHolder(status),
  defaults: calendar(1 * HOUR, 2 * HOUR, 30 * MINUTE),
  source: '34 USC 41308 (entry within 2 hours)',
});
export const reportToNcmec = (status: LegalStatus): StepDefinition => ({
  kind: 'missing-report-to-ncmec',
  title: `${holderWords} reports the youth missing to the National Center for Missing & Exploited Children`,
  assignee: caseHolder(status),
  defaults: calendar(1 * HOUR, null, 30 * MINUTE),
  source: '42 USC 671(a)(35); Penal Code §11166 (immediately, at most within 24 hours)',
});
export const parentNotice = (status: LegalStatus): StepDefinition => ({
  kind: 'parent-notice',
  title: `${holderWords} tells the parent or guardian that the youth is missing`,
  assignee: caseHolder(status),
  defaults: calendar(4 * HOUR, 24 * HOUR, 2 * HOUR),
  source: 'WIC §16501.35 (within 24 hours, unless the parent is a suspected exploiter)',
});
export const leAssist: StepDefinition = {
  kind: 'le-assist-locate',
  title: "The county's law-enforcement agency is asked to help locate the youth",
  assignee: { agencyType: 'LE', role: 'OFFICER' },
  defaults: calendar(1 * HOUR, null, 15 * MINUTE),
  source: 'MOU LE §5',
};
export const advocateInformed: StepDefinition = {
  kind: 'advocate-missing-notice',
  title: 'The advocate is told the youth is missing',
  assignee: ADVOCATE,
  defaults: calendar(2 * HOUR, null, 30 * MINUTE),
  source: 'MOU Advocacy §3',
};
export const ssaNotice: StepDefinition = {
  kind: 'ssa-missing-notice',
  title: 'SSA is told its dependent is missing',
  assignee: SOCIAL_WORKER,
  defaults: calendar(1 * HOUR, null, 30 * MINUTE),
  source: 'MOU SSA §1; 42 USC 671(a)(35)',
};
export const warrantOutcomes = ['SUBMITTED', 'NOT_SUBMITTED'] as const;
/** Drafted by an activity once per episode; the step carries the draft's id. */
export const warrantRequest = (draftId: string): StepDefinition => ({
  kind: 'warrant-request',
  title: "The DPO's supervisor approves and submits the drafted warrant request",
  assignee: { agencyType: 'PROBATION', role: 'SUPERVISOR' },
  defaults: calendar(30 * MINUTE, 2 * HOUR, 30 * MINUTE),
  source: 'MOU Probation §8 (a warrant at once for a missing youth on probation; never for a youth without that status)',
  facts: [`Warrant request draft: ${draftId}`],
  outcomes: warrantOutcomes,
});

/** The LE agency that first identified the youth also helps locate it (MOU LE §5); the county's designated agency if it has nobody on the roster. */
export const identifyingLeAssist = (agencyId: string): StepDefinition => ({
  ...leAssist,
  kind: 'le-assist-locate-identifying',
  title: 'The law-enforcement agency that first identified the youth is asked to help locate the youth',
  assignee: { agencyId, role: 'OFFICER', otherwise: { agencyType: 'LE', role: 'OFFICER' } },
});

/** Every step of the missing phase: a located report or a false alarm withdraws them. */
export const missingKinds = [
  'verify-missing',
  'missing-report-to-le',
  'missing-report-to-ncmec',
  'parent-notice',
  leAssist.kind,
  'le-assist-locate-identifying',
  advocateInformed.kind,
  ssaNotice.kind,
  'warrant-request',
];

// Once located
export const warrantRecall = (draftId: string): StepDefinition => ({
  kind: 'warrant-recall',
  title: 'The DPO recalls the warrant request',
  assignee: DPO,
  defaults: business(BUSINESS_DAY, null, 4 * HOUR),
  source: 'MOU Probation §8 (recall within 1 business day of the youth being located)',
  facts: [`Warrant request draft: ${draftId}`],
});
export const advocatePostReturn: StepDefinition = {
  kind: 'advocate-post-return-contact',
  title: 'The advocate contacts the youth after the return',
  assignee: ADVOCATE,
  defaults: calendar(24 * HOUR, 72 * HOUR, 12 * HOUR),
  source: 'MOU Advocacy §3, §5 (within 72 hours)',
};
export const healthCheckReferral: StepDefinition = {
  kind: 'health-check-referral',
  title: 'Health agency accepts a referral for a health check after the return',
  assignee: { agencyType: 'HEALTH', role: 'CLINICIAN' },
  defaults: calendar(24 * HOUR, 72 * HOUR, 12 * HOUR),
  source: 'MOU Probation §1 (within 72 hours)',
  outcomes: ['ACCEPTED', 'DECLINED_BY_YOUTH'],
};
/** Outcomes only: what the youth said is never stored (a stored statement invites self-incrimination). */
export const debriefOutcomes = ['NO_EXPLOITATION_INDICATED', 'EXPLOITATION_INDICATED', 'DECLINED_BY_YOUTH', 'NOT_REACHED'] as const;
export const debrief = (status: LegalStatus): StepDefinition => ({
  kind: 'return-debrief',
  title: `${holderWords} debriefs the youth and screens for exploitation (an outcome only, never a statement)`,
  assignee: caseHolder(status),
  defaults: calendar(24 * HOUR, 72 * HOUR, 12 * HOUR),
  source: 'MOU Probation §8; county protocol (within 72 hours)',
  outcomes: debriefOutcomes,
});
