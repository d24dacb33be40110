import { request as httpsRequest } from 'node:https';
import {
  createLocalJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { UnauthorizedError, UnavailableError } from '../errors.ts';
import { appuiClaims, type Principal, toPrincipal } from './principal.ts';

/** A fetch function, such as a Hono app's `request`, so tests and the local stack need no socket. */
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
  /** How to fetch the JWKS; by default a GET with Node's own `http`/`https` clients. */
  fetch?: FetchLike;
  /**
   * Starts fetching the JWKS now, not on the first token: a Lambda function builds its verifier
   * as it starts, so its first request does not wait for the issuer. A failed early fetch is
   * forgotten; the first token fetches again.
   */
  fetchKeysNow?: boolean;
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
 * process: the key set is fetched on first use (or at once, `fetchKeysNow`) and kept (see
 * `issuerKeys`).
 */
export function makeTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const jwksUrl = new URL(options.jwksUrl);
  if (jwksUrl.protocol !== 'https:' && !isLoopback(jwksUrl)) {
    throw new TypeError(`The JWKS URL must use https (http on localhost only): ${jwksUrl.href}`);
  }
  const { fetch } = options;
  const { keySet, reload } = issuerKeys(
    jwksUrl,
    fetch === undefined ? getOverHttp : (url, signal) => getThrough(fetch, url, signal),
  );
  if (options.fetchKeysNow === true) {
    // Not awaited: the first token waits for this fetch if it is still on its way.
    reload().catch(() => undefined);
  }

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

/** How long the issuer may take to answer its JWKS. */
const jwksTimeoutMs = 5_000;
/** A key set older than this is fetched again before use (Cognito rotates its keys rarely). */
const jwksMaxAgeMs = 10 * 60_000;
/** A token naming a key the set lacks refetches the set, at most once in this time. */
const jwksCooldownMs = 30_000;
/** More than any JWKS an issuer publishes: an answer past this size is not one. */
const jwksMaxBytes = 1_000_000;

/** The issuer's answer to a GET of its JWKS. */
interface JwksAnswer {
  status: number;
  body: string;
}

type JwksGet = (url: URL, signal: AbortSignal) => Promise<JwksAnswer>;

/**
 * The issuer's public keys, as jose's remote key set keeps them but without its `fetch` (which
 * loads Node's whole fetch implementation when a function starts, some 20 ms): fetched on first
 * use, one fetch shared by concurrent callers, refetched when older than `jwksMaxAgeMs` or when
 * a token names an unknown key (at most once per `jwksCooldownMs`). Failures are jose's errors,
 * as its remote key set gives them: `JWKSTimeout`, `JOSEError` for an answer that is not a 200
 * JSON document, `JWKSInvalid` for a document that is not a key set.
 */
function issuerKeys(
  url: URL,
  get: JwksGet,
): { keySet: JWTVerifyGetKey; reload: () => Promise<unknown> } {
  let keys: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<ReturnType<typeof createLocalJWKSet>> | undefined;

  const reload = () => {
    pending ??= fetchKeySet(url, get)
      .then((fetched) => {
        keys = fetched;
        fetchedAt = Date.now();
        return fetched;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  const keySet: JWTVerifyGetKey = async (header, token) => {
    const current =
      keys === undefined || Date.now() - fetchedAt >= jwksMaxAgeMs ? await reload() : keys;
    try {
      return await current(header, token);
    } catch (error: unknown) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - fetchedAt < jwksCooldownMs) {
        throw error;
      }
      return (await reload())(header, token);
    }
  };
  return { keySet, reload };
}

async function fetchKeySet(url: URL, get: JwksGet): Promise<ReturnType<typeof createLocalJWKSet>> {
  const signal = AbortSignal.timeout(jwksTimeoutMs);
  let answer: JwksAnswer;
  try {
    answer = await get(url, signal);
  } catch (error: unknown) {
    if (signal.aborted) throw new errors.JWKSTimeout(undefined, { cause: error });
    throw error;
  }
  if (answer.status !== 200) {
    throw new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response');
  }
  let document: unknown;
  try {
    document = JSON.parse(answer.body);
  } catch (cause: unknown) {
    throw new errors.JOSEError('Failed to parse the JSON Web Key Set HTTP response as JSON', {
      cause,
    });
  }
  return createLocalJWKSet(asKeySet(document));
}

/** jose checks the key set itself (`JWKSInvalid`); this only gives the document its type. */
function asKeySet(document: unknown): JSONWebKeySet {
  if (typeof document !== 'object' || document === null || !('keys' in document)) {
    throw new errors.JWKSInvalid('JSON Web Key Set malformed');
  }
  const { keys } = document;
  if (!Array.isArray(keys)) throw new errors.JWKSInvalid('JSON Web Key Set malformed');
  return { keys };
}

const jwksRequestHeaders = {
  accept: 'application/json, application/jwk-set+json',
  'user-agent': 'appui',
};

/** A GET of the JWKS through a fetch function (tests, the local stack's in-process issuer). */
async function getThrough(fetch: FetchLike, url: URL, signal: AbortSignal): Promise<JwksAnswer> {
  const response = await fetch(url.href, {
    method: 'GET',
    headers: jwksRequestHeaders,
    redirect: 'manual',
    signal,
  });
  return { status: response.status, body: await response.text() };
}

/**
 * A GET of the JWKS with Node's `https` client (`http` on localhost); redirects are not followed.
 * `node:http` is taken from the process, not imported: importing it as a module reads each of its
 * exports, and some of them load Node's fetch implementation.
 */
function getOverHttp(url: URL, signal: AbortSignal): Promise<JwksAnswer> {
  const send =
    url.protocol === 'https:' ? httpsRequest : process.getBuiltinModule('node:http').request;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      { method: 'GET', headers: jwksRequestHeaders, signal },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > jwksMaxBytes) {
            request.destroy(new Error(`The JWKS answer exceeds ${jwksMaxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}
