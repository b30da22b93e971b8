// The Safety Net meeting's side effects: each attending agency's agenda, built from visibility
// (the county's open processes) and each process's own need-to-know answer (processViewFor, with
// the youth's recorded consent), stored for the agenda page; the email with its signed link; and
// the yearly review's renewal date.
import { activityInfo, getClient } from '@temporalio/activity';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { consentedCategories } from '../common/consent';
import type { ConsentCategory } from '../common/consent';
import type { AgencyType } from '../workflows/types';
import { processViewFor } from '../workflows/messages';
import { ATTENDING_TYPES, type AgendaFlag, type AgendaProcess, type AgendaYouth, type PreparedMeeting } from '../workflows/safety-net-input';
import { actionRoles } from '../workflows/safety-net-steps';
import { County, Obligation, Party, YouthRef } from '../workflows/search-attributes';
import type { Actor, ProcessView } from '../workflows/types';
import { deliverOnce, shortRef, type NotifyDeps } from './notify';

const DAY_MS = 24 * 3600 * 1000;
/** The most open processes one agenda covers; a county with more needs the reports, not a meeting list. */
const MAX_PROCESSES = 1000;
const CLOSED = ['COMPLETED', 'WITHDRAWN', 'CLOSED_BY_COORDINATOR'];

interface OpenProcess {
  processId: string;
  youthRef: string;
  obligation: string;
  parties: string[];
}

async function openProcesses(county: string): Promise<OpenProcess[]> {
  // On this worker's task queue: only processes a worker answers for are asked what each agency may see.
  const query = `${County.name} = ${JSON.stringify(county)} AND ExecutionStatus = "Running" AND TaskQueue = ${JSON.stringify(activityInfo().taskQueue)}`;
  const found: OpenProcess[] = [];
  const attr = <T>(info: WorkflowExecutionInfo, key: { name: string }) => info.searchAttributes[key.name]?.[0] as T | undefined;
  for await (const info of getClient().workflow.list({ query })) {
    const youthRef = attr<string>(info, YouthRef);
    // Meetings and reviews carry no youth: they are not on an agenda.
    if (youthRef) {
      found.push({
        processId: info.workflowId,
        youthRef,
        obligation: attr<string>(info, Obligation) ?? '',
        parties: (info.searchAttributes[Party.name] ?? []) as string[],
      });
    }
    if (found.length === MAX_PROCESSES) break;
  }
  return found;
}

/** Why the youth is on the agenda, from what the agency may read. */
function flagsOf(processes: AgendaProcess[], views: ProcessView[], now: number): AgendaFlag[] {
  const steps = views.flatMap((v) => v.steps).filter((s) => !CLOSED.includes(s.status));
  const soon = (iso: string | null) => iso !== null && Date.parse(iso) - now < 7 * DAY_MS;
  const flags: [AgendaFlag, boolean][] = [
    ['OVERDUE_STEPS', steps.some((s) => s.overdue)],
    ['CHANGED_SINCE_LAST_MEETING', processes.some((p) => p.changesSinceLastMeeting > 0)],
    ['UPCOMING_DEADLINE', steps.some((s) => soon(s.dueAt) || soon(s.opensAt))],
    ['MISSING_EPISODE', views.some((v) => v.obligation === 'missing-youth')],
    ['RELEASE_FOLLOW_UP', steps.some((s) => /follow-up|after-release|hand-off/.test(s.kind))],
  ];
  return flags.filter(([, on]) => on).map(([flag]) => flag);
}

