import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { Hono } from 'hono';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { toPrincipal } from '../../shared/auth/principal.ts';
import {
  type FetchLike,
  makeTokenVerifier,
  type TokenVerifier,
} from '../../shared/auth/verifier.ts';
import { UnauthorizedError, UnavailableError } from '../../shared/errors.ts';
import { type AuthEnv, authenticate, sessionCookieName } from '../../shared/http/auth.ts';
import { onError, problemContentType } from '../../shared/http/problem.ts';
import { logger } from '../../shared/logger.ts';

const issuer = 'https://issuer.appui.test/pool';
const audience = 'appui-api';
const jwksUrl = 'https://issuer.appui.test/pool/.well-known/jwks.json';
const kid = 'key-2026';

const issuerKeys = await generateKeyPair('RS256', { extractable: true });
/** The issuer's own RSA key, imported for RS384 instead: right key, wrong algorithm. */
const issuerKeyForRs384 = await importJWK(await exportJWK(issuerKeys.privateKey), 'RS384');
const publicJwk: JWK = {
  ...(await exportJWK(issuerKeys.publicKey)),
  kid,
  alg: 'RS256',
  use: 'sig',
};
const otherKeys = await generateKeyPair('RS256');
/** The issuer's next key, once it rotates. */
const rotatedKeys = await generateKeyPair('RS256');
const rotatedKid = 'key-2027';
const rotatedJwk: JWK = {
  ...(await exportJWK(rotatedKeys.publicKey)),
  kid: rotatedKid,
  alg: 'RS256',
  use: 'sig',
};

/** The issuer's JWKS, served without a network; any other address is not found. */
function jwksServer(): FetchLike & { calls: number } {
  const serve = Object.assign(
    async (url: string) => {
      serve.calls += 1;
      return url === jwksUrl
        ? Response.json({ keys: [publicJwk] })
        : new Response(null, { status: 404 });
    },
    { calls: 0 },
  );
  return serve;
}

function aVerifier(fetch: FetchLike = jwksServer()): TokenVerifier {
  return makeTokenVerifier({ issuer, audience, jwksUrl, fetch });
}

/** A tiny app with one protected route that answers the principal (a portal's when `sessionCookie`). */
function protectedApp(verifier: TokenVerifier = aVerifier(), options = { sessionCookie: false }) {
  const app = new Hono<AuthEnv>();
  app.use('/me', authenticate(verifier, options));
  app.get('/me', (c) => c.json(c.get('principal')));
  app.onError(onError);
  return app;
}

const ids = {
  user: randomUUID(),
  tenant: randomUUID(),
  org: randomUUID(),
  funder: randomUUID(),
};

const claimsOf = {
  referent: { sub: ids.user, role: 'referent', tenant: ids.tenant, given_name: 'Mickaël' },
  structureAdmin: { sub: ids.user, role: 'structure-admin', tenant: ids.tenant },
  prescriber: {
    sub: ids.user,
    role: 'prescriber',
    org: ids.org,
    territory: { region: '11', departements: ['93'] },
  },
  funder: { sub: ids.user, role: 'funder', funder: ids.funder, territory: { region: '04' } },
  platformAdmin: { sub: ids.user, role: 'platform-admin' },
} satisfies Record<string, JWTPayload>;

interface TokenOptions {
  key?: CryptoKey | Uint8Array;
  alg?: string;
  kid?: string;
  iss?: string;
  aud?: string;
  /** Seconds from now; `null` leaves the claim out. */
  exp?: number | null;
  nbf?: number;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function aToken(claims: JWTPayload, options: TokenOptions = {}): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt(nowSeconds() - 10);
  if (options.exp !== null) jwt.setExpirationTime(nowSeconds() + (options.exp ?? 300));
  if (options.nbf !== undefined) jwt.setNotBefore(nowSeconds() + options.nbf);
  return jwt.sign(options.key ?? issuerKeys.privateKey);
}

