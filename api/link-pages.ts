// The small HTML pages behind emailed links. Step ids and actions only: no youth details.
import type { Response } from 'express';
import type { LinkAction } from '../common/links';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const verbs: Record<LinkAction, { ask: string; done: string }> = {
  acknowledge: { ask: 'Acknowledge', done: 'Acknowledged' },
  complete: { ask: 'Mark complete', done: 'Completed' },
};

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:2rem auto"><h1>${escape(title)}</h1>${body}</body></html>`;

/** GET shows this and changes nothing: mail scanners fetch links before people click them. */
export const confirmPage = (action: LinkAction, stepId: string) =>
  page(
    `${verbs[action].ask}: ${stepId}`,
    `<p>Confirm that your agency ${action === 'acknowledge' ? 'acknowledges' : 'has completed'} step <code>${escape(stepId)}</code>.</p>` +
      `<form method="post"><button type="submit">${escape(verbs[action].ask)}</button></form>`,
  );

export const donePage = (action: LinkAction, stepId: string) =>
  page(verbs[action].done, `<p>Step <code>${escape(stepId)}</code>: ${escape(verbs[action].done.toLowerCase())}. You can close this page.</p>`);

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
