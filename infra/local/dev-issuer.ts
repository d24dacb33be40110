/**
 * The local stack's own OIDC issuer, standing in for Cognito: an RS256 key kept under the data
 * folder, its public half at `/.well-known/jwks.json`, and a page to sign in as a demo user. Tokens
 * it signs go through the same verifier as Cognito's; nothing here runs in AWS.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { html } from 'hono/html';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from 'jose';
import { type AppuiClaims, appuiClaims } from '../../shared/auth/principal.ts';
import { z } from '../../shared/common/zod.ts';

import { setSessionCookie } from '../../shared/http/session.ts';
import type { User } from '../../shared/identity/user.ts';
import { findUserByEmail } from '../../shared/identity/user-store.ts';
import { roles } from '../../shared/measure/vocabulary.ts';
import { funder, funderKey } from '../../shared/organisations/funder.ts';
import {
  prescriberOrganisation,
  prescriberOrgKey,
} from '../../shared/organisations/prescriber-organisation.ts';
import { Layout } from '../../web/layout.tsx';
import type { DemoAccount } from '../../web/pages/home.tsx';

/** The `aud` of every token the local issuer signs; the local verifier expects it. */
export const devAudience = 'appui-local';

/** How long a local token and its session cookie last: a working day. */
export const devTokenTtlSeconds = 8 * 60 * 60;

export interface DevIssuer {
  /** The `iss` of its tokens, e.g. `http://localhost:3000`. */
  issuer: string;
  audience: string;
  /** Where its JWKS is served, to give to `makeTokenVerifier`. */
  jwksUrl: string;
  /** The public key set: the signing key without its private parts. */
  jwks(): JSONWebKeySet;
  /** A signed RS256 token for these claims, valid `ttlSeconds` (8 h by default). */
  sign(claims: AppuiClaims, ttlSeconds?: number): Promise<string>;
}

/** The stored private key: an RSA JWK with its `kid`, as `exportJWK` writes it. */
const storedKey = z.object({
  kty: z.literal('RSA'),
  alg: z.literal('RS256'),
  kid: z.string().min(1),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});
type StoredKey = z.infer<typeof storedKey>;

/** Where the signing key lives under the data folder. */
export function signingKeyPath(dataDir: string): string {
  return join(dataDir, 'issuer', 'signing-key.json');
}

/**
 * The development issuer of this data folder: its key is read from `issuer/signing-key.json`, or
 * generated and written there (mode 0600) at first start, so tokens survive a restart.
 */
export async function loadOrCreateDevIssuer({
  dataDir,
  issuer,
}: {
  dataDir: string;
  issuer: string;
}): Promise<DevIssuer> {
  const issuerUrl = new URL(issuer);
  const origin = issuerUrl.href.replace(/\/$/, '');
  const privateJwk = await loadOrCreateKey(signingKeyPath(dataDir));
  const signingKey = await importJWK(privateJwk, 'RS256');
  const publicJwk: JWK = {
    kty: privateJwk.kty,
    n: privateJwk.n,
    e: privateJwk.e,
    kid: privateJwk.kid,
    alg: 'RS256',
    use: 'sig',
  };

  return {
    issuer: origin,
    audience: devAudience,
    jwksUrl: `${origin}/.well-known/jwks.json`,
    jwks: () => ({ keys: [{ ...publicJwk }] }),
    async sign(claims, ttlSeconds = devTokenTtlSeconds) {
      const { sub, ...rest } = appuiClaims.parse(claims);
      const issuedAt = Math.floor(Date.now() / 1000);
      return new SignJWT(rest)
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid, typ: 'JWT' })
        .setIssuer(origin)
        .setAudience(devAudience)
        .setSubject(sub)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(signingKey);
    },
  };
}

async function loadOrCreateKey(path: string): Promise<StoredKey> {
  const existing = await readKey(path);
  if (existing !== undefined) return existing;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const created = storedKey.parse({ ...jwk, alg: 'RS256', kid });
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  try {
    // `wx`: if another process wrote a key meanwhile, keep theirs rather than overwrite it.
    await writeFile(path, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error: unknown) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    const written = await readKey(path);
    if (written === undefined) throw error;
    return written;
  }
  return created;
}

async function readKey(path: string): Promise<StoredKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = storedKey.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `${path} is not an RS256 private JWK with a kid; remove it to have a new key generated.`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

export interface DevIssuerRoutesDeps {
  devIssuer: DevIssuer;
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The accounts the sign-in page offers (`demoAccountList(...)`). */
  accounts: readonly DemoAccount[];
}

/** Items carry their keys and type beside the entity's fields: read only the fields. */
const storedOrganisation = z.object(prescriberOrganisation.shape);
const storedFunder = z.object(funder.shape);
const signInForm = z.object({ email: z.email() });

/**
 * The issuer's routes: discovery, JWKS, and the development sign-in page. Signing in reads the
 * user by e-mail (one Query on the e-mail index) and, for a prescriber or a funder, the item its
 * territory comes from (one GetItem).
 */
