// The small HTML pages behind emailed links. Opaque references only: there are no names to show.
import type { Response } from 'express';
import type { LinkAction } from '../common/links';
import type { ProcessView, StepView } from '../workflows/types';
import type { ApiError } from './errors';

export const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const verbs: Record<LinkAction, { ask: string; done: string }> = {
  acknowledge: { ask: 'Acknowledge', done: 'Acknowledged' },
  complete: { ask: 'Mark complete', done: 'Completed' },
};

export const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:2rem auto"><h1>${escape(title)}</h1>${body}</body></html>`;

export interface LinkContext {
  action: LinkAction;
  processId: string;
  /** The agency the link was sent to. */
  agencyId: string;
  process: ProcessView;
  step: StepView;
}

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Only a waiting step has a deadline; otherwise say where it stands (scheduled, completed, withdrawn…). */
const due = ({ dueAt, opensAt, status }: StepView) =>
  dueAt ? utc(dueAt) : opensAt ? `not yet: the step opens ${utc(opensAt)}` : `nothing now: the step is ${status.toLowerCase().replace(/_/g, ' ')}`;

/** What someone with several cases needs to tell this one from the others. */
function details({ processId, agencyId, process, step }: LinkContext): string {
  const sentTo = step.chain.find((p) => p.agencyId === agencyId);
  const rows: [string, string | undefined][] = [
    ['Step', `${step.title} (${step.id})`],
    ['Youth reference', process.youthRef],
    ['Process', processId],
    ['Due', due(step)],
    ['Waiting on', step.owing ? `${step.owing.agencyName} (${step.owing.agencyId})` : undefined],
    ['Sent to', sentTo ? `${sentTo.agencyName} (${agencyId})` : agencyId],
    ['Process opened by', process.initiatingAgencyId],
  ];
  return `<dl>${rows.map(([label, value]) => (value === undefined ? '' : `<dt>${escape(label)}</dt><dd>${escape(value)}</dd>`)).join('')}</dl>`;
}

/** GET shows this and changes nothing: mail scanners fetch links before people click them. */
export const confirmPage = (link: LinkContext) =>
  page(
    `${verbs[link.action].ask}: ${link.step.title}`,
    `<p>Confirm that your agency ${link.action === 'acknowledge' ? 'acknowledges' : 'has completed'} this step.</p>${details(link)}` +
      `<form method="post"><button type="submit">${escape(verbs[link.action].ask)}</button></form>`,
  );

export const donePage = (action: LinkAction, stepId: string) =>
  page(verbs[action].done, `<p>Step <code>${escape(stepId)}</code>: ${escape(verbs[action].done.toLowerCase())}. You can close this page.</p>`);

const refusals: Record<string, string> = {
  LINK_USED: 'This link has already been used',
  LINK_EXPIRED: 'This link has expired',
  LINK_INVALID: 'This link is not valid',
  VALIDATION_FAILED: 'This link is not valid',
};

/** A refused link, for a person in a browser; the code is what support will ask for. */
export const errorPage = (e: ApiError) =>
  page(refusals[e.code] ?? 'This link could not be used', `<p>${escape(e.message)}</p><p><small>Code: ${escape(e.code)}</small></p>`);

export function sendPage(res: Response, html: string): void {
  // The token in the address is a credential: keep it out of caches and Referer headers.
  res
    .set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    })
    .type('html')
    .send(html);
}
