// Every workflow the worker registers.
export { leContact } from './le-contact';
export { detention } from './detention';
export { missingYouth } from './missing-youth';
export { safetyNetFiring } from './safety-net-firing';
export { safetyNetMeeting } from './safety-net-meeting';
export { mouReview } from './mou-review';
