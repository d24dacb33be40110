import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDemoData, demoAccountList, demoAccounts } from '../../infra/local/demo-data.ts';
import {
  type DevIssuer,
  devAudience,
  devIssuerRoutes,
  loadOrCreateDevIssuer,
  signingKeyPath,
} from '../../infra/local/dev-issuer.ts';
import { seedDemoData } from '../../infra/local/seed.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { type AuthEnv, authenticate, sessionCookieName } from '../../shared/http/auth.ts';
import { onError } from '../../shared/http/problem.ts';
import { aFreshTable } from '../support/table.ts';

const issuer = 'http://localhost:3000';
const now = new Date();
const demo = buildDemoData(now);
const [reunion, mainland] = demo.structures;
const [reunionOrg, mainlandOrg] = demo.prescriberOrganisations;
const [reunionFunder] = demo.funders;

let db: DynamoDBDocumentClient;
let tableName: string;
let dataDir: string;
let devIssuer: DevIssuer;
let app: Hono;

beforeAll(async () => {
  ({ db, tableName } = await aFreshTable());
  await seedDemoData(db, tableName, now);
  dataDir = await mkdtemp(join(tmpdir(), 'appui-dev-issuer-'));
  devIssuer = await loadOrCreateDevIssuer({ dataDir, issuer });
  app = devIssuerRoutes({ devIssuer, db, tableName, accounts: demoAccountList(demo) });
});

afterAll(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A verifier exactly like the local stack's, its JWKS fetched through the app rather than a socket. */
function localVerifier() {
  return makeTokenVerifier({
    issuer: devIssuer.issuer,
    audience: devIssuer.audience,
    jwksUrl: devIssuer.jwksUrl,
    fetch: (url, init) => app.request(url, init),
  });
}

async function signIn(email: string): Promise<Response> {
  return app.request('/dev/sign-in', { method: 'POST', body: new URLSearchParams({ email }) });
}

/** The token shown on the signed-in page. */
function shownToken(page: string): string {
  const token = /<textarea id="jeton"[^>]*>([^<]+)<\/textarea>/.exec(page)?.[1];
  if (token === undefined) throw new Error('the signed-in page shows no token');
  return token;
}

function sessionCookie(response: Response): string {
  const cookie = response.headers
    .getSetCookie()
    .find((header) => header.startsWith(`${sessionCookieName}=`));
  if (cookie === undefined) throw new Error('no session cookie was set');
  return cookie;
}

describe('loadOrCreateDevIssuer', () => {
  it('writes the signing key once, private to its owner, and reuses it', async () => {
    const path = signingKeyPath(dataDir);
    const written = await readFile(path, 'utf8');

    const again = await loadOrCreateDevIssuer({ dataDir, issuer });

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe(written);
    expect(again.jwks()).toEqual(devIssuer.jwks());
    expect(JSON.parse(written)).toHaveProperty('kid', again.jwks().keys[0]?.kid);
  });

  it('signs tokens the verifier accepts until they expire', async () => {
    const token = await devIssuer.sign({ sub: demo.users[0]?.id ?? '', role: 'platform-admin' });
    const expired = await devIssuer.sign(
      { sub: demo.users[0]?.id ?? '', role: 'platform-admin' },
      -60,
    );

    await expect(localVerifier().verify(token)).resolves.toMatchObject({ role: 'platform-admin' });
    await expect(localVerifier().verify(expired)).rejects.toThrow('expiré');
  });
});

describe('the issuer’s public routes', () => {
  it('serve the public key only', async () => {
    const response = await app.request('/.well-known/jwks.json');

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) }],
    });
    expect(body).toHaveProperty('keys.length', 1);
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
      expect(body).not.toHaveProperty(['keys', 0, secret]);
    }
  });

  it('describe the issuer and where its keys are', async () => {
    const response = await app.request('/.well-known/openid-configuration');

    expect(await response.json()).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
});

