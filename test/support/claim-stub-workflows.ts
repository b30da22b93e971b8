// The suite's workflows, and a test-only stand-in for the youth's claim process that keeps the
// contract of workflows/victim-compensation-link.ts: followers are told of the decision, at once
// if it was already made. A test decides it with the `decideForTest` signal.
import { condition, defineSignal, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { claimDecided, followClaim, type ClaimDecision, type VictimCompensationInput } from '../../workflows/victim-compensation-link';

export * from '../../workflows';

export const decideForTest = defineSignal<[ClaimDecision]>('decideForTest');

export async function victimCompensation(_input: VictimCompensationInput): Promise<ClaimDecision> {
  const followers: string[] = [];
  let decision: ClaimDecision | undefined;
  const tell = (processId: string) => getExternalWorkflowHandle(processId).signal(claimDecided, decision!);
  setHandler(followClaim, async ({ processId }) => {
    followers.push(processId);
    if (decision) await tell(processId);
  });
  setHandler(decideForTest, (d) => void (decision = d));
  await condition(() => decision !== undefined);
  await Promise.all(followers.map(tell));
  return decision!;
}
