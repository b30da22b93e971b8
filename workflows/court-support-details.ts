// What the Temporal UI's current details say above the steps: the upcoming hearings and each
// party's confirmation. The advocate's parts say only whether they are on time (Evid. Code §1035.4).
import type { Hearing } from './court-support-input';
import type { StepView } from './types';

const ADVOCATE_PARTS = ['accompaniment', 'debrief', 'youthNotice'];

function confirmation(part: string, s: StepView): string | undefined {
  const confidential = ADVOCATE_PARTS.includes(part);
  switch (s.status) {
    case 'WITHDRAWN':
    case 'CLOSED_BY_COORDINATOR':
      return undefined;
    case 'COMPLETED':
      return `${part} confirmed`;
    case 'SCHEDULED':
      return `${part} opens ${s.opensAt}`;
    case 'AWAITING_ACKNOWLEDGMENT':
    case 'AWAITING_COMPLETION':
      if (s.overdue) return `${part} OVERDUE`;
      return confidential ? `${part} awaited (on time)` : `${part} awaited by ${s.dueAt}`;
    default:
      return `${part} ${s.status.toLowerCase()}`;
  }
}

export function hearingLines(hearings: Hearing[], steps: StepView[]): string[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const upcoming = hearings.filter((h) => h.status === 'SET' && Date.parse(h.at) > Date.now()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (!upcoming.length) return [];
  const line = (h: Hearing) => {
    const parties = Object.entries(h.steps).flatMap(([part, id]) => {
      const s = byId.get(id);
      return s ? (confirmation(part, s) ?? []) : [];
    });
    const continued = h.continuances ? `, continued ${h.continuances}×` : '';
    return `- Hearing ${h.id} (${h.kind.toLowerCase().replace(/_/g, ' ')}) at ${h.at}${continued}: ${parties.join('; ')}`;
  };
  return ['Upcoming hearings:', ...upcoming.map(line), '', 'Steps:'];
}
