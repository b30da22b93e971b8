// The steps of the detention obligation, each with its owner and default timers (a TimerPolicy
// row overrides them). Defaults follow county first-responder protocol (services and health
// exam within 72 h) and California's juvenile facility standards (Title 15).
import { BUSINESS_DAY, business, calendar, DAY, HOUR } from './step-timers';
import type { AgencyContact, StepDefinition } from './types';

const CLINICIAN = { agencyType: 'HEALTH', role: 'CLINICIAN' } as const;
const MENTAL_HEALTH = { agencyType: 'HEALTH', role: 'MENTAL_HEALTH_CLINICIAN' } as const;
const ADVOCATE = { agencyType: 'ADVOCACY', role: 'ADVOCATE' } as const;
const DPO = { agencyType: 'PROBATION', role: 'DPO' } as const;

/** Minors may consent to (and decline) such care: Family Code §6927. Declining closes the step without penalty. */
export const DECLINED_BY_YOUTH = 'DECLINED_BY_YOUTH';
const care = { outcomes: ['ACCEPTED', DECLINED_BY_YOUTH] } as const;

// At booking
export const intakeHealthScreening: StepDefinition = {
  kind: 'intake-health-screening',
  title: "Facility health staff screen the youth's health at intake",
  assignee: CLINICIAN,
  defaults: calendar(1 * HOUR, null, 30 * 60),
  source: 'Title 15 §1430 (at intake)',
  ...care,
};
export const healthAssessment: StepDefinition = {
  kind: 'health-assessment',
  title: 'Facility health staff complete a health assessment',
  assignee: CLINICIAN,
  defaults: { ...calendar(24 * HOUR, 96 * HOUR, 4 * HOUR), clock: 'calendar-except-holidays' },
  source: 'Title 15 §1432 (within 96 hours, holidays excluded)',
  ...care,
};
export const medicalReferral: StepDefinition = {
  kind: 'medical-referral',
  title: 'Health agency accepts the referral for ongoing medical care in detention',
  assignee: CLINICIAN,
  defaults: calendar(24 * HOUR, null, 4 * HOUR),
  source: 'MOU Probation §1; county protocol (services within 72 h)',
  ...care,
};
export const mentalHealthReferral: StepDefinition = {
  kind: 'mental-health-referral',
  title: 'Health agency accepts the referral for ongoing mental-health care in detention',
  assignee: MENTAL_HEALTH,
  defaults: calendar(24 * HOUR, null, 4 * HOUR),
  source: 'MOU Probation §1; county protocol (services within 72 h)',
  ...care,
};
export const advocateDetentionSupport: StepDefinition = {
  kind: 'advocate-detention-support',
  title: 'Advocate begins crisis counseling and support for the duration of detention',
  assignee: ADVOCATE,
  defaults: calendar(24 * HOUR, null, 2 * HOUR),
  source: 'MOU Probation §2; Advocacy §3',
};
export const weeklyAdvocateContact: StepDefinition = {
  kind: 'weekly-advocate-contact',
  title: 'Advocate makes this week’s contact with the detained youth',
  assignee: ADVOCATE,
  defaults: calendar(48 * HOUR, 7 * DAY, DAY),
  source: 'MOU Probation §2; Advocacy §3 (ongoing support while detained)',
  recurEverySeconds: 7 * DAY,
};
export const dpoNotice: StepDefinition = {
  kind: 'dpo-notice',
  title: "The youth's DPO is told the youth is a detained CSEC",
  assignee: DPO,
  defaults: business(BUSINESS_DAY, null, 4 * HOUR),
  source: 'MOU Probation §1–2',
};

// Screening of mail and calls (Probation §5)
export const investigationOutcomes = ['NO_CONCERN', 'SAFETY_PLAN_UPDATED', 'REFERRED_TO_LAW_ENFORCEMENT', 'REFERRED_TO_DA'] as const;
export const dpoInvestigation: StepDefinition = {
  kind: 'dpo-investigation',
  title: "The youth's DPO investigates screened mail or a call that may reach the exploiter",
  assignee: DPO,
  defaults: calendar(24 * HOUR, 7 * DAY, 4 * HOUR),
  source: 'MOU Probation §5',
  outcomes: investigationOutcomes,
};
export const heatDdaNotice: StepDefinition = {
  kind: 'heat-dda-notice',
  title: 'The H.E.A.T. DDA is told of a suspected contact from the exploiter (possible witness intimidation)',
  assignee: { agencyType: 'DA', role: 'HEAT_DDA' },
  defaults: calendar(8 * HOUR, null, 2 * HOUR),
  source: 'Penal Code §136.1; MOU DA §3 (the same day)',
};
export const advocateIntimidationNotice: StepDefinition = {
  kind: 'advocate-intimidation-notice',
  title: 'The advocate is told of a suspected contact from the exploiter',
  assignee: ADVOCATE,
  defaults: calendar(8 * HOUR, null, 2 * HOUR),
  source: 'Penal Code §136.1; MOU Advocacy §3 (the same day)',
};

