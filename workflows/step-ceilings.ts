// The most an administrator's timer policy may give a step kind (PUT /v1/admin/timer-policies).
// Where the law caps a deadline it is a hard ceiling on every timer of that kind (acknowledging
// cannot be due later than the legal deadline either); every other kind has a general ceiling.
// Plain data, beside the step catalog.
import { DETENTION } from './detention-input';
import { LE_CONTACT } from './encounter';
import { MISSING_YOUTH } from './missing-youth-input';
import { DAY, HOUR } from './step-timers';

export const POLICY_FLOOR_SECONDS = 60;
/** No policy timer beyond this: a step nobody hears about for a month is a step forgotten. */
export const GENERAL_CEILING_SECONDS = 30 * DAY;

export interface LegalCeiling {
  seconds: number;
  source: string;
}

const ceilings: Record<string, LegalCeiling> = {
  [`${LE_CONTACT}/child-abuse-written-report`]: { seconds: 36 * HOUR, source: 'Penal Code §11166 (written report within 36 hours)' },
  [`${LE_CONTACT}/advocate-after-interview`]: { seconds: 24 * HOUR, source: 'MOU LE §4 (within 24 h of the interview ending)' },
  [`${DETENTION}/health-assessment`]: { seconds: 96 * HOUR, source: 'Title 15 §1432 (within 96 hours)' },
  [`${MISSING_YOUTH}/missing-report-to-le`]: { seconds: 2 * HOUR, source: '34 USC 41308 (entry within 2 hours)' },
  [`${MISSING_YOUTH}/missing-report-to-ncmec`]: { seconds: 24 * HOUR, source: '42 USC 671(a)(35) (at most within 24 hours)' },
  [`${MISSING_YOUTH}/parent-notice`]: { seconds: 24 * HOUR, source: 'WIC §16501.35 (within 24 hours)' },
};

/** The legal cap of a kind's deadlines, if the law sets one. */
export const legalCeiling = (obligation: string, kind: string): LegalCeiling | undefined => ceilings[`${obligation}/${kind}`];

/** The most any timer of the kind may be, in seconds. */
export const ceilingOf = (obligation: string, kind: string): number => legalCeiling(obligation, kind)?.seconds ?? GENERAL_CEILING_SECONDS;