export function createSafetyNetActivities(deps: NotifyDeps) {
  const { db, links, publicBaseUrl } = deps;

  return {
    /** Stores each attending agency's agenda of the meeting; answers who attends and who is a party of each youth's processes. */
    async prepareAgendas({ meetingId, county }: { meetingId: string; county: string }): Promise<PreparedMeeting> {
      const now = Date.now();
      const last = await db.safetyNetAgenda.findFirst({ where: { county, meetingId: { not: meetingId } }, orderBy: { createdAt: 'desc' } });
      const since = last?.createdAt ?? new Date(now - 7 * DAY_MS);
      const attendees = await db.agency.findMany({
        // The agencies of the MOU (the county's designated ones), not e.g. a defense panel named as one youth's counsel.
        where: { county, outOfCounty: false, designated: true, type: { in: [...ATTENDING_TYPES] } },
        include: { representatives: { where: { role: 'MDT_COORDINATOR', active: true }, take: 1 } },
        orderBy: { id: 'asc' },
      });
      const processes = await openProcesses(county);
      const changes = new Map<string, { stepId: string }[]>();
      for (const p of processes)
        changes.set(p.processId, await db.stepFact.findMany({ where: { workflowId: p.processId, at: { gt: since } }, select: { stepId: true } }));

      const consents = new Map<string, ConsentCategory[]>();
      const consentOf = async (youthRef: string, type: AgencyType) => {
        const key = `${youthRef}|${type}`;
        if (!consents.has(key)) consents.set(key, await consentedCategories(db, youthRef, type));
        return consents.get(key)!;
      };

      const summary: PreparedMeeting['attendees'] = [];
      for (const agency of attendees) {
        const actor: Actor = { agencyId: agency.id, agencyType: agency.type, county, via: 'api', coordinator: agency.representatives.length > 0 };
        const byYouth = new Map<string, { processes: AgendaProcess[]; views: ProcessView[] }>();
        for (const p of processes) {
          // The process's own answer: need to know (the PD only for its own clients) and consent.
          const view = await getClient()
            .workflow.getHandle(p.processId)
            .query(processViewFor, { actor, consent: await consentOf(p.youthRef, agency.type) })
            .catch(() => null); // ended since the listing
          if (!view) continue;
          const readable = new Set(view.steps.filter((s) => s.kind !== 'confidential').map((s) => s.id));
          const entry = byYouth.get(p.youthRef) ?? { processes: [], views: [] };
          entry.views.push(view);
          entry.processes.push({
            processId: p.processId,
            obligation: p.obligation,
            steps: view.steps
              .filter((s) => !CLOSED.includes(s.status))
              .map((s) => ({
                title: s.title,
                status: s.status,
                overdue: s.overdue,
                dueAt: s.dueAt,
                owing: s.owing?.agencyName ?? s.confidentialTo?.agencyType ?? null,
              })),
            changesSinceLastMeeting: changes.get(p.processId)!.filter((f) => readable.has(f.stepId)).length,
          });
          byYouth.set(p.youthRef, entry);
        }
        const youth: AgendaYouth[] = [...byYouth].map(([youthRef, e]) => ({ youthRef, processes: e.processes, flags: flagsOf(e.processes, e.views, now) }));
        const row = { county, youth: youth as object[] };
        await db.safetyNetAgenda.upsert({
          where: { meetingId_agencyId: { meetingId, agencyId: agency.id } },
          create: { meetingId, agencyId: agency.id, ...row },
          update: row,
        });
        summary.push({ agencyId: agency.id, youth: youth.length });
      }

      const types = new Map(
        (await db.agency.findMany({ where: { id: { in: [...new Set(processes.flatMap((p) => p.parties))] } } })).map((a) => [a.id, a.type]),
      );
      const parties: PreparedMeeting['parties'] = {};
      for (const p of processes) {
        const known = parties[p.youthRef] ?? [];
        for (const agencyId of p.parties) {
          const agencyType = types.get(agencyId);
          if (agencyType && !known.some((k) => k.agencyId === agencyId)) known.push({ agencyId, agencyType });
        }
        parties[p.youthRef] = known;
      }
      return { attendees: summary, parties };
    },

    /** One email per agency, to the staff who attend for it: a signed link to its agenda, never the agenda itself. */
    async sendAgenda({ meetingId, agencyId }: { meetingId: string; agencyId: string }): Promise<{ recipients: number }> {
      const agency = await db.agency.findUniqueOrThrow({ where: { id: agencyId } });
      const reps = await db.representative.findMany({ where: { agencyId, role: actionRoles[agency.type], active: true }, orderBy: { id: 'asc' } });
      if (reps.length === 0) return { recipients: 0 };
      const key = `${meetingId}:agenda:${agencyId}`;
      const ref = shortRef(key);
      const link = `${publicBaseUrl}/v1/agendas/${links.agenda.sign({ meeting: meetingId, agency: agencyId })}`;
      const text = [
        "Your agency's agenda for the county's weekly multidisciplinary meeting is ready.",
        '',
        `Open it: ${link}`,
        `Reference: ${ref}`,
        '',
        'The agenda is not in this email. The link expires; do not forward it.',
      ].join('\n');
      await deliverOnce(
        deps,
        { key, workflowId: meetingId, stepId: 'agenda', level: 0 },
        { to: reps.map((r) => r.email), subject: `Meeting agenda available [${ref}]`, text },
      );
      return { recipients: reps.length };
    },

    /** The renewal date the review recorded (YYYY-MM-DD), or else the day it was completed. */
    async recordMouRenewal({ county, record, completedAt }: { county: string; record: string; completedAt: string }): Promise<string> {
      const date = /^\d{4}-\d{2}-\d{2}$/.test(record.trim()) && !Number.isNaN(Date.parse(record.trim())) ? record.trim() : completedAt.slice(0, 10);
      await db.county.upsert({ where: { id: county }, create: { id: county, mouRenewedOn: date }, update: { mouRenewedOn: date } });
      return date;
    },
  };
}
