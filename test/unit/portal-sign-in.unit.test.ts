/**
 * Signing in to the portal through Cognito's managed login (authorization code flow with PKCE),
 * driven through `app.request`. Cognito has no local twin: its token endpoint is a stub `fetch`
 * that answers access tokens shaped like the pool's after the pre-token trigger, signed by a test
 * key whose JWKS the verifier trusts.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authCallbackPath, signInPath as infraSignInPath } from '../../infra/config.ts';
import type { FetchLike } from '../../shared/auth/verifier.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { loadCognitoLogin } from '../../shared/config.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { createPortal } from '../../web/app.tsx';
import { callbackPath, s256, signInPath, signOutPath } from '../../web/routes/auth.tsx';
import { aLambdaContext, anHttpApiEvent } from '../support/api-gateway.ts';
import { unusedMailer } from '../support/mailer.ts';

const publicUrl = 'https://appui.example';
const loginUrl = 'https://appui-test.auth.eu-west-3.amazoncognito.com';
const clientId = '4tq1example0client0id0abc';
const issuer = 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_AbCdEf123';
const kid = 'test-key';

let signingKey: CryptoKey;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), alg: 'RS256', use: 'sig', kid }] };
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** An access token as the pool issues it once the pre-token trigger has added Appui's claims. */
async function aCognitoAccessToken(overrides: JWTPayload = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    token_use: 'access',
    client_id: clientId,
    scope: 'openid email profile',
    username: randomUUID(),
    auth_time: now,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    version: 2,
    role: 'referent',
    tenant: randomUUID(),
    appui_user: randomUUID(),
    ...overrides,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setSubject(randomUUID())
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(signingKey);
}

interface TokenRequest {
  url: string;
  method: string | undefined;
  contentType: string | null;
  form: URLSearchParams;
}

/** The token endpoint's stand-in: records what it is sent, answers what the test says. */
function aTokenEndpoint(answer: () => Response | Promise<Response>) {
  const requests: TokenRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({
      url,
      method: init.method,
      contentType: new Headers(init.headers).get('content-type'),
      form: new URLSearchParams(typeof init.body === 'string' ? init.body : ''),
    });
    return answer();
  };
  return { fetch, requests };
}

const tokensOf = (accessToken: string) =>
  Response.json({
    access_token: accessToken,
    id_token: 'not-read',
    refresh_token: 'not-read',
    token_type: 'Bearer',
    expires_in: 3600,
  });

function aPortal(tokenFetch: FetchLike | undefined, withCognito = true) {
  const verifier = makeTokenVerifier({
    issuer,
    audience: clientId,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    fetch: () => Response.json(jwks),
  });
  return createPortal({
    // Never called by these routes: a client to nowhere.
    db: DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:9' }),
    ),
    tableName: 'appui-test',
    now: () => new Date(),
    verifier,
    settings: defaultSettings,
    publicUrl,
    provisioner: makeTableIdentityProvisioner(),
    mailer: unusedMailer,
    cognito: withCognito
      ? { loginUrl, clientId, ...(tokenFetch === undefined ? {} : { fetch: tokenFetch }) }
      : undefined,
  });
}

/** The `name=value` part of each Set-Cookie, by name, and the whole header. */
function cookiesOf(response: Response): Map<string, { value: string; header: string }> {
  return new Map(
    response.headers.getSetCookie().map((header) => {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      return [pair.slice(0, at), { value: pair.slice(at + 1), header }];
    }),
  );
}

/** Starts a sign-in: the authorize URL's parameters and the cookie to send back. */
async function startSignIn(app: ReturnType<typeof aPortal>) {
  const response = await app.request(signInPath);
  const location = new URL(response.headers.get('location') ?? '');
  const oauth = cookiesOf(response).get('__Host-appui-oauth');
  if (oauth === undefined) throw new Error('no sign-in cookie');
  return {
    response,
    location,
    params: location.searchParams,
    cookie: `__Host-appui-oauth=${oauth.value}`,
    oauth,
  };
}

function callback(
  app: ReturnType<typeof aPortal>,
  query: Record<string, string>,
  cookie: string | undefined,
) {
  return app.request(`${callbackPath}?${new URLSearchParams(query)}`, {
    headers: cookie === undefined ? {} : { cookie },
  });
}

