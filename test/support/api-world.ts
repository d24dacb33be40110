/**
 * The API as integration tests use it: a fresh table holding the demo world, the real app with
 * the scope guard on its client, tokens signed by a development issuer and verified the way
 * production verifies them (JWKS fetched through the issuer's routes, not a socket).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApi } from '../../functions/api/app.ts';
import { buildDemoData, type DemoData } from '../../infra/local/demo-data.ts';
import { devIssuerRoutes, loadOrCreateDevIssuer } from '../../infra/local/dev-issuer.ts';
import { seedDemoData } from '../../infra/local/seed.ts';
import type { AppuiClaims } from '../../shared/auth/principal.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { makeDynamoClient, toDocumentClient } from '../../shared/data/client.ts';
import { guardClient } from '../../shared/data/scope-guard.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import type { User } from '../../shared/identity/user.ts';
import type { MailMessage } from '../../shared/mail/message.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { aRecordingMailer } from './mailer.ts';
import { aFreshTable } from './table.ts';

export interface ApiWorld {
  api: OpenAPIHono;
  demo: DemoData;
  tableName: string;
  /** The unguarded client, for arranging and inspecting data behind the API's back. */
  adminDb: DynamoDBDocumentClient;
  /** The guarded client the API uses (its middleware stack is where call counters go). */
  appDb: DynamoDBDocumentClient;
  tokenFor(user: User): Promise<string>;
  /** A token with these claims, for callers the demo world does not hold. */
  sign(claims: AppuiClaims): Promise<string>;
  /** The demo user with this e-mail. */
  user(email: string): User;
  /** `app.request` with a bearer token and a JSON body. */
  call(
    token: string | undefined,
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  now: () => Date;
  /** What the API sent by mail, oldest first. */
  mails: MailMessage[];
}

/** Claims as the issuer would give them (Cognito in AWS, the development issuer locally). */
export function claimsOf(demo: DemoData, user: User): AppuiClaims {
  const base = { sub: user.id, role: user.role, email: user.email };
  if (user.tenantId !== undefined) return { ...base, tenant: user.tenantId };
  if (user.orgId !== undefined) {
    const org = demo.prescriberOrganisations.find((candidate) => candidate.id === user.orgId);
    if (org === undefined) throw new Error(`no organisation ${user.orgId}`);
    return {
      ...base,
      org: org.id,
      territory: { region: org.territory.region, departements: [org.territory.departement] },
    };
  }
  if (user.funderId !== undefined) {
    const funder = demo.funders.find((candidate) => candidate.id === user.funderId);
    if (funder === undefined) throw new Error(`no funder ${user.funderId}`);
    return { ...base, funder: funder.id, territory: { region: funder.territory.region } };
  }
  return base;
}

export async function anApiWorld(now: () => Date = () => new Date()): Promise<ApiWorld> {
  const { tableName, db: adminDb, endpoint } = await aFreshTable();
  const seededAt = now();
  await seedDemoData(adminDb, tableName, seededAt);
  const demo = buildDemoData(seededAt);

  const issuer = await loadOrCreateDevIssuer({
    dataDir: mkdtempSync(join(tmpdir(), 'appui-issuer-')),
    issuer: 'http://localhost:3000',
  });
  const issuerRoutes = devIssuerRoutes({ devIssuer: issuer, db: adminDb, tableName, accounts: [] });
  const verifier = makeTokenVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUrl: issuer.jwksUrl,
    fetch: (url, init) => issuerRoutes.request(url, init),
  });
  const { mailer, sent: mails } = aRecordingMailer();
  const appDb = toDocumentClient(guardClient(makeDynamoClient({ region: 'eu-west-3', endpoint })));
  const api = createApi({
    db: appDb,
    tableName,
    now,
    verifier,
    settings: defaultSettings,
    provisioner: makeTableIdentityProvisioner(),
    mailer,
  });

  const user = (email: string) => {
    const found = demo.users.find((candidate) => candidate.email === email);
    if (found === undefined) throw new Error(`no demo user ${email}`);
    return found;
  };
  return {
    api,
    demo,
    tableName,
    adminDb,
    appDb,
    now,
    mails,
    user,
    tokenFor: (account) => issuer.sign(claimsOf(demo, account)),
    sign: (claims) => issuer.sign(claims),
    call: async (token, method, path, options = {}) =>
      api.request(path, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      }),
  };
}