function bearer(token: string): RequestInit {
  return { headers: { Authorization: `Bearer ${token}` } };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('makeTokenVerifier', () => {
  it.each([
    [
      'referent',
      claimsOf.referent,
      { role: 'referent', userId: ids.user, tenantId: ids.tenant, firstName: 'Mickaël' },
    ],
    [
      'structure-admin',
      claimsOf.structureAdmin,
      { role: 'structure-admin', userId: ids.user, tenantId: ids.tenant },
    ],
    [
      'prescriber',
      claimsOf.prescriber,
      { role: 'prescriber', userId: ids.user, orgId: ids.org, region: '11', departements: ['93'] },
    ],
    [
      'funder',
      claimsOf.funder,
      { role: 'funder', userId: ids.user, funderId: ids.funder, region: '04', departements: [] },
    ],
    ['platform-admin', claimsOf.platformAdmin, { role: 'platform-admin', userId: ids.user }],
  ])('turns a good %s token into its principal', async (_role, claims, principal) => {
    const verifier = aVerifier();

    const verified = await verifier.verify(await aToken(claims));

    expect(verified).toStrictEqual(principal);
  });

  it('fetches the JWKS once and reuses it for later tokens', async () => {
    const server = jwksServer();
    const verifier = aVerifier(server);

    for (const claims of Object.values(claimsOf)) await verifier.verify(await aToken(claims));

    expect(server.calls).toBe(1);
  });

  it('fetches the JWKS as it is built when told to, and the first token waits for no other fetch', async () => {
    const server = jwksServer();

    const verifier = makeTokenVerifier({
      issuer,
      audience,
      jwksUrl,
      fetch: server,
      fetchKeysNow: true,
    });
    const fetchedAtOnce = server.calls;
    await verifier.verify(await aToken(claimsOf.referent));

    expect(fetchedAtOnce).toBe(1);
    expect(server.calls).toBe(1);
  });

  it('fetches the JWKS again for the first token when the early fetch failed', async () => {
    let answers = 0;
    const verifier = makeTokenVerifier({
      issuer,
      audience,
      jwksUrl,
      fetchKeysNow: true,
      fetch: async () => {
        answers += 1;
        return answers === 1
          ? new Response('down', { status: 503 })
          : Response.json({ keys: [publicJwk] });
      },
    });
    await new Promise((settled) => setTimeout(settled, 0));

    const verified = await verifier.verify(await aToken(claimsOf.referent));

    expect(verified.role).toBe('referent');
    expect(answers).toBe(2);
  });

  it('accepts a token expired by less than the clock tolerance', async () => {
    const verifier = aVerifier();

    const verified = await verifier.verify(await aToken(claimsOf.platformAdmin, { exp: -2 }));

    expect(verified.role).toBe('platform-admin');
  });

  it('says the issuer is unavailable when its JWKS answers an error', async () => {
    const verifier = aVerifier(async () => new Response('down', { status: 500 }));

    await expect(verifier.verify(await aToken(claimsOf.referent))).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });

  it('says the issuer is unavailable when its JWKS cannot be reached', async () => {
    const verifier = aVerifier(async () => {
      throw new TypeError('fetch failed');
    });

    await expect(verifier.verify(await aToken(claimsOf.referent))).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });

  it('refuses a JWKS address in clear text outside localhost', () => {
    expect(() =>
      makeTokenVerifier({ issuer, audience, jwksUrl: 'http://issuer.appui.test/jwks.json' }),
    ).toThrow(TypeError);
  });
});

describe('the issuer’s key set', () => {
  /** A JWKS whose keys the test changes, as an issuer rotating its keys would. */
  function rotatingJwksServer(): FetchLike & { calls: number; keys: JWK[] } {
    const serve = Object.assign(
      async () => {
        serve.calls += 1;
        return Response.json({ keys: serve.keys });
      },
      { calls: 0, keys: [publicJwk] },
    );
    return serve;
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches the keys again when a token names a key it lacks, at most once in 30 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const server = rotatingJwksServer();
    const verifier = aVerifier(server);
    await verifier.verify(await aToken(claimsOf.referent));
    server.keys = [publicJwk, rotatedJwk];
    vi.advanceTimersByTime(31_000);

    const rotated = await aToken(claimsOf.referent, {
      key: rotatedKeys.privateKey,
      kid: rotatedKid,
    });
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ role: 'referent' });
    const unknown = await aToken(claimsOf.referent, { key: otherKeys.privateKey, kid: 'rogue' });
    await expect(verifier.verify(unknown)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.calls).toBe(2);

    vi.advanceTimersByTime(31_000);
    await expect(verifier.verify(unknown)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.calls).toBe(3);
  });

  it('does not fetch the keys again for an unknown key within 30 s of the last fetch', async () => {
    const server = rotatingJwksServer();
    const verifier = aVerifier(server);
    await verifier.verify(await aToken(claimsOf.referent));
    server.keys = [rotatedJwk];

    const rotated = await aToken(claimsOf.referent, {
      key: rotatedKeys.privateKey,
      kid: rotatedKid,
    });

    await expect(verifier.verify(rotated)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.calls).toBe(1);
  });

  it('fetches the keys again once they are 10 minutes old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const server = rotatingJwksServer();
    const verifier = aVerifier(server);
    await verifier.verify(await aToken(claimsOf.referent));

    vi.advanceTimersByTime(9 * 60_000);
    await verifier.verify(await aToken(claimsOf.referent));
    expect(server.calls).toBe(1);
    vi.advanceTimersByTime(60_000);
    await verifier.verify(await aToken(claimsOf.referent));

    expect(server.calls).toBe(2);
  });

  it('shares one fetch between the tokens that arrive before the keys', async () => {
    const server = rotatingJwksServer();
    const verifier = aVerifier(server);

    const tokens = await Promise.all(Object.values(claimsOf).map((claims) => aToken(claims)));
    await Promise.all(tokens.map((token) => verifier.verify(token)));

    expect(server.calls).toBe(1);
  });

  it.each([
    ['a document that is not JSON', () => new Response('<html>', { status: 200 })],
    ['a document without keys', () => Response.json({ issuer })],
    ['a redirect', () => new Response(null, { status: 302, headers: { location: jwksUrl } })],
  ])('says the issuer is unavailable when its JWKS answers %s', async (_what, answer) => {
    const verifier = aVerifier(async () => answer());

    await expect(verifier.verify(await aToken(claimsOf.referent))).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});