describe('signing in with the managed login', () => {
  it('sends the browser to the authorize endpoint with the client, the callback, a state and an S256 challenge', async () => {
    const { response, location, params, oauth } = await startSignIn(aPortal(undefined));

    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${loginUrl}/oauth2/authorize`);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(clientId);
    expect(params.get('redirect_uri')).toBe(`${publicUrl}/auth/callback`);
    expect(params.get('scope')).toBe('openid email profile');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(oauth.value.startsWith(`${params.get('state')}.`)).toBe(true);
    expect(oauth.header).toMatch(/; Max-Age=600(;|$)/);
    expect(oauth.header).toMatch(/; Path=\/(;|$)/);
    expect(oauth.header).toMatch(/; HttpOnly(;|$)/);
    expect(oauth.header).toMatch(/; Secure(;|$)/);
    expect(oauth.header).toMatch(/; SameSite=Lax(;|$)/);
    expect(oauth.header).not.toMatch(/Domain=/i);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('draws a new state and verifier for every sign-in', async () => {
    const app = aPortal(undefined);
    const first = await startSignIn(app);
    const second = await startSignIn(app);

    expect(second.params.get('state')).not.toBe(first.params.get('state'));
    expect(second.params.get('code_challenge')).not.toBe(first.params.get('code_challenge'));
  });

  it('trades the code with its verifier, opens the session with the verified access token and leads to /espace', async () => {
    const accessToken = await aCognitoAccessToken();
    const endpoint = aTokenEndpoint(() => tokensOf(accessToken));
    const app = aPortal(endpoint.fetch);
    const started = await startSignIn(app);

    const response = await callback(
      app,
      { code: 'the-code', state: started.params.get('state') ?? '' },
      started.cookie,
    );

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/espace');
    const [request] = endpoint.requests;
    expect(endpoint.requests).toHaveLength(1);
    expect(request?.url).toBe(`${loginUrl}/oauth2/token`);
    expect(request?.method).toBe('POST');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      grant_type: 'authorization_code',
      client_id: clientId,
      code: 'the-code',
      redirect_uri: `${publicUrl}/auth/callback`,
      code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(s256(request?.form.get('code_verifier') ?? '')).toBe(
      started.params.get('code_challenge'),
    );
    const cookies = cookiesOf(response);
    const session = cookies.get('__Host-appui-session');
    expect(session?.value).toBe(accessToken);
    expect(session?.header).toMatch(/; Max-Age=3600(;|$)/);
    expect(session?.header).toMatch(/; HttpOnly(;|$)/);
    expect(session?.header).toMatch(/; Secure(;|$)/);
    expect(session?.header).toMatch(/; SameSite=Lax(;|$)/);
    expect(session?.header).toMatch(/; Path=\/(;|$)/);
    expect(cookies.get('__Host-appui-oauth')?.header).toMatch(/; Max-Age=0(;|$)/);

    const space = await app.request('/espace', {
      headers: { cookie: `__Host-appui-session=${session?.value}` },
    });
    expect(space.status).toBe(303);
    expect(space.headers.get('location')).toBe('/structure');
  });

  it('refuses a callback whose state is not the one this browser started with (400, nothing set)', async () => {
    const endpoint = aTokenEndpoint(async () => tokensOf(await aCognitoAccessToken()));
    const app = aPortal(endpoint.fetch);
    const started = await startSignIn(app);

    const response = await callback(
      app,
      { code: 'the-code', state: 'another-state' },
      started.cookie,
    );

    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(endpoint.requests).toEqual([]);
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('href="/connexion"');
  });

  it('refuses a callback without a sign-in in progress, or that carries the provider’s error', async () => {
    const endpoint = aTokenEndpoint(async () => tokensOf(await aCognitoAccessToken()));
    const app = aPortal(endpoint.fetch);
    const started = await startSignIn(app);
    const state = started.params.get('state') ?? '';

    const noCookie = await callback(app, { code: 'the-code', state }, undefined);
    const providerError = await callback(
      app,
      { error: 'access_denied', error_description: 'refused', state },
      started.cookie,
    );
    const noCode = await callback(app, { state }, started.cookie);

    for (const response of [noCookie, providerError, noCode]) {
      expect(response.status).toBe(400);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect(endpoint.requests).toEqual([]);
  });

  it('opens no session when the token endpoint refuses the code (401 page)', async () => {
    const endpoint = aTokenEndpoint(() =>
      Response.json({ error: 'invalid_grant' }, { status: 400 }),
    );
    const app = aPortal(endpoint.fetch);
    const started = await startSignIn(app);

    const response = await callback(
      app,
      { code: 'used-code', state: started.params.get('state') ?? '' },
      started.cookie,
    );

    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toContain('La connexion n’a pas abouti');
  });

  it('answers 502 when the token endpoint fails or cannot be reached', async () => {
    const failing = aTokenEndpoint(() => new Response('oops', { status: 500 }));
    const unreachable = aTokenEndpoint(() => {
      throw new TypeError('fetch failed');
    });
    for (const endpoint of [failing, unreachable]) {
      const app = aPortal(endpoint.fetch);
      const started = await startSignIn(app);

      const response = await callback(
        app,
        { code: 'the-code', state: started.params.get('state') ?? '' },
        started.cookie,
      );

      expect(response.status).toBe(502);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it('opens no session for an access token the verifier refuses (another client, no Appui role)', async () => {
    const tokens = [
      await aCognitoAccessToken({ client_id: 'another0client' }),
      await aCognitoAccessToken({ role: undefined }),
    ];
    for (const accessToken of tokens) {
      const app = aPortal(aTokenEndpoint(() => tokensOf(accessToken)).fetch);
      const started = await startSignIn(app);

      const response = await callback(
        app,
        { code: 'the-code', state: started.params.get('state') ?? '' },
        started.cookie,
      );

      expect(response.status).toBe(401);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });
});

describe('signing out with the managed login', () => {
  it('ends the portal’s session, then the managed login’s, which returns to the home page', async () => {
    const app = aPortal(undefined);

    const signedOut = await app.request('/deconnexion', {
      method: 'POST',
      headers: { origin: publicUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(signOutPath);
    expect(cookiesOf(signedOut).get('__Host-appui-session')?.header).toMatch(/; Max-Age=0(;|$)/);

    const page = await app.request(signOutPath);
    expect(page.status).toBe(200);
    const refresh = /^0; url=(.+)$/.exec(page.headers.get('refresh') ?? '')?.[1] ?? '';
    const logout = new URL(refresh);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${loginUrl}/logout`);
    expect(logout.searchParams.get('client_id')).toBe(clientId);
    // The auth stack's app client allows `${publicUrl}/` as its one logout URL.
    expect(logout.searchParams.get('logout_uri')).toBe(`${publicUrl}/`);
    expect(await page.text()).toContain(`href="${refresh.replaceAll('&', '&amp;')}"`);
  });
});

