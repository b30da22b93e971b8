// Every workflow the worker registers.
export { leContact } from './le-contact';
export { detention } from './detention';
export { missingYouth } from './missing-youth';
export { victimCompensation } from './victim-compensation';
export { policyRollout } from './policy-rollout';
