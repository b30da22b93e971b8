// The steps of the LE-contact obligation, each with its owner and its default timers (a
// TimerPolicy row overrides them). Plain data: the API lists them without loading workflow code.
import type { StepDefinition, StepTimers } from './types';

const MIN = 60;
const HOUR = 3600;
/** Around the clock: LE, advocates and on-call staff answer at any hour. */
const onCall = (acknowledgeWithinSeconds: number, completeWithinSeconds: number | null, escalateEverySeconds = 15 * MIN): StepTimers => ({
  acknowledgeWithinSeconds,
  completeWithinSeconds,
  escalateEverySeconds,
  clock: 'calendar',
});
const ADVOCATE = { agencyType: 'ADVOCACY', role: 'ADVOCATE' } as const;
const DPO = { agencyType: 'PROBATION', role: 'DPO' } as const;
/** The LE agency that met the youth, by id; the county's designated LE agency if it has no roster here. */
const reportingAgency = (agencyId: string) => ({ agencyId, role: 'OFFICER', otherwise: { agencyType: 'LE', role: 'OFFICER' } }) as const;

/** After the interview ends, the advocate's follow-up opens; if LE never says so, this long after the scheduled end. */
export const INTERVIEW_END_MARGIN_SECONDS = 2 * HOUR;

export const advocateResponse: StepDefinition = {
  kind: 'advocate-response',
  title: 'Advocate provides crisis counseling and support to the youth',
  assignee: ADVOCATE,
  defaults: onCall(15 * MIN, 90 * MIN),
  source: 'MOU LE §2, First Responder §1–2; county first-responder protocol (acknowledge 15 min, contact 90 min)',
};

export const probationJjcNotice = (participated: boolean): StepDefinition => ({
  kind: 'probation-jjc-notice',
  title: 'Probation informed that a CSEC minor is being brought to the Juvenile Justice Center',
  assignee: DPO,
  defaults: onCall(15 * MIN, null),
  source: 'MOU LE §3',
  facts: [`Took part in a current investigation of an alleged trafficker: ${participated ? 'yes' : 'no'}`],
});

export const probationInterviewNotice: StepDefinition = {
  kind: 'probation-interview-notice',
  title: 'Probation informed of a follow-up interview of a CSEC minor in custody',
  assignee: DPO,
  defaults: onCall(15 * MIN, null),
  source: 'MOU LE §4',
};

export const rightToAdvocateAdvisement = (agencyId: string): StepDefinition => ({
  kind: 'right-to-advocate-advisement',
  title: 'LE tells the youth of the right to have an advocate present during the interview',
  assignee: reportingAgency(agencyId),
  defaults: onCall(60 * MIN, null),
  source: 'California Penal Code §236.21; due before the interview starts',
});

export const advocateBeforeInterview: StepDefinition = {
  kind: 'advocate-before-interview',
  title: 'Advocate provides crisis counseling before the custody interview',
  assignee: ADVOCATE,
  defaults: onCall(15 * MIN, 2 * HOUR),
  source: 'MOU LE §4; due before the interview starts',
};

export const advocateDuringInterview: StepDefinition = {
  kind: 'advocate-during-interview',
  title: 'Advocate confirms being present at the custody interview',
  assignee: ADVOCATE,
  defaults: onCall(30 * MIN, null),
  source: 'California Penal Code §236.21; confirmed before the interview starts',
  facts: ['If no advocate can be present by the start, the interview should wait for one (PC §236.21).'],
};

export const advocateAfterInterview: StepDefinition = {
  kind: 'advocate-after-interview',
  title: 'Advocate provides crisis counseling after the custody interview',
  assignee: ADVOCATE,
  defaults: onCall(60 * MIN, 24 * HOUR, 30 * MIN),
  source: 'MOU LE §4; within 24 h of the interview ending',
};

export const childAbusePhoneReport = (agencyId: string): StepDefinition => ({
  kind: 'child-abuse-phone-report',
  title: "Reporting agency cross-reports by phone to the county's child-welfare hotline (SSA)",
  assignee: reportingAgency(agencyId),
  defaults: onCall(30 * MIN, null),
  source: 'California Penal Code §11165.1 (CSEC is child abuse) and §11166 (report by phone immediately)',
});

export const childAbuseWrittenReport = (agencyId: string): StepDefinition => ({
  kind: 'child-abuse-written-report',
  title: "Reporting agency sends the written child-abuse report to the county's child-welfare hotline (SSA)",
  assignee: reportingAgency(agencyId),
  defaults: onCall(4 * HOUR, 36 * HOUR, 2 * HOUR),
  source: 'California Penal Code §11166 (written report within 36 hours)',
});

/** v1 only: running processes started before the interview was split into three steps. */
export const advocateInterviewSupportV1: StepDefinition = {
  kind: 'advocate-interview-support',
  title: 'Advocate provides crisis counseling before and after the custody interview',
  assignee: ADVOCATE,
  defaults: onCall(15 * MIN, 24 * HOUR),
  source: 'MOU LE §4',
};
