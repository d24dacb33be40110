/**
 * The plumbing of the portal's signed-in areas: security headers, CSRF (the Origin of every form
 * against the public origin, and the session's token in every form), the session, the caller's
 * scope, and errors as French pages with the API's status codes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Principal } from '../shared/auth/principal.ts';
import type { TokenVerifier } from '../shared/auth/verifier.ts';
import { ForbiddenError } from '../shared/errors.ts';
import { authenticate, sessionCookieName } from '../shared/http/auth.ts';
import { inCallerScope, limitBody } from '../shared/http/guards.ts';
import { retryHeaders, toProblem } from '../shared/http/problem.ts';
import { describeError, logger } from '../shared/logger.ts';
import { FormValues } from './forms.ts';
import { pageHeaders } from './headers.ts';
import { ErrorPage } from './pages/error.tsx';
import type { Viewer } from './viewer.ts';

/** The Hono environment of the portal's signed-in pages. */
export type PortalEnv = {
  Variables: { principal: Principal; form: FormValues };
};

export interface AreaDeps {
  verifier: TokenVerifier;
  /** The portal's public origin (`APPUI_PUBLIC_URL`): forms must come from it. */
  publicUrl: string;
}

/**
 * The CSRF token of a session: a hash of the session cookie, which a page of another site can
 * neither read nor compute. Every form carries it in `_csrf`.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`appui-csrf\u0000${sessionToken}`).digest('base64url');
}

function sessionTokenOf(c: Context): string | undefined {
  const token = getCookie(c, sessionCookieName);
  return token === undefined || token === '' ? undefined : token;
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads the posted form once and refuses it (403) unless it carries the session's token. */
export const checkFormToken: MiddlewareHandler<PortalEnv> = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const form = await FormValues.of(c);
  const session = sessionTokenOf(c);
  if (session === undefined || !sameToken(form.get('_csrf'), csrfTokenOf(session))) {
    throw new ForbiddenError(
      'Le formulaire n’a pas le jeton de sécurité de votre session : rechargez la page et recommencez.',
    );
  }
  c.set('form', form);
  await next();
};

/** Forms may come from the public origin only (behind CloudFront the request's own host is not it). */
export function originCheck(publicUrl: string): MiddlewareHandler {
  return csrf({ origin: new URL(publicUrl).origin });
}

/** Who is looking, for the layout and the forms of the page. */
export function viewerOf(c: Context<PortalEnv>): Viewer {
  const session = sessionTokenOf(c);
  return {
    principal: c.get('principal'),
    csrf: session === undefined ? '' : csrfTokenOf(session),
    nonce: c.get('secureHeadersNonce'),
    path: c.req.path,
  };
}

/** The posted form, read and checked by `checkFormToken`. */
export function postedForm(c: Context<PortalEnv>): FormValues {
  return c.get('form');
}

/** A page of personal data: never kept by a cache. */
export function page(
  c: Context,
  content: JSX.Element,
  status: 200 | 422 = 200,
): Response | Promise<Response> {
  c.header('Cache-Control', 'no-store');
  return c.html(content, status);
}

/** After a POST, the page to show next (303: the browser GETs it). */
export function seeOther(c: Context, location: string): Response {
  return c.redirect(location, 303);
}

/** Where "back" leads from a failed request: the record the form was about, else the area's home. */
export function backFrom(path: string): string {
  const record =
    /^(\/(?:structure\/dossiers|structure\/prescriptions|prescripteur\/prescriptions)\/[^/]+)/.exec(
      path,
    );
  if (record?.[1] !== undefined && !record[1].endsWith('/nouvelle')) return record[1];
  if (path.startsWith('/prescripteur')) return '/prescripteur';
  if (path.startsWith('/structure')) return '/structure';
  return '/espace';
}

/** The signed-in caller of a page that may also show an error before authentication. */
function viewerIfAny(c: Context<PortalEnv>): Viewer | undefined {
  const principal: Principal | undefined = c.get('principal');
  return principal === undefined ? undefined : viewerOf(c);
}

/** Errors as French pages, with the API's status codes; only named errors say more than the status. */
export function portalOnError(error: unknown, c: Context<PortalEnv>): Response | Promise<Response> {
  const path = new URL(c.req.url).pathname;
  // Hono's csrf() refuses a form of another origin with its own 403.
  const problem =
    error instanceof HTTPException && error.status === 403
      ? toProblem(new ForbiddenError('Ce formulaire ne vient pas du portail.'), path)
      : toProblem(error, path);
  if (problem.status >= 500) {
    logger.error('portal request failed', { path, error: describeError(error) });
  }
  c.header('Cache-Control', 'no-store');
  return c.html(
    <ErrorPage
      status={problem.status}
      detail={problem.detail}
      invalidFields={problem.invalidFields}
      back={backFrom(path)}
      viewer={viewerIfAny(c)}
    />,
    problem.status,
    retryHeaders(problem.status),
  );
}

/** A path no page answers, as a French page. */
export function portalNotFound(c: Context): Response | Promise<Response> {
  return c.html(<ErrorPage status={404} back="/" />, 404);
}

/**
 * A signed-in area of the portal: every route under it has the security headers, the CSRF
 * checks on forms, a session (a French 401 page otherwise) and the caller's scope.
 */
export function area(deps: AreaDeps): Hono<PortalEnv> {
  const app = new Hono<PortalEnv>();
  app.use(
    '*',
    pageHeaders,
    originCheck(deps.publicUrl),
    limitBody,
    authenticate(deps.verifier, {
      sessionCookie: true,
      refuse: (c, _error) =>
        c.html(<ErrorPage status={401} back="/connexion" />, 401, { 'Cache-Control': 'no-store' }),
    }),
    inCallerScope,
    checkFormToken,
  );
  app.onError(portalOnError);
  return app;
}
