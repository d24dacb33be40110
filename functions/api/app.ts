import { OpenAPIHono } from '@hono/zod-openapi';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import { authenticate } from '../../shared/http/auth.ts';
import { notFound, onError } from '../../shared/http/problem.ts';
import type { ApiDeps } from './deps.ts';
import { inCallerScope, limitBody, validationHook } from './http.ts';
import { resourceRouter } from './openapi-kit.ts';
import { referencePage } from './reference.tsx';
import { alertRoutes } from './routes/alerts.ts';
import { caseRoutes } from './routes/cases.ts';
import { healthRoutes } from './routes/health.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { caseRightsRoutes, personalDataRoutes } from './routes/personal-data.ts';
import { platformRoutes } from './routes/platform.ts';
import { directoryRoutes, referralRoutes } from './routes/prescriber.ts';
import { statsRoutes } from './routes/stats.ts';
import { teamRoutes } from './routes/team.ts';

export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'Appui – API',
    version: '1.0.0',
    description:
      'L’API d’Appui, pour les intégrations : prescriptions, dossiers, journal, renouvellement, sortie. ' +
      'Authentification : jeton OIDC (Bearer). Erreurs : application/problem+json (RFC 9457).',
  },
  servers: [{ url: '/' }],
  security: [{ Bearer: [] }],
};

/** The document of `app`'s routes as `/api/v1/openapi.json` answers it: JSON text. */
export function openApiDocumentOf(app: OpenAPIHono): string {
  return JSON.stringify(app.getOpenAPI31Document(openApiInfo));
}

/**
 * The JSON API, one router per resource under its prefix: the same app object behind
 * `hono/aws-lambda` in AWS and `@hono/node-server` locally.
 */
export function createApi(deps: ApiDeps): OpenAPIHono {
  const v1 = resourceRouter();
  v1.use('*', limitBody, authenticate(deps.verifier), inCallerScope);
  v1.route('/directory', directoryRoutes(deps));
  v1.route('/referrals', referralRoutes(deps));
  v1.route('/inbox', inboxRoutes(deps));
  v1.route('/cases', caseRoutes(deps));
  v1.route('/cases', caseRightsRoutes(deps));
  v1.route('/personal-data', personalDataRoutes(deps));
  v1.route('/alerts', alertRoutes(deps));
  v1.route('/stats', statsRoutes(deps));
  v1.route('/team', teamRoutes(deps));
  v1.route('/platform', platformRoutes(deps));

  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.route('/health', healthRoutes(deps));
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  // Shipped with the Lambda bundle (infra/openapi-document.ts); otherwise built once.
  let document: string | undefined;
  const documentText = () => {
    document ??= deps.openApiDocument?.() ?? openApiDocumentOf(app);
    return document;
  };
  app.get('/api/v1/openapi.json', (c) =>
    c.body(documentText(), 200, { 'content-type': 'application/json' }),
  );
  app.get('/api/v1/reference', (c) => {
    const parsed: OpenAPIObject = JSON.parse(documentText());
    return c.html(referencePage(parsed));
  });
  app.route('/api/v1', v1);
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