describe('GET /dev/sign-in', () => {
  it('lists every demo account as a button of a plain form', async () => {
    const response = await app.request('/dev/sign-in');

    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('<form method="post" action="/dev/sign-in">');
    for (const account of demo.users) {
      expect(page).toContain(`<button type="submit" name="email" value="${account.email}">`);
    }
  });
});

describe('POST /dev/sign-in', () => {
  it.each([
    [
      'a structure-admin',
      demoAccounts.reunionAdmin,
      { role: 'structure-admin', tenantId: reunion?.id, firstName: 'Nadia' },
    ],
    [
      'a referent',
      demoAccounts.mainlandReferents[0],
      { role: 'referent', tenantId: mainland?.id, firstName: 'Samir' },
    ],
    [
      'a prescriber',
      demoAccounts.departement,
      { role: 'prescriber', orgId: mainlandOrg?.id, region: '11', departements: ['93'] },
    ],
    [
      'a funder',
      demoAccounts.reunionFunder,
      { role: 'funder', funderId: reunionFunder?.id, region: '04', departements: [] },
    ],
    ['the platform admin', demoAccounts.platformAdmin, { role: 'platform-admin' }],
  ])('signs in %s with a session cookie and a bearer token', async (_who, email, expected) => {
    const response = await signIn(email);

    expect(response.status).toBe(200);
    const cookie = sessionCookie(response);
    expect(cookie).toMatch(/; Max-Age=28800/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    const token = shownToken(page);
    expect(cookie.startsWith(`${sessionCookieName}=${token};`)).toBe(true);
    // A first call the role may make, pasted as it is (the platform admin's calls all write).
    if (expected.role === 'platform-admin') expect(page).toContain('href="/api/v1/reference"');
    else
      expect(page).toContain(
        `curl -H "Authorization: Bearer ${token}" ${devIssuer.issuer}/api/v1/`,
      );
    const principal = await localVerifier().verify(token);
    expect(principal).toMatchObject({
      ...expected,
      userId: demo.users.find((account) => account.email === email)?.id,
    });
  });

  it('gives the prescriber of La Réunion its own organisation and département', async () => {
    const token = shownToken(await (await signIn(demoAccounts.franceTravail)).text());

    expect(await localVerifier().verify(token)).toMatchObject({
      orgId: reunionOrg?.id,
      region: '04',
      departements: ['974'],
    });
  });

  it('reads at most two items to sign a prescriber in', async () => {
    const send = vi.spyOn(db, 'send');

    await signIn(demoAccounts.franceTravail);

    expect(send).toHaveBeenCalledTimes(2);
  });

  it('opens a portal session that the authenticate middleware accepts', async () => {
    const cookie = sessionCookie(await signIn(demoAccounts.reunionReferents[1]));
    const portal = new Hono<AuthEnv>()
      .use('/moi', authenticate(localVerifier(), { sessionCookie: true }))
      .get('/moi', (c) => c.json(c.get('principal')));
    portal.onError(onError);

    const response = await portal.request('/moi', {
      headers: { Cookie: cookie.split(';')[0] ?? '' },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: 'referent', tenantId: reunion?.id });
  });

  it('issues tokens for the local audience only', async () => {
    const token = shownToken(await (await signIn(demoAccounts.platformAdmin)).text());
    const elsewhere = makeTokenVerifier({
      issuer: devIssuer.issuer,
      audience: 'another-app',
      jwksUrl: devIssuer.jwksUrl,
      fetch: (url, init) => app.request(url, init),
    });

    expect(devIssuer.audience).toBe(devAudience);
    await expect(elsewhere.verify(token)).rejects.toThrow('Jeton invalide');
  });

  it.each([
    ['an address nobody uses', 'personne@inconnu.test'],
    ['something that is not an address', 'not-an-email'],
  ])('answers 422 without a cookie to %s', async (_what, email) => {
    const response = await signIn(email);

    expect(response.status).toBe(422);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toContain('Compte inconnu');
  });
});
