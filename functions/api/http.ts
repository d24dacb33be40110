/**
 * The API's plumbing shared by every resource: validation failures as 422 naming each field,
 * versions as ETag / If-Match, the caller's scope around each request, the rights table.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ZodError } from 'zod';
import type { Principal } from '../../shared/auth/principal.ts';
import { isAllowed, type Operation } from '../../shared/auth/rights.ts';
import { runInScope, scopeFor } from '../../shared/data/scope.ts';
import { validationErrorOf } from '../../shared/domain/validation.ts';
import {
  ForbiddenError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../../shared/errors.ts';
import type { AuthEnv } from '../../shared/http/auth.ts';

/** `@hono/zod-openapi`'s hook: a request that fails its schema is a 422 naming the fields. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
): void {
  if (!result.success) {
    const prefix =
      result.target === 'json' ? '' : result.target === 'header' ? 'en-tête' : result.target;
    throw validationErrorOf(result.error, prefix, '(corps)');
  }
}

/** No legitimate request is near this size; a 1 MB string is refused before it is parsed. */
export const maxBodyBytes = 64 * 1024;

export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: maxBodyBytes,
  onError: () => {
    throw new PayloadTooLargeError(`Le corps de la requête dépasse ${maxBodyBytes / 1024} Ko.`);
  },
});

/** Runs the rest of the request in the caller's scope, so the DynamoDB guard knows it. */
export const inCallerScope: MiddlewareHandler<AuthEnv> = (c, next) =>
  runInScope(scopeFor(c.get('principal')), () => next());

/** Refuses with 403 a role the rights table does not allow for `operation`. */
export function allow(operation: Operation): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!isAllowed(c.get('principal').role, operation)) {
      throw new ForbiddenError('Votre rôle ne permet pas cette opération.');
    }
    await next();
  };
}

/** The principal narrowed to the roles an operation allows (the `allow` middleware ran first). */
export function actorOf<R extends Principal['role']>(c: Context<AuthEnv>, roles: readonly R[]) {
  const principal = c.get('principal');
  if (!isRole(principal, roles))
    throw new ForbiddenError('Votre rôle ne permet pas cette opération.');
  return principal;
}

function isRole<R extends Principal['role']>(
  principal: Principal,
  roles: readonly R[],
): principal is Extract<Principal, { role: R }> {
  return roles.some((role) => role === principal.role);
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** The version the caller read, from `If-Match`: 428 when absent, 412 when it is not a version. */
export function ifMatchVersion(c: Context): number {
  const header = c.req.header('if-match');
  if (header === undefined || header.trim() === '') {
    throw new PreconditionRequiredError(
      'Indiquez dans If-Match la version lue (l’en-tête ETag de la lecture) : sans elle, une modification concurrente serait écrasée.',
    );
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (match === null) {
    throw new PreconditionFailedError('If-Match ne désigne aucune version de cette ressource.');
  }
  return Number(match[1]);
}
