/**
 * The portal's session cookie, set by whoever signs the user in (the development issuer locally)
 * and cleared by the portal's sign-out, always with the same attributes.
 */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
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
