import { Hono } from 'hono';
import { createApi } from '../../functions/api/app.ts';
import type { ApiDeps } from '../../functions/api/deps.ts';
import { notFound, onError } from '../../shared/http/problem.ts';
import { createPortal, type PortalDeps } from '../../web/app.tsx';
import { originCheck, type PortalEnv, portalNotFound, portalOnError } from '../../web/area.tsx';
import { pageHeaders } from '../../web/headers.ts';
import { serveStaticSite } from '../../web/static-site.tsx';

/** Paths answered in JSON (problem+json when they fail); everything else is a page. */
const jsonPaths = /^\/(?:api\/|health(?:\/|$)|\.well-known\/)/;

/**
 * One port for everything locally: the JSON API and the portal, the same apps AWS runs apart,
 * the pre-rendered pages AWS serves from S3 (`staticDir`, built by `buildStaticSite`), and the
 * development issuer (`devIssuerRoutes`) that stands in for Cognito — its sign-in form checked
 * for CSRF like every form of the portal.
 */
export function createLocalApp(
  deps: ApiDeps & PortalDeps,
  devIssuer?: Hono,
  staticDir?: string,
): Hono<PortalEnv> {
  const app = new Hono<PortalEnv>();
  if (devIssuer !== undefined) {
    app.use('/dev/*', pageHeaders, originCheck(deps.publicUrl));
    app.route('/', devIssuer);
  }
  if (staticDir !== undefined) app.route('/', serveStaticSite(staticDir));
  app.route('/', createApi(deps));
  app.route('/', createPortal(deps));
  app.onError((error, c) =>
    jsonPaths.test(c.req.path) ? onError(error, c) : portalOnError(error, c),
  );
  app.notFound((c) => (jsonPaths.test(c.req.path) ? notFound(c) : portalNotFound(c)));
  return app;
}
