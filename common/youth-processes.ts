// A youth's processes from Temporal visibility (eventually consistent), as far as the caller has
// need to know of them, and whether an agency takes part in one of them.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { ActiveParty, County, Party, YouthRef } from '../workflows/search-attributes';

export const MAX_PROCESSES = 100;

export interface Viewer {
  agencyId: string;
  county: string;
  admin?: boolean;
  coordinator?: boolean;
}

// Agency ids and the county come from the directory, references from the registry; all are quoted.
const quote = (s: string) => JSON.stringify(s);

/** The processes the viewer is a party to, or all of its county for coordinators and administrators. */
export const needToKnow = (v: Viewer) => (v.admin || v.coordinator ? `${County.name} = ${quote(v.county)}` : `${Party.name} = ${quote(v.agencyId)}`);

/** The reporting agency or a step's assignee, while the process runs (a coordinator only on a chain has no active part). */
const partyTo = (agencyId: string) => `${ActiveParty.name} = ${quote(agencyId)} AND ExecutionStatus = "Running"`;

/** The processes filed under any of `refs` (a merged group) within `scope`, at most MAX_PROCESSES. */
export async function listYouthProcesses(client: Client, refs: string[], scope: string): Promise<WorkflowExecutionInfo[]> {
  const query = `${YouthRef.name} IN (${refs.map(quote).join(', ')}) AND ${scope}`;
  const found: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list({ query, pageSize: MAX_PROCESSES })) {
    found.push(info);
    if (found.length === MAX_PROCESSES) break;
  }
  return found;
}

/** Whether the agency opened, or has a step in, a running process of the youth (any of `refs`). */
export const takesPartIn = async (client: Client, agencyId: string, refs: string[]) => (await listYouthProcesses(client, refs, partyTo(agencyId))).length > 0;
