/**
 * What every authenticated request goes through, in the API and in the portal alike: a body
 * size limit, the caller's scope around the rest of the request, the rights table.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Principal } from '../auth/principal.ts';
import { isAllowed, type Operation } from '../auth/rights.ts';
import { runInScope, scopeFor } from '../data/scope.ts';
import { ForbiddenError, PayloadTooLargeError } from '../errors.ts';
import type { AuthEnv } from './auth.ts';

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
export function actorOf<R extends Principal['role'], E extends AuthEnv>(
  c: Context<E>,
  roles: readonly R[],
) {
  const principal: Principal = c.var.principal;
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
