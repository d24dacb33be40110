/**
 * The portal's session cookie, set by whoever signs the user in (the development issuer locally,
 * the Cognito callback in AWS) and cleared by the portal's sign-out, always with the same
 * attributes; and the short-lived cookie that carries a Cognito sign-in from its start to its
 * callback.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sessionCookieName } from './auth.ts';

/**
 * `__Host-` requires Secure, `Path=/` and no Domain. Browsers accept Secure cookies on
 * http://localhost, so the cookie is Secure everywhere; outside localhost the portal is HTTPS.
 */
const attributes = { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' } as const;

/** Opens a session holding `token` for `maxAgeSeconds`. */
export function setSessionCookie(c: Context, token: string, maxAgeSeconds: number): void {
  setCookie(c, sessionCookieName, token, { ...attributes, maxAge: maxAgeSeconds });
}

/** Ends the session: the browser forgets the cookie. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookieName, attributes);
}

/** The sign-in in progress: its `state` and PKCE `code_verifier`, from `/auth/sign-in` to the callback. */
export const signInCookieName = '__Host-appui-oauth';

/** Long enough to type a password and a second-factor code, short enough not to linger. */
const signInMaxAgeSeconds = 600;

/** What a sign-in in progress keeps between its start and its callback. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
}

/** Remembers a sign-in in progress for ten minutes. */
export function setSignInCookie(c: Context, pending: PendingSignIn): void {
  setCookie(c, signInCookieName, `${pending.state}.${pending.codeVerifier}`, {
    ...attributes,
    maxAge: signInMaxAgeSeconds,
  });
}

/** The sign-in in progress, if this browser started one (both parts are base64url, without dots). */
export function pendingSignIn(c: Context): PendingSignIn | undefined {
  const [state, codeVerifier, ...rest] = (getCookie(c, signInCookieName) ?? '').split('.');
  if (state === undefined || state === '' || codeVerifier === undefined || codeVerifier === '') {
    return undefined;
  }
  return rest.length === 0 ? { state, codeVerifier } : undefined;
}

/** The sign-in is over: the browser forgets its state and verifier. */
export function clearSignInCookie(c: Context): void {
  deleteCookie(c, signInCookieName, attributes);
}
