/**
 * The local stack as the portal's tests and the screenshot script use it: a fresh table holding
 * the demo world on a DynamoDB Local, the development issuer, the pre-rendered pages, and the
 * local app (API, portal, static pages, sign-in) — in process, or on a real port for a browser.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createLocalApp } from '../../../infra/local/app.ts';
import { buildDemoData, type DemoData, demoAccountList } from '../../../infra/local/demo-data.ts';
import { devIssuerRoutes, loadOrCreateDevIssuer } from '../../../infra/local/dev-issuer.ts';
import { seedDemoData } from '../../../infra/local/seed.ts';
import { StreamReader } from '../../../infra/local/stream-reader.ts';
import { ensureTable } from '../../../infra/local/table.ts';
import { makeTokenVerifier } from '../../../shared/auth/verifier.ts';
import { makeDynamoClient, toDocumentClient } from '../../../shared/data/client.ts';
import { guardClient } from '../../../shared/data/scope-guard.ts';
import { sessionCookieName } from '../../../shared/http/auth.ts';
import { makeTableIdentityProvisioner } from '../../../shared/identity/provisioner.ts';
import type { User } from '../../../shared/identity/user.ts';
import { makeOutboxMailer } from '../../../shared/mail/mailer.ts';
import { defaultSettings } from '../../../shared/use-case.ts';
import { csrfTokenOf, type PortalEnv } from '../../../web/area.tsx';
import { buildStaticSite } from '../../../web/static-site.tsx';
import { claimsOf } from '../../support/api-world.ts';
import { aProjectorHandler } from '../../support/projector.ts';

export interface PortalWorld {
  app: Hono<PortalEnv>;
  demo: DemoData;
  tableName: string;
  /** The unguarded client, to look at the table behind the portal's back. */
  adminDb: DynamoDBDocumentClient;
  publicUrl: string;
  now: () => Date;
  user(email: string): User;
  /** A session for a demo user: the cookie header and the CSRF token of its forms. */
  session(email: string): Promise<{ cookie: string; csrf: string }>;
  /** Runs the statistics projector over what the table's stream holds, as `npm start` does. */
  project(): Promise<number>;
  /** Removes the temporary folders (the table stays on the run's DynamoDB Local). */
  close(): Promise<void>;
}

/** The local app on a fresh table of `endpoint`, for `app.request` or for a server. */
export async function aPortalWorld({
  endpoint,
  publicUrl = 'http://localhost:3000',
  now = () => new Date(),
}: {
  endpoint: string;
  publicUrl?: string;
  now?: () => Date;
}): Promise<PortalWorld> {
  const client = makeDynamoClient({ region: 'eu-west-3', endpoint });
  const tableName = `appui-portal-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  const adminDb = toDocumentClient(client);
  const seededAt = now();
  await seedDemoData(adminDb, tableName, seededAt);
  const demo = buildDemoData(seededAt);
  const accounts = demoAccountList(demo);

  const dataDir = await mkdtemp(join(tmpdir(), 'appui-portal-'));
  const staticDir = join(dataDir, 'static');
  await buildStaticSite(staticDir, {
    demoAccounts: accounts,
    signInUrl: '/dev/sign-in',
    retention: defaultSettings,
  });
  const issuer = await loadOrCreateDevIssuer({ dataDir, issuer: publicUrl });
  const issuerRoutes = devIssuerRoutes({ devIssuer: issuer, db: adminDb, tableName, accounts });
  const verifier = makeTokenVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUrl: issuer.jwksUrl,
    fetch: (url, init) => issuerRoutes.request(url, init),
  });
  const appDb = toDocumentClient(guardClient(makeDynamoClient({ region: 'eu-west-3', endpoint })));
  const app = createLocalApp(
    {
      db: appDb,
      tableName,
      now,
      verifier,
      settings: defaultSettings,
      provisioner: makeTableIdentityProvisioner(),
      mailer: makeOutboxMailer(join(dataDir, 'outbox')),
      publicUrl,
    },
    issuerRoutes,
    staticDir,
  );
  const projector = new StreamReader({
    endpoint,
    region: 'eu-west-3',
    tableName,
    handler: aProjectorHandler(appDb, tableName),
  });
  const user = (email: string) => {
    const found = demo.users.find((candidate) => candidate.email === email);
    if (found === undefined) throw new Error(`no demo user ${email}`);
    return found;
  };
  return {
    app,
    demo,
    tableName,
    adminDb,
    publicUrl,
    now,
    user,
    async session(email) {
      const token = await issuer.sign(claimsOf(demo, user(email)));
      return { cookie: `${sessionCookieName}=${token}`, csrf: csrfTokenOf(token) };
    },
    project: () => projector.pump(),
    close: async () => {
      await projector.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PortalServer extends PortalWorld {
  /** `http://localhost:<port>`: the public origin the forms are checked against. */
  url: string;
  stop(): Promise<void>;
}

/** The local app on a free port of this machine, as `npm start` serves it. */
export async function startPortalServer({ endpoint }: { endpoint: string }): Promise<PortalServer> {
  // The port decides the public origin, which the app needs: listen first, then build the app.
  let handle: ((request: Request) => Response | Promise<Response>) | undefined;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve(
      {
        fetch: (request) =>
          handle === undefined ? new Response('starting', { status: 503 }) : handle(request),
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(listening),
    );
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no port');
  const { port } = address;
  const url = `http://localhost:${port}`;
  const world = await aPortalWorld({ endpoint, publicUrl: url });
  handle = (request) => world.app.fetch(request);
  return {
    ...world,
    url,
    async stop() {
      await new Promise<void>((done) => server.close(() => done()));
      await world.close();
    },
  };
}