describe('without the Cognito settings (the local stack)', () => {
  it('mounts no /auth routes and signs out to the home page', async () => {
    const app = aPortal(undefined, false);

    expect((await app.request(signInPath)).status).toBe(404);
    const signedOut = await app.request('/deconnexion', {
      method: 'POST',
      headers: { origin: publicUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(signedOut.headers.get('location')).toBe('/');
  });
});

describe('the Cognito settings', () => {
  it('uses the paths the CDK app gives the managed login and the sign-in page', () => {
    expect(callbackPath).toBe(authCallbackPath);
    expect(signInPath).toBe(infraSignInPath);
  });

  it('reads both settings, or none', () => {
    vi.stubEnv('COGNITO_LOGIN_URL', '');
    vi.stubEnv('COGNITO_CLIENT_ID', '');
    expect(loadCognitoLogin()).toBeUndefined();

    vi.stubEnv('COGNITO_LOGIN_URL', `${loginUrl}/`);
    vi.stubEnv('COGNITO_CLIENT_ID', clientId);
    expect(loadCognitoLogin()).toEqual({ loginUrl, clientId });
  });

  it('throws at cold start on half the settings or a login URL that is not https', () => {
    vi.stubEnv('COGNITO_LOGIN_URL', loginUrl);
    vi.stubEnv('COGNITO_CLIENT_ID', '');
    expect(() => loadCognitoLogin()).toThrow(/COGNITO_CLIENT_ID/);

    vi.stubEnv('COGNITO_CLIENT_ID', clientId);
    vi.stubEnv('COGNITO_LOGIN_URL', 'http://appui-test.auth.eu-west-3.amazoncognito.com');
    expect(() => loadCognitoLogin()).toThrow(/COGNITO_LOGIN_URL/);
  });
});

describe('the portal function', () => {
  it('signs in through the managed login when the stack gives it COGNITO_LOGIN_URL and COGNITO_CLIENT_ID', async () => {
    vi.stubEnv('TABLE_NAME', 'appui-test');
    vi.stubEnv('OIDC_ISSUER', issuer);
    vi.stubEnv('OIDC_AUDIENCE', clientId);
    vi.stubEnv('APPUI_PUBLIC_URL', publicUrl);
    vi.stubEnv('COGNITO_LOGIN_URL', loginUrl);
    vi.stubEnv('COGNITO_CLIENT_ID', clientId);
    const { handler } = await import('../../functions/portal/handler.ts');

    const response = await handler(anHttpApiEvent('GET', signInPath), aLambdaContext);

    expect(response.statusCode).toBe(302);
    const location = new URL(String(response.headers?.location));
    expect(`${location.origin}${location.pathname}`).toBe(`${loginUrl}/oauth2/authorize`);
    expect(location.searchParams.get('redirect_uri')).toBe(`${publicUrl}/auth/callback`);
    expect(response.cookies).toEqual([expect.stringMatching(/^__Host-appui-oauth=/)]);
  });
});
