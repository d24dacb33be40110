/**
 * Small builders for route definitions: JSON bodies, JSON answers, the problems every route may
 * give; and the names the document gives the payload schemas of shared/.
 */
import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { Alert } from '../../shared/alerts/schemas.ts';
import type { Operation } from '../../shared/auth/rights.ts';
import {
  AccessLogPage,
  AppointmentInput,
  AppointmentResult,
  AttendanceInput,
  Case,
  CaseFile,
  CasePage,
  CaseQuery,
  ContractInput,
  DiagnosticInput,
  DiagnosticResult,
  ExitInput,
  JournalInput,
  JournalResult,
  ReassignInput,
  RenewalDecisionInput,
  RenewalRequestInput,
} from '../../shared/cases/schemas.ts';
import { IdempotencyHeader, IfMatchHeader, Problem } from '../../shared/common/schemas.ts';
import type { AuthEnv } from '../../shared/http/auth.ts';
import {
  AcceptInput,
  AcceptResult,
  DeclineInput,
  DirectoryEntry,
  FollowUp,
  FollowUpPage,
  Referral,
  ReferralInput,
  ReferralPage,
} from '../../shared/referrals/schemas.ts';
import { allow, validationHook } from './http.ts';

/**
 * Gives a schema its OpenAPI metadata on the schema itself. `.openapi(name)` would name a copy,
 * and the schemas shared/ builds from this one (a page of cases, a case file) would not refer
 * to the name.
 */
function document(schema: z.ZodType, metadata: { refId?: string; description?: string }) {
  const { refId, ...openapi } = metadata;
  const current = zodToOpenAPIRegistry.get(schema);
  zodToOpenAPIRegistry.add(schema, {
    ...current,
    ...openapi,
    ...(refId === undefined ? {} : { _internal: { ...current?._internal, refId } }),
  });
}

const names: Record<string, z.ZodType> = {
  Problem,
  ReferralInput,
  ReferralFollowUp: FollowUp,
  ReferralFollowUpPage: FollowUpPage,
  DirectoryEntry,
  Referral,
  ReferralPage,
  AcceptInput,
  AcceptResult,
  DeclineInput,
  Case,
  CasePage,
  Alert,
  CaseFile,
  ContractInput,
  JournalInput,
  JournalResult,
  DiagnosticInput,
  DiagnosticResult,
  AppointmentInput,
  AppointmentResult,
  AttendanceInput,
  RenewalRequestInput,
  RenewalDecisionInput,
  ExitInput,
  ReassignInput,
  AccessLogPage,
};
for (const [refId, schema] of Object.entries(names)) document(schema, { refId });
document(IfMatchHeader.shape['if-match'], { description: 'La version lue (ETag).' });
document(IdempotencyHeader.shape['idempotency-key'], {
  description:
    'Une clé par requête : une nouvelle tentative avec la même clé ne crée rien de plus.',
});
document(CaseQuery.shape.dueWithinDays, {
  description: 'Seulement les dossiers dont la période en cours se termine dans ce nombre de jours',
});

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
