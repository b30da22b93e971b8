// Every workflow the worker registers.
export { leContact } from './le-contact';
export { detention } from './detention';
export { missingYouth } from './missing-youth';
export { policyRollout } from './policy-rollout';
