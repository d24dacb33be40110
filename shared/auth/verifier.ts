import { createRemoteJWKSet, customFetch, errors, type JWTPayload, jwtVerify } from 'jose';
import { UnauthorizedError, UnavailableError } from '../errors.ts';
import { appuiClaims, type Principal, toPrincipal } from './principal.ts';

/** A fetch function: the global one, or a Hono app's `request` so tests and the local stack need no socket. */
export type FetchLike = (url: string, init: RequestInit) => Response | Promise<Response>;

export interface TokenVerifierOptions {
  /** The exact `iss` of accepted tokens: the Cognito user pool, or the local development issuer. */
  issuer: string;
  /**
   * The exact `aud` of accepted tokens: the app client id, or the local issuer's audience. A
   * Cognito access token carries no `aud`; its `client_id` must then be this value.
   */
  audience: string;
  /** Where the issuer publishes its public keys; https, or http on localhost only. */
  jwksUrl: string;
  /** How to fetch the JWKS; the global `fetch` by default. */
  fetch?: FetchLike;
}

export interface TokenVerifier {
  /**
   * The caller a token proves. Throws `UnauthorizedError` for a token that proves nothing, and
   * `UnavailableError` when the issuer's keys cannot be fetched (not the caller's fault).
   */
  verify(token: string): Promise<Principal>;
}

/** Tolerated clock difference between the issuer and this process. */
const clockToleranceSeconds = 5;

/**
 * The one verification path, in AWS and locally: signature by a key of the issuer's JWKS (RS256
 * only), issuer, audience, expiry and not-before, then claims that fit the role. Build it once per
 * process: the key set is fetched on first use and cached by jose (refetched at most every 30 s
 * when a token names an unknown key).
 */
export function makeTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const jwksUrl = new URL(options.jwksUrl);
  if (jwksUrl.protocol !== 'https:' && !isLoopback(jwksUrl)) {
    throw new TypeError(`The JWKS URL must use https (http on localhost only): ${jwksUrl.href}`);
  }
  const fetchJwks = options.fetch ?? fetch;
  const keySet = createRemoteJWKSet(jwksUrl, {
    [customFetch]: async (url, init) => fetchJwks(url, init),
  });

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          algorithms: ['RS256'],
          issuer: options.issuer,
          requiredClaims: ['sub', 'exp', 'iat'],
          clockTolerance: clockToleranceSeconds,
        }));
      } catch (error: unknown) {
        throw refusal(error);
      }
      if (!isForAudience(payload, options.audience)) {
        throw new UnauthorizedError('Jeton invalide.', {
          cause: new errors.JWTClaimValidationFailed(
            'unexpected "aud" claim value',
            payload,
            'aud',
            'check_failed',
          ),
        });
      }
      const claims = appuiClaims.safeParse(payload);
      if (!claims.success) {
        throw new UnauthorizedError('Les attributs du jeton sont incomplets ou mal formés.', {
          cause: claims.error,
        });
      }
      return toPrincipal(claims.data);
    },
  };
}

/** What a failed verification means for the caller: a bad token, or keys we could not read. */
function refusal(error: unknown): UnauthorizedError | UnavailableError {
  if (error instanceof errors.JWTExpired) {
    return new UnauthorizedError('Le jeton a expiré.', { cause: error });
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error instanceof errors.JWKInvalid ||
    // jose's base class is only thrown as such when the JWKS answer is not a 200 JSON document.
    (error instanceof errors.JOSEError && error.code === errors.JOSEError.code) ||
    !(error instanceof errors.JOSEError)
  ) {
    return new UnavailableError('Les clés de l’émetteur des jetons sont inaccessibles.', {
      cause: error,
    });
  }
  return new UnauthorizedError('Jeton invalide.', { cause: error });
}

/**
 * The token is meant for `audience`: its `aud` names it, or, for a Cognito access token (which
 * has no `aud`), its `client_id` is it.
 */
function isForAudience(payload: JWTPayload, audience: string): boolean {
  if (payload.aud !== undefined) {
    return Array.isArray(payload.aud) ? payload.aud.includes(audience) : payload.aud === audience;
  }
  return payload.token_use === 'access' && payload.client_id === audience;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
