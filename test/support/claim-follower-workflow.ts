// A test-only follower of a youth's claim process, as court support is one: it asks to be told
// of the decision and waits for it. A claim process that has already ended (it ends only once
// decided) refuses the signal: the follower then answers 'ENDED' (take the claim as decided).
import { condition, getExternalWorkflowHandle, isCancellation, setHandler, workflowInfo } from '@temporalio/workflow';
import { claimDecided, followClaim, victimCompensationId, type ClaimDecision } from '../../workflows/victim-compensation-link';

export async function claimFollower(youthRef: string): Promise<ClaimDecision | 'ENDED'> {
  let decision: ClaimDecision | undefined;
  setHandler(claimDecided, (d) => void (decision ??= d));
  try {
    await getExternalWorkflowHandle(victimCompensationId(youthRef)).signal(followClaim, { processId: workflowInfo().workflowId });
  } catch (err) {
    if (isCancellation(err)) throw err;
    return 'ENDED';
  }
  await condition(() => decision !== undefined);
  return decision!;
}