describe('the issuer’s key set over a socket', () => {
  /** An issuer on a loopback port, the way the local stack's is reached without `fetch`. */
  async function anIssuer(
    answer: (response: ServerResponse) => void,
  ): Promise<{ jwksUrl: string; requests: IncomingHttpHeaders[]; close(): void }> {
    const requests: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      requests.push(request.headers);
      answer(response);
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const { port } = z.object({ port: z.number() }).parse(server.address());
    return {
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      requests,
      close: () => server.close(),
    };
  }

  it('reads the JWKS with a GET that asks for JSON', async () => {
    const served = await anIssuer((response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [publicJwk] })),
    );
    const verifier = makeTokenVerifier({ issuer, audience, jwksUrl: served.jwksUrl });

    const verified = await verifier
      .verify(await aToken(claimsOf.platformAdmin))
      .finally(() => served.close());

    expect(verified.role).toBe('platform-admin');
    expect(served.requests).toEqual([
      expect.objectContaining({ accept: 'application/json, application/jwk-set+json' }),
    ]);
  });

  it('says the issuer is unavailable when its JWKS answers an error', async () => {
    const served = await anIssuer((response) => response.writeHead(503).end('down'));
    const verifier = makeTokenVerifier({ issuer, audience, jwksUrl: served.jwksUrl });

    const verifying = verifier.verify(await aToken(claimsOf.referent));

    await expect(verifying.finally(() => served.close())).rejects.toBeInstanceOf(UnavailableError);
  });

  it('says the issuer is unavailable when nothing listens at its address', async () => {
    const served = await anIssuer((response) => response.end());
    served.close();
    const verifier = makeTokenVerifier({ issuer, audience, jwksUrl: served.jwksUrl });

    await expect(verifier.verify(await aToken(claimsOf.referent))).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});

