/**
 * The security headers of every portal response: a strict Content-Security-Policy (scripts only
 * with this response's nonce, styles only from the stylesheet file, forms only to this origin,
 * no framing) and the other `hono/secure-headers` defaults.
 */
import { NONCE, secureHeaders } from 'hono/secure-headers';

const policy = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

/** Pages rendered per request: their one inline script carries the response's nonce. */
export const pageHeaders = secureHeaders({
  contentSecurityPolicy: { ...policy, scriptSrc: [NONCE] },
  referrerPolicy: 'same-origin',
});

/** Pre-rendered pages and the stylesheet: no script at all. */
export const staticHeaders = secureHeaders({
  contentSecurityPolicy: { ...policy, scriptSrc: ["'none'"] },
  referrerPolicy: 'same-origin',
});