export function devIssuerRoutes({ devIssuer, db, tableName, accounts }: DevIssuerRoutesDeps): Hono {
  const findUser = (email: string) => findUserByEmail({ db, tableName }, email);

  async function getItem<T>(key: { PK: string; SK: string }, schema: z.ZodType<T>): Promise<T> {
    const result = await db.send(new GetCommand({ TableName: tableName, Key: key }));
    if (result.Item === undefined) throw new Error(`no item at ${key.PK} ${key.SK}`);
    return schema.parse(result.Item);
  }

  /** The claims Cognito would carry for this user (there, custom attributes hold the scope). */
  async function claimsFor(account: User): Promise<AppuiClaims> {
    const base = {
      sub: account.id,
      role: account.role,
      email: account.email,
      given_name: account.firstName,
    };
    switch (account.role) {
      case 'referent':
      case 'structure-admin':
        return { ...base, tenant: account.tenantId };
      case 'prescriber': {
        if (account.orgId === undefined) throw new Error(`prescriber ${account.id} has no orgId`);
        const org = await getItem(prescriberOrgKey(account.orgId), storedOrganisation);
        return {
          ...base,
          org: org.id,
          territory: { region: org.territory.region, departements: [org.territory.departement] },
        };
      }
      case 'funder': {
        if (account.funderId === undefined) throw new Error(`funder ${account.id} has no funderId`);
        const body = await getItem(funderKey(account.funderId), storedFunder);
        return { ...base, funder: body.id, territory: { region: body.territory.region } };
      }
      case 'platform-admin':
        return base;
    }
  }

  return new Hono()
    .get('/.well-known/jwks.json', (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(devIssuer.jwks());
    })
    .get('/.well-known/openid-configuration', (c) =>
      c.json({
        issuer: devIssuer.issuer,
        jwks_uri: devIssuer.jwksUrl,
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
        response_types_supported: ['id_token'],
        claims_supported: [
          'sub',
          'role',
          'tenant',
          'org',
          'funder',
          'territory',
          'email',
          'given_name',
        ],
      }),
    )
    .get('/dev/sign-in', (c) => c.html(signInPage(accounts)))
    .post('/dev/sign-in', async (c) => {
      const form = signInForm.safeParse(await c.req.parseBody());
      const account = form.success ? await findUser(form.data.email) : undefined;
      if (account === undefined) {
        return c.html(unknownAccountPage(), 422);
      }
      const token = await devIssuer.sign(await claimsFor(account));
      setSessionCookie(c, token, devTokenTtlSeconds);
      // The page shows a token: keep it out of caches and out of the next page's Referer.
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      const scope = accounts.find((listed) => listed.email === account.email)?.scope;
      return c.html(signedInPage({ account, scope, token, issuer: devIssuer.issuer }));
    });
}

function signInPage(accounts: readonly DemoAccount[]) {
  return Layout({
    title: 'Connexion de développement',
    children: html`<h1>Connexion de développement</h1>
      <p>
        Cette page n’existe que sur la pile locale, où elle remplace la connexion par Cognito.
        Choisissez un compte de démonstration : aucun mot de passe n’est demandé. Le portail
        retiendra la session 8 heures, et la page suivante affiche un jeton pour appeler l’API.
      </p>
      <form method="post" action="/dev/sign-in">
        <fieldset>
          <legend>Se connecter en tant que</legend>
          <ul class="account-list">
            ${accounts.map(
              (account) => html`<li>
                <button type="submit" name="email" value="${account.email}">
                  <span class="account-role">${account.role}</span> – ${account.scope}
                  <span class="account-email">${account.email}</span>
                </button>
              </li>`,
            )}
          </ul>
        </fieldset>
      </form>
      <form method="post" action="/dev/sign-in">
        <p>
          <label for="email">Ou une autre adresse enregistrée</label><br />
          <input id="email" name="email" type="email" autocomplete="username" required />
          <button type="submit">Se connecter</button>
        </p>
      </form>`,
  });
}

function signedInPage({
  account,
  scope,
  token,
  issuer,
}: {
  account: User;
  scope: string | undefined;
  token: string;
  issuer: string;
}) {
  return Layout({
    title: 'Connecté',
    children: html`<h1>Vous êtes connecté</h1>
      <p>
        ${account.firstName} ${account.lastName} – ${roles.labels[account.role]}${
          scope === undefined ? '' : ` – ${scope}`
        }
      </p>
      <p>
        Le portail utilise désormais le cookie de session (valable 8 heures).
        <a href="/espace">Aller au portail</a> · <a href="/dev/sign-in">Changer de compte</a>
      </p>
      <h2>Appeler l’API</h2>
      <p>
        <label for="jeton">Jeton d’accès (en-tête <code>Authorization: Bearer</code>, valable 8 heures)</label>
        <textarea id="jeton" class="token" readonly rows="7">${token}</textarea>
      </p>
      ${apiExample(account.role, token, issuer)}`,
  });
}

/** A first call the role may make, to paste as it is; the platform-admin's operations all write. */
const firstCallOf: Partial<Record<User['role'], { path: string; what: string }>> = {
  prescriber: { path: '/api/v1/referrals', what: 'vos orientations' },
  referent: { path: '/api/v1/cases', what: 'vos accompagnements' },
  'structure-admin': { path: '/api/v1/inbox', what: 'les orientations reçues' },
  funder: { path: '/api/v1/stats/territory', what: 'les statistiques du territoire' },
};

function apiExample(role: User['role'], token: string, issuer: string) {
  const call = firstCallOf[role];
  if (call === undefined) {
    return html`<p>
      Les opérations de ce rôle créent des structures et des organisations : voir la
      <a href="/api/v1/reference">référence de l’API</a>.
    </p>`;
  }
  return html`<p>Par exemple avec <code>curl</code>, ${call.what} :</p>
    <pre><code>curl -H "Authorization: Bearer ${token}" ${issuer}${call.path}</code></pre>`;
}

function unknownAccountPage() {
  return Layout({
    title: 'Compte inconnu',
    children: html`<h1>Compte inconnu</h1>
      <p role="alert">Aucun compte n’est enregistré à cette adresse.</p>
      <p><a href="/dev/sign-in">Revenir à la liste des comptes de démonstration</a></p>`,
  });
}
