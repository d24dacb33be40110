import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Principal } from '../auth/principal.ts';
import type { TokenVerifier } from '../auth/verifier.ts';
import { UnauthorizedError } from '../errors.ts';
import { logger } from '../logger.ts';
import { problemResponse, toProblem } from './problem.ts';

/**
 * The portal's session cookie: the same JWT as the bearer token. `__Host-` pins it to this origin
 * (Secure, Path=/, no Domain); browsers accept Secure cookies on http://localhost.
 */
export const sessionCookieName = '__Host-appui-session';

/** The Hono environment of routes behind `authenticate`: `c.get('principal')` is the caller. */
export type AuthEnv = { Variables: { principal: Principal } };

type Credentials =
  | { source: 'none' }
  | { source: 'bearer' | 'cookie'; token: string }
  | { source: 'malformed-header' };

/** RFC 6750's token68 after the scheme, nothing else. */
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export interface AuthenticateOptions {
  /**
   * Whether the portal's session cookie may stand in for the bearer token. Only the portal
   * says yes: its forms check the origin and a form token, so a cookie a browser sends on
   * another site's behalf changes nothing there. The API takes a bearer token only, else a
   * body-less or JSON request from any page would act with the cookie alone.
   */
  sessionCookie?: boolean;
  /**
   * How to answer a caller whose credentials prove nothing: problem+json by default (the API);
   * the portal answers a page in French instead. The `WWW-Authenticate` challenge is set first.
   */
  refuse?: (c: Context, error: UnauthorizedError) => Response | Promise<Response>;
}

/**
 * Verifies the caller's token (`Authorization: Bearer`, or else the session cookie when
 * `sessionCookie` says so) and sets `principal`. Anything less answers 401 problem+json with a `WWW-Authenticate: Bearer` challenge.
 * An unreachable issuer is not the caller's fault: that error goes on to `onError` (503).
 */
export function authenticate(verifier: TokenVerifier, options: AuthenticateOptions = {}) {
  const answer =
    options.refuse ??
    ((c: Context, error: UnauthorizedError) =>
      problemResponse(c, toProblem(error, new URL(c.req.url).pathname)));
  const refuse = (c: Context, error: UnauthorizedError, source: Credentials['source']) => {
    // The reason and where the credentials came from; never the token, never the claims.
    logger.info('authentication refused', { source, reason: error.message });
    c.header(
      'WWW-Authenticate',
      source === 'none' ? 'Bearer realm="appui"' : 'Bearer realm="appui", error="invalid_token"',
    );
    return answer(c, error);
  };
  return createMiddleware<AuthEnv>(async (c, next) => {
    const credentials = credentialsOf(c, options.sessionCookie === true);
    if (credentials.source === 'none') {
      return refuse(c, new UnauthorizedError('Aucun jeton d’accès fourni.'), credentials.source);
    }
    if (credentials.source === 'malformed-header') {
      return refuse(
        c,
        new UnauthorizedError('L’en-tête Authorization doit être de la forme « Bearer <jeton> ».'),
        credentials.source,
      );
    }
    let principal: Principal;
    try {
      principal = await verifier.verify(credentials.token);
    } catch (error: unknown) {
      if (error instanceof UnauthorizedError) return refuse(c, error, credentials.source);
      throw error;
    }
    c.set('principal', principal);
    await next();
  });
}

function credentialsOf(c: Context, sessionCookie: boolean): Credentials {
  const header = c.req.header('authorization');
  if (header !== undefined && header.trim() !== '') {
    const token = bearerPattern.exec(header.trim())?.[1];
    return token === undefined ? { source: 'malformed-header' } : { source: 'bearer', token };
  }
  if (!sessionCookie) return { source: 'none' };
  const cookie = getCookie(c, sessionCookieName);
  if (cookie !== undefined && cookie !== '') return { source: 'cookie', token: cookie };
  return { source: 'none' };
}
