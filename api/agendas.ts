// The page behind a Safety Net agenda email: the signed token opens one agency's agenda of one
// meeting (no API key), as the agenda activity stored it. It changes nothing, so it may be opened
// again until the link expires.
import { Router, type ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { LINK_TOKEN, LinkError, type AgendaClaims, type LinkSigner } from '../common/links';
import type { AgendaYouth } from '../workflows/safety-net-input';
import { audit } from './audit';
import type { ApiDeps } from './deps';
import { ApiError, asApiError } from './errors';
import { errorPage, escape, page, sendPage } from './link-pages';
import { auditRefusals } from './refusal-audit';
import { route } from './routes';
import { registry } from './schemas';
import { validate } from './validate';

const AgendaParams = z.object({ token: z.string().max(4096).regex(LINK_TOKEN, 'must be the token of an emailed agenda link') });

registry.registerPath({
  method: 'get',
  path: '/v1/agendas/{token}',
  summary: "One agency's Safety Net meeting agenda (HTML), opened from its emailed link; the token is the credential",
  request: { params: AgendaParams },
  responses: {
    200: { description: 'The agenda page', content: { 'text/html': { schema: z.string() } } },
    400: { description: 'LINK_INVALID', content: { 'text/html': { schema: z.string() } } },
    404: { description: 'AGENDA_NOT_FOUND', content: { 'text/html': { schema: z.string() } } },
    410: { description: 'LINK_EXPIRED', content: { 'text/html': { schema: z.string() } } },
  },
});

function verify(links: LinkSigner, token: string): AgendaClaims {
  try {
    return links.agenda.verify(token);
  } catch (err) {
    if (!(err instanceof LinkError)) throw err;
    throw err.code === 'LINK_EXPIRED' ? new ApiError(410, 'LINK_EXPIRED', err.message) : new ApiError(400, 'LINK_INVALID', err.message);
  }
}

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
const words = (s: string) => s.toLowerCase().replace(/_/g, ' ');

function youthSection({ youthRef, processes, flags }: AgendaYouth): string {
  const steps = (p: AgendaYouth['processes'][number]) =>
    p.steps
      .map(
        (s) =>
          `<li>${escape(s.title)}: ${escape(words(s.status))}${s.overdue ? ' <strong>OVERDUE</strong>' : ''}, due ${escape(utc(s.dueAt))}${s.owing ? `, ${escape(s.owing)}` : ''}</li>`,
      )
      .join('');
  const list = processes
    .map(
      (p) =>
        `<li><code>${escape(p.processId)}</code> (${escape(p.obligation)}; ${p.changesSinceLastMeeting} changes since the last meeting)<ul>${steps(p)}</ul></li>`,
    )
    .join('');
  return `<section><h2>${escape(youthRef)}</h2><p>${flags.map((f) => escape(words(f))).join(' · ') || 'no open concerns'}</p><ul>${list}</ul></section>`;
}

export function agendaRoutes(deps: ApiDeps): Router {
  const { db, links } = deps;
  const router = Router();
  route(router, '/agendas/:token', {
    get: async (req, res) => {
      const { params } = validate(req, { params: AgendaParams });
      const claims = verify(links, params.token);
      const row = await db.safetyNetAgenda.findUnique({ where: { meetingId_agencyId: { meetingId: claims.meeting, agencyId: claims.agency } } });
      if (!row) throw new ApiError(404, 'AGENDA_NOT_FOUND', 'This agenda no longer exists');
      await audit(db, { actor: `link:${claims.agency}`, action: 'api.agenda.view', workflowId: claims.meeting });
      const youth = row.youth as unknown as AgendaYouth[];
      const body =
        `<p>Meeting <code>${escape(claims.meeting)}</code>, agenda of <code>${escape(claims.agency)}</code>: only what your agency may see. Do not forward this page.</p>` +
        (youth.length ? youth.map(youthSection).join('') : '<p>No youth of your agency’s cases are on this agenda.</p>');
      sendPage(res, page('Meeting agenda', body));
    },
  });
  // Audited like every refusal; a person in a browser reads why.
  const refusalPage: ErrorRequestHandler = (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = asApiError(err, res);
    sendPage(res.status(e.status), errorPage(e));
  };
  router.use(auditRefusals(deps), refusalPage);
  return router;
}