// The DA's request for the Safety Net meeting (Probation §3)
export const probationFileInformation: StepDefinition = {
  kind: 'probation-file-information',
  title: "Probation provides file information for the Safety Net meeting at the DA's request",
  assignee: DPO,
  defaults: business(BUSINESS_DAY, 3 * BUSINESS_DAY, 4 * HOUR),
  source: 'MOU Probation §3 (due in 3 days)',
};

// Release (Probation §1, §9; Advocacy §7; SSA §1)
export const medicalCareAfterRelease: StepDefinition = {
  kind: 'medical-care-after-release',
  title: 'Health agency continues medical care after release from custody',
  assignee: CLINICIAN,
  defaults: calendar(72 * HOUR, null, 12 * HOUR),
  source: 'MOU Probation §1 (when released from custody)',
  ...care,
};
export const mentalHealthCareAfterRelease: StepDefinition = {
  kind: 'mental-health-care-after-release',
  title: 'Health agency continues mental-health care after release from custody',
  assignee: MENTAL_HEALTH,
  defaults: calendar(72 * HOUR, null, 12 * HOUR),
  source: 'MOU Probation §1 (when released from custody)',
  ...care,
};
const receiving = (contact: AgencyContact) => [`Receiving agency: ${contact.name} (${contact.county}), ${contact.phone}, ${contact.email}`];
export const receivingAgencyContact = (contact: AgencyContact): StepDefinition => ({
  kind: 'receiving-agency-contact',
  title: 'The DPO confirms contact with the receiving agency in the home county',
  assignee: { role: 'DPO', contact, otherwise: DPO },
  defaults: business(2 * BUSINESS_DAY, null, 4 * HOUR),
  source: 'MOU Probation §9 (within 2 business days)',
  facts: receiving(contact),
});
export const advocacyHandOff = (contact: AgencyContact): StepDefinition => ({
  kind: 'advocacy-hand-off',
  title: "The advocacy agency hands the youth's advocacy to an advocacy organisation in the home county, and records which one",
  assignee: ADVOCATE,
  defaults: calendar(24 * HOUR, 72 * HOUR, 12 * HOUR),
  source: 'MOU Advocacy §7 (within 72 h)',
  facts: receiving(contact),
  completionRecords: 'the home-county advocacy organisation that takes the youth on',
});
export const socialWorkerHandOff = (contact: AgencyContact): StepDefinition => ({
  kind: 'social-worker-hand-off',
  title: "SSA contacts the home county's social worker of a dependency ward",
  assignee: { agencyType: 'SSA', role: 'SOCIAL_WORKER' },
  defaults: calendar(24 * HOUR, 72 * HOUR, 12 * HOUR),
  source: 'MOU SSA §1 (within 72 h)',
  facts: receiving(contact),
});
export const stabilisationFollowUp = (days: 7 | 30 | 90, contact: AgencyContact): StepDefinition => ({
  kind: `stabilisation-follow-up-${days}d`,
  title: `The DPO follows up with the receiving agency on the youth's safety and stabilisation (${days} days after release)`,
  assignee: DPO,
  defaults: business(BUSINESS_DAY, 3 * BUSINESS_DAY, 4 * HOUR),
  source: 'MOU Probation §9 (follow-up on safety and stabilisation)',
  facts: receiving(contact),
});
export const communityFollowUp = (when: '72h' | '30d'): StepDefinition => ({
  kind: `community-follow-up-${when}`,
  title: `The advocate makes a community follow-up contact (${when === '72h' ? 'within 72 hours of release' : '30 days after release'})`,
  assignee: ADVOCATE,
  defaults: calendar(24 * HOUR, 72 * HOUR, 12 * HOUR),
  source: 'MOU Advocacy §5 (ongoing community-based support)',
});

/** Steps that serve the stay itself; release withdraws them (investigations and requests stay). */
export const inDetentionKinds = [
  intakeHealthScreening,
  healthAssessment,
  medicalReferral,
  mentalHealthReferral,
  advocateDetentionSupport,
  weeklyAdvocateContact,
  dpoNotice,
].map((d) => d.kind);
