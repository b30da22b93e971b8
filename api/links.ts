// Emailed action links: the signed token is the credential (no API key). GET confirms, POST acts,
// once: the link id is claimed in UsedLink before the update is sent.
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { LinkError, type LinkClaims, type LinkSigner } from '../common/links';
import type { Db } from '../common/db';
import { Prisma } from '../prisma/generated/client';
import type { Actor } from '../workflows/types';
import { audit } from './audit';
import type { ApiDeps } from './deps';
import { ApiError, asApiError } from './errors';
import { confirmPage, donePage, errorPage, sendPage } from './link-pages';
import { auditRefusals, attributeToLink } from './refusal-audit';
import { route } from './routes';
import { LinkParams } from './schemas';
import { stepUpdates } from './steps';
import { readProcess } from './need-to-know';
import { toApiError } from './temporal-errors';
import { validate } from './validate';

/** The link acts as the agency and the one person it was sent to. */
const linkActor = (claims: LinkClaims): Actor => ({ agencyId: claims.agency, via: 'link', ...(claims.rep && { representativeId: claims.rep }) });

const linkAuditActor = (claims: LinkClaims) => `link:${claims.agency}${claims.rep ? `/${claims.rep}` : ''}`;

const linkUsed = () => new ApiError(410, 'LINK_USED', 'This link has already been used');

function verify(links: LinkSigner, token: string, res: Response): LinkClaims {
  try {
    const claims = links.verify(token);
    attributeToLink(res, claims);
    return claims;
  } catch (err) {
    if (!(err instanceof LinkError)) throw err;
    if (err.claims) attributeToLink(res, err.claims);
    throw err.code === 'LINK_EXPIRED' ? new ApiError(410, 'LINK_EXPIRED', err.message) : new ApiError(400, 'LINK_INVALID', err.message);
  }
}

/** The primary key makes the claim atomic: of two concurrent clicks, one wins. */
async function claim(db: Db, jti: string): Promise<void> {
  try {
    await db.usedLink.create({ data: { jti } });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw linkUsed();
    throw err;
  }
}

/** A person clicking in a mail client; scripts and API clients get JSON. */
const wantsPage = (req: Request) => req.accepts(['json', 'html']) === 'html';

// A person who opened a refused link sees a page saying why; other clients get the JSON error.
const refusalPage: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent || !wantsPage(req)) return next(err);
  const e = asApiError(err, res);
  sendPage(res.status(e.status), errorPage(e));
};

export function linkRoutes(deps: ApiDeps): Router {
  const { client, db, links } = deps;
  const router = Router();

  route(router, '/links/:token', {
    get: async (req, res) => {
      const { params } = validate(req, { params: LinkParams });
      const claims = verify(links, params.token, res);
      if (await db.usedLink.findUnique({ where: { jti: claims.jti } })) throw linkUsed();
      // The page names the case, so the recipient can tell it from their others.
      const view = await readProcess(client, db, claims.wid, linkActor(claims));
      const step = view.steps.find((s) => s.id === claims.step);
      if (!step) throw new ApiError(404, 'STEP_NOT_FOUND', 'The step of this link is not in its process');
      await audit(db, { actor: linkAuditActor(claims), action: 'api.link.view', workflowId: claims.wid, stepId: claims.step });
      sendPage(res, confirmPage({ action: claims.action, processId: claims.wid, agencyId: claims.agency, process: view, step }));
    },
    post: async (req, res) => {
      const { params } = validate(req, { params: LinkParams });
      const claims = verify(links, params.token, res);
      await claim(db, claims.jti);
      const actor = linkActor(claims);
      const step = await client.workflow
        .getHandle(claims.wid)
        .executeUpdate(stepUpdates[claims.action], { args: [{ stepId: claims.step, actor }] })
        .catch(async (err: unknown) => {
          const refused = toApiError(err);
          // A refusal (wrong state, not owed, closed) stands; any other failure frees the link for a retry.
          if (!refused) await db.usedLink.delete({ where: { jti: claims.jti } });
          throw refused ?? err;
        });
      await audit(db, { actor: linkAuditActor(claims), action: `api.step.${claims.action}`, workflowId: claims.wid, stepId: claims.step });
      if (wantsPage(req)) sendPage(res, donePage(claims.action, claims.step));
      else res.json(step);
    },
  });
  router.use(auditRefusals(deps), refusalPage);

  return router;
}