describe('toPrincipal', () => {
  it('keeps each listed département once', () => {
    const principal = toPrincipal({
      sub: ids.user,
      role: 'prescriber',
      org: ids.org,
      territory: { region: '11', departements: ['93', '93', '94'] },
    });

    expect(principal).toMatchObject({ departements: ['93', '94'] });
  });

  it('refuses a funder whose territory lists a département of another region', () => {
    expect(() =>
      toPrincipal({
        sub: ids.user,
        role: 'funder',
        funder: ids.funder,
        territory: { region: '04', departements: ['93'] },
      }),
    ).toThrow(UnauthorizedError);
  });
});

describe('authenticate', () => {
  it('lets a bearer token through and sets the principal', async () => {
    const app = protectedApp();

    const response = await app.request('/me', bearer(await aToken(claimsOf.referent)));

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: 'referent', tenantId: ids.tenant });
  });

  it('lets the session cookie through when there is no Authorization header, if asked to', async () => {
    const app = protectedApp(aVerifier(), { sessionCookie: true });
    const token = await aToken(claimsOf.funder);

    const response = await app.request('/me', {
      headers: { Cookie: `${sessionCookieName}=${token}` },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: 'funder', funderId: ids.funder });
  });

  it('answers 401 to a valid session cookie alone by default, as the API does', async () => {
    const app = protectedApp();
    const token = await aToken(claimsOf.funder);

    const response = await app.request('/me', {
      method: 'POST',
      headers: { Cookie: `${sessionCookieName}=${token}` },
    });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(problemContentType);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="appui"');
  });

  it('prefers the bearer token to the session cookie', async () => {
    const app = protectedApp(aVerifier(), { sessionCookie: true });
    const header = await aToken(claimsOf.prescriber);
    const cookie = await aToken(claimsOf.platformAdmin);

    const response = await app.request('/me', {
      headers: { Authorization: `Bearer ${header}`, Cookie: `${sessionCookieName}=${cookie}` },
    });

    expect(await response.json()).toMatchObject({ role: 'prescriber' });
  });

  it('answers 401 problem+json with a bare Bearer challenge when no token is given', async () => {
    const app = protectedApp();

    const response = await app.request('/me');

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(problemContentType);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="appui"');
    expect(await response.json()).toMatchObject({
      status: 401,
      title: 'Authentification requise',
      instance: '/me',
    });
  });

  const otherSecret = new TextEncoder().encode('a shared secret of at least thirty-two bytes');
  const publicKeyAsSecret = new TextEncoder().encode(JSON.stringify(publicJwk));
  const refused: [string, () => Promise<RequestInit>][] = [
    ['an expired token', async () => bearer(await aToken(claimsOf.referent, { exp: -60 }))],
    ['a token not yet valid', async () => bearer(await aToken(claimsOf.referent, { nbf: 60 }))],
    ['a token without expiry', async () => bearer(await aToken(claimsOf.referent, { exp: null }))],
    [
      'a token forged with another key under the issuer’s kid',
      async () => bearer(await aToken(claimsOf.referent, { key: otherKeys.privateKey })),
    ],
    [
      'a token forged with another key under an unknown kid',
      async () =>
        bearer(await aToken(claimsOf.referent, { key: otherKeys.privateKey, kid: 'rogue' })),
    ],
    [
      'a token whose payload was changed after signing',
      async () => {
        const [header, , signature] = (await aToken(claimsOf.referent)).split('.');
        const payload = Buffer.from(
          JSON.stringify({
            ...claimsOf.platformAdmin,
            iss: issuer,
            aud: audience,
            iat: nowSeconds(),
            exp: nowSeconds() + 300,
          }),
        ).toString('base64url');
        return bearer(`${header}.${payload}.${signature}`);
      },
    ],
    [
      'an unsigned token (alg none)',
      async () =>
        bearer(
          new UnsecuredJWT(claimsOf.platformAdmin)
            .setIssuer(issuer)
            .setAudience(audience)
            .setIssuedAt()
            .setExpirationTime('5m')
            .encode(),
        ),
    ],
    [
      'an HS256 token signed with a shared secret',
      async () => bearer(await aToken(claimsOf.referent, { alg: 'HS256', key: otherSecret })),
    ],
    [
      'an HS256 token signed with the issuer’s public key as secret',
      async () => bearer(await aToken(claimsOf.referent, { alg: 'HS256', key: publicKeyAsSecret })),
    ],
    [
      'an RS384 token, even signed by the issuer’s key',
      async () => bearer(await aToken(claimsOf.referent, { alg: 'RS384', key: issuerKeyForRs384 })),
    ],
    [
      'a token of another issuer',
      async () => bearer(await aToken(claimsOf.referent, { iss: 'https://elsewhere.test' })),
    ],
    [
      'a token for another audience',
      async () => bearer(await aToken(claimsOf.referent, { aud: 'another-app' })),
    ],
    ['something that is not a JWT', async () => bearer('not-a-jwt')],
    [
      'an Authorization header of another scheme',
      async () => ({ headers: { Authorization: 'Basic dXNlcjpwYXNzd29yZA==' } }),
    ],
    [
      'a bad Authorization header even beside a good session cookie',
      async () => ({
        headers: {
          Authorization: 'Bearer',
          Cookie: `${sessionCookieName}=${await aToken(claimsOf.referent)}`,
        },
      }),
    ],
    [
      'a forged session cookie',
      async () => ({
        headers: {
          Cookie: `${sessionCookieName}=${await aToken(claimsOf.referent, { key: otherKeys.privateKey })}`,
        },
      }),
    ],
  ];

  const inconsistent: [string, JWTPayload][] = [
    ['a referent without tenant', { sub: ids.user, role: 'referent' }],
    ['a referent who also names an organisation', { ...claimsOf.referent, org: ids.org }],
    [
      'a structure-admin with a tenant that is not an id',
      { ...claimsOf.structureAdmin, tenant: 'x' },
    ],
    [
      'a prescriber without organisation',
      { sub: ids.user, role: 'prescriber', territory: { region: '11' } },
    ],
    ['a prescriber without territory', { sub: ids.user, role: 'prescriber', org: ids.org }],
    [
      'a prescriber whose départements lie outside the region',
      { ...claimsOf.prescriber, territory: { region: '11', departements: ['974'] } },
    ],
    [
      'a funder without funder body',
      { sub: ids.user, role: 'funder', territory: { region: '04' } },
    ],
    ['a platform-admin bound to a tenant', { ...claimsOf.platformAdmin, tenant: ids.tenant }],
    ['an unknown role', { sub: ids.user, role: 'superuser' }],
    ['a token without subject', { role: 'platform-admin' }],
  ];

  it.each([
    ...refused,
    ...inconsistent.map(([name, claims]): [string, () => Promise<RequestInit>] => [
      `claims of ${name}`,
      async () => bearer(await aToken(claims)),
    ]),
  ])('answers 401 problem+json to %s', async (_name, request) => {
    // As the portal would: a forged cookie must be refused as a bad token, not ignored.
    const app = protectedApp(aVerifier(), { sessionCookie: true });

    const response = await app.request('/me', await request());

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(problemContentType);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="appui", error="invalid_token"',
    );
    expect(await response.json()).toMatchObject({ status: 401, title: 'Authentification requise' });
  });

  it('answers 503 problem+json, not 401, when the issuer’s keys cannot be fetched', async () => {
    const app = protectedApp(aVerifier(async () => new Response(null, { status: 502 })));

    const response = await app.request('/me', bearer(await aToken(claimsOf.referent)));

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe(problemContentType);
  });

  it('never writes the token to the log', async () => {
    const app = protectedApp();
    const logged = [
      vi.spyOn(logger, 'debug'),
      vi.spyOn(logger, 'info'),
      vi.spyOn(logger, 'warn'),
      vi.spyOn(logger, 'error'),
    ];
    const token = await aToken(claimsOf.referent, { exp: -60 });

    const response = await app.request('/me', bearer(token));

    expect(response.status).toBe(401);
    const calls = logged.flatMap((spy) => spy.mock.calls);
    expect(calls.length).toBeGreaterThan(0);
    const [, payload, signature] = token.split('.');
    for (const part of [payload, signature]) {
      expect(JSON.stringify(calls)).not.toContain(part);
    }
  });
});
