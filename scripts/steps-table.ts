// `npm run steps:table`: the README's table of obligations, steps and default timers, generated
// from the step definitions (test/readme.test.ts checks the README holds exactly this).
import { stepCatalog } from '../workflows/step-catalog';
import type { Assignee, StepTimers } from '../workflows/types';

function duration(seconds: number, clock: StepTimers['clock']): string {
  const unit = clock === 'business' ? ' business' : '';
  if (clock === 'business' && seconds % (9 * 3600) === 0) return `${seconds / (9 * 3600)} business day${seconds === 9 * 3600 ? '' : 's'}`;
  if (seconds % 86400 === 0 && seconds >= 7 * 86400) return `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600}${unit} h`;
  return `${seconds / 60}${unit} min`;
}

// A named assignee is described by the catalog's placeholder for its agency (e.g. "the reporting LE agency").
const owner = (a: Assignee) =>
  'otherwise' in a ? (a.contact ? 'DPO, for the receiving agency' : (a.agencyId ?? a.otherwise.agencyType)) : `${a.agencyType} ${a.role}`;

export function stepsTable(): string {
  const rows = stepCatalog.map(({ paragraph, workflow, definition: d }) => {
    const t = d.defaults;
    const timers = [
      `acknowledge ${duration(t.acknowledgeWithinSeconds, t.clock)}`,
      t.completeWithinSeconds === null ? null : `complete ${duration(t.completeWithinSeconds, t.clock)}`,
      `escalate every ${duration(t.escalateEverySeconds, t.clock)}`,
      t.clock === 'calendar-except-holidays' ? 'holidays excluded' : null,
      d.recurEverySeconds ? `recurs every ${duration(d.recurEverySeconds, 'calendar')}` : null,
    ].filter(Boolean);
    return `| ${paragraph} | \`${workflow}\` | \`${d.kind}\` — ${d.title} | ${owner(d.assignee)} | ${timers.join('; ')} | ${d.source} |`;
  });
  return ['| MOU paragraph | workflow | step | owed by | default timers | from |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

if (require.main === module) console.log(stepsTable());
