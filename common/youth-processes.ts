// A youth's processes from Temporal visibility (eventually consistent), and whether an agency
// takes part in one of them.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { County, PartyAgencies, YouthRef } from '../workflows/search-attributes';
import { initiatingAgencyOf } from './processes';

export const MAX_PROCESSES = 100;

/** References are registry references and the county comes from the directory; both are quoted. */
const youthQuery = (refs: string[], county: string, runningOnly: boolean) =>
  `${YouthRef.name} IN (${refs.map((r) => JSON.stringify(r)).join(', ')}) AND ${County.name} = ${JSON.stringify(county)}` +
  (runningOnly ? ` AND ExecutionStatus = "Running"` : '');

/** The processes filed under any of `refs` (a merged group) in the county, at most MAX_PROCESSES. */
export async function listYouthProcesses(client: Client, refs: string[], county: string, runningOnly = false): Promise<WorkflowExecutionInfo[]> {
  const found: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list({ query: youthQuery(refs, county, runningOnly), pageSize: MAX_PROCESSES })) {
    found.push(info);
    if (found.length === MAX_PROCESSES) break;
  }
  return found;
}

/** Whether the agency opened, or takes part in, a running process of the youth (any of `refs`). */
export async function takesPartIn(client: Client, agency: { agencyId: string; county: string }, refs: string[]): Promise<boolean> {
  const running = await listYouthProcesses(client, refs, agency.county, true);
  return running.some(
    (info) => initiatingAgencyOf(info.workflowId) === agency.agencyId || (info.typedSearchAttributes.get(PartyAgencies) ?? []).includes(agency.agencyId),
  );
}
