// The steps of the youth's victim-of-crime claim (MOU DA §4; Advocacy §3), each with its owner
// and default timers (a TimerPolicy row overrides them). The VW consultant files and follows the
// claim; the advocate's assistance needs no step of its own (it may open the process and record
// statuses).
import { calendar, DAY } from './step-timers';
import type { StepDefinition } from './types';

const VW_CONSULTANT = { agencyType: 'DA', role: 'VW_CONSULTANT' } as const;

/** The claim is decided by the board; a first denial may be appealed within this long of its notice. */
export const APPEAL_WINDOW_DAYS = 45;
/** The VW consultant checks on a pending claim this long after filing (or appealing), then monthly. */
export const CHECK_EVERY_DAYS = 30;

/**
 * Who verifies the application for the minor. A parent or guardian must (Gov Code §13952), but may
 * be the exploiter: then one of the others, and which is recorded (a role, never a name).
 */
export const verifierOutcomes = ['PARENT_OR_GUARDIAN', 'OTHER_LEGAL_GUARDIAN', 'COUNTY_PLACING_AGENCY', 'COURT_APPOINTED_REPRESENTATIVE'] as const;
export const settleVerifier: StepDefinition = {
  kind: 'claim-verifier',
  title: 'The VW consultant settles who verifies the claim for the minor (a parent or guardian, or the alternative used when the parent is the exploiter)',
  assignee: VW_CONSULTANT,
  defaults: calendar(2 * DAY, 7 * DAY, DAY),
  source: 'Gov Code §13952 (a minor’s application is verified by a parent or guardian); MOU DA §4',
  outcomes: verifierOutcomes,
};

export const fileClaim: StepDefinition = {
  kind: 'claim-filing',
  title: 'The VW consultant files the victim-of-crime claim (closed when FILED is recorded)',
  assignee: VW_CONSULTANT,
  defaults: calendar(2 * DAY, 10 * DAY, DAY),
  source: 'MOU DA §4 (files and expedites the claim); county protocol (10 days)',
};

export const statusCheck: StepDefinition = {
  kind: 'claim-status-check',
  title: 'The VW consultant checks on the pending claim with the board and expedites it',
  assignee: VW_CONSULTANT,
  defaults: calendar(2 * DAY, 7 * DAY, DAY),
  source: 'MOU DA §4 (expedites the claim): monthly until a decision is recorded',
  recurEverySeconds: CHECK_EVERY_DAYS * DAY,
};

/** Completing it with NOT_APPEALING makes the denial final at once; recording APPEALED completes it. */
export const NOT_APPEALING = 'NOT_APPEALING';
export const appeal: StepDefinition = {
  kind: 'claim-appeal',
  title: 'The VW consultant helps the youth appeal the denial, or records that the youth does not appeal (closed when APPEALED is recorded)',
  assignee: VW_CONSULTANT,
  defaults: calendar(2 * DAY, 30 * DAY, 2 * DAY),
  source: `Gov Code §13959 (a hearing on a denial); MOU DA §4: within ${APPEAL_WINDOW_DAYS} days of the notice`,
  outcomes: [NOT_APPEALING],
};
