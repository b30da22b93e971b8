// The MOU's closing line: the agreement is reviewed and renewed every year. A yearly schedule
// runs this 30 days before the anniversary: the county administrator (the MDT coordinator's
// office) owes the review; overdue, it climbs to the DA. Completing it records the renewal date.
//
// Accepts — the board's Updates (acknowledgeStep, completeStep with the renewal date as its
// record, closeStep, changeStepDeadline). Query: processState.
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { MOU_REVIEW, type MouReviewInput } from './safety-net-input';
import * as steps from './safety-net-steps';
import { StepBoard, type BoardState } from './step';

const { recordMouRenewal } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });

export async function mouReview(input: MouReviewInput, carried?: BoardState): Promise<{ renewedOn?: string }> {
  const board = new StepBoard({ obligation: MOU_REVIEW, youthRef: 'NONE', county: input.county }, carried);
  if (!carried) board.open(steps.mouReview);
  board.listen();
  if ((await board.until(() => board.allClosed())) === 'continue-as-new') await continueAsNew<typeof mouReview>(input, board.snapshot());
  const review = board.view().steps[0];
  if (review.status !== 'COMPLETED' || !review.record) return {};
  return { renewedOn: await recordMouRenewal({ county: input.county, record: review.record, completedAt: review.completedAt! }) };
}
