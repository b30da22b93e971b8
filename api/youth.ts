// GET /v1/youth/:youthRef/processes: a youth's processes, from Temporal visibility (eventually consistent).
import { Router } from 'express';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import * as attributes from '../workflows/search-attributes';
import { audit } from './audit';
import { callerOf } from './auth';
import { needToKnowClause } from './need-to-know';
import type { ApiDeps } from './deps';
import { route } from './routes';
import { YouthParams } from './schemas';
import { validate } from './validate';

const MAX_PROCESSES = 100;

function summary(info: WorkflowExecutionInfo) {
  const sa = info.typedSearchAttributes;
  return {
    processId: info.workflowId,
    obligation: sa.get(attributes.Obligation) ?? null,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString() ?? null,
    owingAgencies: sa.get(attributes.OwingAgency) ?? [],
    overdue: sa.get(attributes.Overdue) ?? false,
    escalationLevel: sa.get(attributes.EscalationLevel) ?? 0,
    nextDeadline: sa.get(attributes.NextDeadline)?.toISOString() ?? null,
  };
}

export function youthRoutes({ client, db }: ApiDeps): Router {
  const router = Router();
  route(router, '/youth/:youthRef/processes', {
    get: async (req, res) => {
      const { params } = validate(req, { params: YouthParams });
      const caller = callerOf(res);
      // youthRef is validated to [A-Z0-9-]; agency id and county come from the directory, quoted as strings.
      const query = `${attributes.YouthRef.name} = "${params.youthRef}" AND ${needToKnowClause(caller)}`;
      const processes: ReturnType<typeof summary>[] = [];
      for await (const info of client.workflow.list({ query, pageSize: MAX_PROCESSES })) {
        processes.push(summary(info));
        if (processes.length === MAX_PROCESSES) break;
      }
      await audit(db, { actor: caller.agencyId, action: 'api.youth.read', detail: { youthRef: params.youthRef } });
      res.json({ processes });
    },
  });
  return router;
}
