import { Hono } from 'hono';
import { createApi } from '../../functions/api/app.ts';
import type { ApiDeps } from '../../functions/api/deps.ts';
import { notFound, onError } from '../../shared/http/problem.ts';
import { createPortal, type PortalDeps } from '../../web/app.tsx';

/**
 * One port for everything locally: the JSON API and the portal, the same apps AWS runs apart, and
 * the development issuer (`devIssuerRoutes`) that stands in for Cognito.
 */
export function createLocalApp(deps: ApiDeps & PortalDeps, devIssuer?: Hono): Hono {
  const app = new Hono();
  if (devIssuer !== undefined) app.route('/', devIssuer);
  app.route('/', createApi(deps));
  app.route('/', createPortal(deps));
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
