// The steps the Safety Net meeting opens (MOU DA §1–2, Probation §3) and the yearly MOU review
// (the MOU's closing line), each with its owner and default timers (a TimerPolicy row overrides them).
import { BUSINESS_DAY, business, calendar, DAY, HOUR } from './step-timers';
import type { AgencyType, DesignatedAssignee, RepresentativeRole, StepDefinition } from './types';

export { probationFileInformation } from './detention-steps';

/** Who owes an action item at an agency of each type. */
export const actionRoles: Record<AgencyType, RepresentativeRole> = {
  LE: 'OFFICER',
  ADVOCACY: 'ADVOCATE',
  PROBATION: 'DPO',
  DA: 'DDA',
  PD: 'DEFENDER',
  SSA: 'SOCIAL_WORKER',
  HEALTH: 'CLINICIAN',
};

/**
 * An action item for the agency the DA named (a party of the youth's processes). A confidential
 * agency's item (advocacy, health, defense) escalates only inside that agency, like its other steps.
 */
export const actionItem = (agencyId: string, agencyType: AgencyType): StepDefinition => {
  const role = actionRoles[agencyType];
  const otherwise: DesignatedAssignee = { agencyType, role };
  return {
    kind: 'safety-net-action',
    title: 'Safety Net meeting action item',
    assignee: { agencyId, role, otherwise },
    defaults: business(BUSINESS_DAY, 10 * BUSINESS_DAY, 4 * HOUR),
    source: 'MOU DA §1–2 (the Safety Net meeting); due by the date the meeting set',
  };
};

/** The county administrator (the MDT coordinator's office) reviews the MOU; overdue, it climbs to the DA's chief deputy. */
export const mouReview: StepDefinition = {
  kind: 'mou-review',
  title: 'Review and renew the county CSEC MOU before its anniversary',
  assignee: { agencyType: 'DA', role: 'MDT_COORDINATOR' },
  defaults: calendar(5 * DAY, 30 * DAY, 2 * DAY),
  source: 'MOU, closing line (reviewed and renewed every year); opens 30 days before the anniversary',
  completionRecords: 'the renewal date (YYYY-MM-DD)',
};
