/** Small builders for route definitions: JSON bodies, JSON answers, the problems every route may give. */
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Operation } from '../../shared/auth/rights.ts';
import type { AuthEnv } from '../../shared/http/auth.ts';
import { allow, validationHook } from './http.ts';
import { Problem } from './schemas.ts';

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true } as const;
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description } as const;
}

const problem = (description: string) => ({
  content: { 'application/problem+json': { schema: Problem } },
  description,
});

/** The answers a protected route may give besides its own. */
export const problems = {
  400: problem('Requête illisible (JSON invalide, curseur altéré)'),
  401: problem('Jeton absent, expiré ou invalide'),
  403: problem('Le rôle ne permet pas cette opération'),
  404: problem('Introuvable, ou hors de votre périmètre'),
  413: problem('Corps de requête trop volumineux'),
  422: problem('Données invalides : chaque champ en cause est nommé'),
} as const;

/** The answers of a write that carries the version it read. */
export const versionProblems = {
  ...problems,
  409: problem('Refusé par les règles de la mesure (dossier clos, second renouvellement…)'),
  412: problem('La version lue n’est plus la version courante'),
  428: problem('If-Match manquant'),
} as const;

/** A router for one resource, with the API's validation hook. */
export function resourceRouter() {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
}

export { z };

/**
 * A route guarded by its operation of the rights table: the operation names it in the OpenAPI
 * document (`operationId`) and decides who may call it (`allow`), from one place.
 */
export function guardedRoute<
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'operationId' | 'middleware'> & { path: P },
>(operation: Operation, config: R) {
  return createRoute({
    ...config,
    operationId: operation,
    middleware: [allow(operation)] as const,
  });
}
