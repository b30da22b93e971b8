// Every step kind of every obligation, with the MOU paragraph that asks for it: the README's
// table is generated from here, and administrators' tools list policies from it. Plain data.
import { COURT_SUPPORT } from './court-support-input';
import * as court from './court-support-steps';
import * as detention from './detention-steps';
import { DETENTION } from './detention-input';
import { LE_CONTACT } from './encounter';
import * as le from './le-contact-steps';
import { MISSING_YOUTH, type LegalStatus } from './missing-youth-input';
import * as missing from './missing-youth-steps';
import { MOU_REVIEW, SAFETY_NET } from './safety-net-input';
import * as safetyNet from './safety-net-steps';
import type { StepDefinition } from './types';
import * as claim from './victim-compensation-steps';
import { VICTIM_COMPENSATION } from './victim-compensation-link';

export interface CatalogEntry {
  obligation: string;
  workflow: string;
  paragraph: string;
  definition: StepDefinition;
}

// Factories take case details; the catalog only needs each kind's fixed parts.
const agency = 'the reporting LE agency';
const contact = { name: 'the receiving agency', county: 'its county', phone: '—', email: '—' };
const ward: LegalStatus = { kind: 'PROBATION_WARD', onGps: true };
const draft = 'its id';
const counsel = { agencyId: "the youth's counsel of record" };

const entries = (obligation: string, workflow: string, paragraph: string, definitions: StepDefinition[]): CatalogEntry[] =>
  definitions.map((definition) => ({ obligation, workflow, paragraph, definition }));

export const stepCatalog: CatalogEntry[] = [
  ...entries(LE_CONTACT, 'workflows/le-contact.ts', 'LE §2, First Responder §1–2', [
    le.advocateResponse,
    le.childAbusePhoneReport(agency),
    le.childAbuseWrittenReport(agency),
  ]),
  ...entries(LE_CONTACT, 'workflows/le-contact.ts', 'LE §3', [le.probationJjcNotice(false)]),
  ...entries(LE_CONTACT, 'workflows/le-contact.ts', 'LE §4', [
    le.probationInterviewNotice,
    le.rightToAdvocateAdvisement(agency),
    le.advocateBeforeInterview,
    le.advocateDuringInterview,
    le.advocateAfterInterview,
  ]),
  ...entries(DETENTION, 'workflows/detention.ts', 'Probation §1–2; Advocacy §3', [
    detention.intakeHealthScreening,
    detention.healthAssessment,
    detention.medicalReferral,
    detention.mentalHealthReferral,
    detention.advocateDetentionSupport,
    detention.weeklyAdvocateContact,
    detention.dpoNotice,
  ]),
  ...entries(DETENTION, 'workflows/detention.ts', 'Probation §5', [detention.dpoInvestigation, detention.heatDdaNotice, detention.advocateIntimidationNotice]),
  ...entries(DETENTION, 'workflows/detention.ts', 'Probation §3', [detention.probationFileInformation]),
  ...entries(DETENTION, 'workflows/detention.ts', 'Probation §1, §9; Advocacy §5, §7; SSA §1', [
    detention.medicalCareAfterRelease,
    detention.mentalHealthCareAfterRelease,
    detention.receivingAgencyContact(contact),
    detention.advocacyHandOff(contact),
    detention.socialWorkerHandOff(contact),
    detention.stabilisationFollowUp(7, contact),
    detention.stabilisationFollowUp(30, contact),
    detention.stabilisationFollowUp(90, contact),
    detention.communityFollowUp('72h'),
    detention.communityFollowUp('30d'),
  ]),
  ...entries(MISSING_YOUTH, 'workflows/missing-youth.ts', 'Probation §8, LE §5', [
    missing.verify(ward),
    missing.reportToLe(ward),
    missing.reportToNcmec(ward),
    missing.parentNotice(ward),
    missing.warrantRequest(draft),
    missing.leAssist,
    missing.identifyingLeAssist('the LE agency that first identified the youth'),
    missing.advocateInformed,
    missing.ssaNotice,
  ]),
  ...entries(MISSING_YOUTH, 'workflows/missing-youth.ts', 'Probation §8; Advocacy §3, §5 (located)', [
    missing.warrantRecall(draft),
    missing.advocatePostReturn,
    missing.healthCheckReferral,
    missing.debrief(ward),
  ]),
  ...entries(COURT_SUPPORT, 'workflows/court-support.ts', 'DA §4–5; Advocacy §3–4 (subpoena)', [
    court.vwContact,
    court.advocateAssigned,
    court.heatDdaNamed,
    court.juvenileDdaNamed,
    court.counselSubpoenaNotice(counsel),
  ]),
  ...entries(COURT_SUPPORT, 'workflows/court-support.ts', 'Probation §7; DA §5; Advocacy §3–4 (each hearing)', [
    court.transport,
    court.accompaniment,
    court.safetyPlan,
    court.counselHearingNotice(counsel),
    court.socialWorkerNotice,
    court.debrief,
    court.continuanceNotice,
  ]),
  ...entries(VICTIM_COMPENSATION, 'workflows/victim-compensation.ts', 'DA §4; Advocacy §3', [
    claim.settleVerifier,
    claim.fileClaim,
    claim.statusCheck,
    claim.appeal,
  ]),
  ...entries(SAFETY_NET, 'workflows/safety-net-meeting.ts', 'DA §1–2, Probation §3–4, PD, SSA §1', [
    safetyNet.actionItem('the agency the DA named', 'PROBATION'),
    safetyNet.probationFileInformation,
  ]),
  ...entries(MOU_REVIEW, 'workflows/mou-review.ts', 'General (closing line: yearly review)', [safetyNet.mouReview]),
];
