import { Hono } from 'hono';
import { notFound, onError } from '../../shared/http/problem.ts';
import type { ApiDeps } from './deps.ts';
import { healthRoutes } from './routes/health.ts';

/** The JSON API: the same app object behind `hono/aws-lambda` in AWS and `@hono/node-server` locally. */
export function createApi(deps: ApiDeps): Hono {
  const app = new Hono();
  app.route('/health', healthRoutes(deps));
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
