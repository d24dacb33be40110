/**
 * `npm start`: the whole of Appui on one machine. DynamoDB Local (data under `.data/`), the
 * table from the shared definition, the demo data once, the Hono apps on one port, and the
 * deadline sweep at start then every hour. `npm start -- --fresh` starts from an empty database.
 */

import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { serve } from '@hono/node-server';
import { makeStatsProjector } from '../../functions/stats-projector/projector.ts';
import { makeSendDigests } from '../../shared/alerts/digest.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { localKeysDir } from '../../shared/crypto/defaults.ts';
import { makeLocalTenantKeys } from '../../shared/crypto/local-keys.ts';
import { withOpenedNotes } from '../../shared/crypto/opened-notes.ts';
import { makeDynamoClient, toDocumentClient } from '../../shared/data/client.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { tableName } from '../../shared/data/table.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { logger } from '../../shared/logger.ts';
import { makeOutboxMailer } from '../../shared/mail/mailer.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { buildStaticSite } from '../../web/static-site.tsx';
import { createLocalApp } from './app.ts';
import { buildDemoData, demoAccountList } from './demo-data.ts';
import { devIssuerRoutes, loadOrCreateDevIssuer } from './dev-issuer.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { javaProblem } from './java.ts';
import { seedDemoData } from './seed.ts';
import { writeStackState } from './stack-state.ts';
import { StreamReader } from './stream-reader.ts';
import { startSweepTimer } from './sweep-timer.ts';
import { ensureTable } from './table.ts';

const { values: options } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
const dataDir = resolve(process.env.APPUI_DATA_DIR ?? '.data');
const region = 'eu-west-3';
const localTable = tableName('local');

/** What to undo at exit, last started first stopped. */
const cleanups: { name: string; run: () => Promise<void> }[] = [];
let stopping = false;

async function stop(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup.run();
      } catch (error: unknown) {
        console.error(`Could not stop ${cleanup.name} cleanly:`, error);
        exitCode = exitCode || 1;
      }
    }
  }
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.log(`\n${signal} received: stopping Appui…`);
    void stop(0);
  });
}
process.on('uncaughtException', (error) => {
  console.error('Unexpected error:', error);
  void stop(1);
});
process.on('unhandledRejection', (error) => {
  console.error('Unexpected error:', error);
  void stop(1);
});

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`PORT must be a whole number from 1 to 65535, got "${process.env.PORT}".`);
  }
  const missingJava = javaProblem();
  if (missingJava !== undefined) throw new Error(missingJava);

  if (options.fresh) {
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`--fresh: removed ${dataDir}`);
  }

  const started = performance.now();
  const dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
  cleanups.push({ name: 'DynamoDB Local', run: dynamo.stop });
  console.log(`DynamoDB Local is up on ${dynamo.endpoint} (data in ${join(dataDir, 'dynamodb')})`);
  // So that `npm run sweep` uses this DynamoDB Local rather than start another on the same files.
  cleanups.push({ name: 'the stack state file', run: writeStackState(dataDir, dynamo.endpoint) });

  // Two clients: the stack's own, for the table, the seed and the development issuer (which
  // stands in for Cognito, outside the tenants); the application's, guarded by the caller's scope.
  const client = makeDynamoClient({ region, endpoint: dynamo.endpoint });
  const db = toDocumentClient(client);
  const appDb = makeGuardedDocumentClient({ region, endpoint: dynamo.endpoint });
  cleanups.push({
    name: 'the DynamoDB clients',
    run: async () => {
      client.destroy();
      appDb.destroy();
    },
  });
  if (await ensureTable(client, localTable)) console.log(`Created table ${localTable}`);

  // Each structure's notes are sealed with its key file under .data/keys (delete one to shred).
  const tenantKeys = withOpenedNotes(makeLocalTenantKeys(localKeysDir(dataDir)));
  const now = new Date();
  const seed = await seedDemoData(db, localTable, now, tenantKeys);
  console.log(
    seed.seeded
      ? `Seeded the demo data (${seed.items} items)`
      : `Demo data already there (seeded ${seed.seededAt})`,
  );

  // Each morning sweep is followed by the day's e-mail digest, written as .eml files.
  const outbox = join(dataDir, 'outbox');
  const sendDigests = makeSendDigests({
    db: appDb,
    tableName: localTable,
    now: () => new Date(),
    mailer: makeOutboxMailer(outbox),
    publicUrl: `http://localhost:${port}`,
  });
  const sweeps = startSweepTimer(
    { db: appDb, tableName: localTable, now: () => new Date() },
    undefined,
    async (report) => {
      const digests = await sendDigests(report.timeZones.map((swept) => swept.timeZone));
      if (digests.sent.length > 0) {
        console.log(`Résumé quotidien : ${digests.sent.length} e-mail(s) écrit(s) dans ${outbox}`);
      }
    },
  );
  cleanups.push({ name: 'the deadline sweep', run: sweeps.stop });

  // The statistics projector, fed by DynamoDB Local's stream as Lambda is by the table's. Its
  // CloudWatch metrics would only clutter the console here.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  if (process.env.POWERTOOLS_LOG_LEVEL === undefined) logger.setLogLevel('WARN');
  const projector = new StreamReader({
    endpoint: dynamo.endpoint,
    region,
    tableName: localTable,
    handler: makeStatsProjector(
      { db: appDb, tableName: localTable },
      new Metrics({ namespace: 'Appui', serviceName: 'stats-projector' }),
    ),
  });
  projector.start(1_000, (error) =>
    console.error(
      `Statistiques : la projection a échoué, nouvel essai dans une seconde (${error instanceof Error ? error.message : String(error)})`,
    ),
  );
  cleanups.push({ name: 'the statistics projector', run: () => projector.stop() });

  const demoAccounts = demoAccountList(buildDemoData(now));
  // The pages AWS serves from S3, pre-rendered here with the demo accounts on the home page.
  const staticDir = join(dataDir, 'static');
  await buildStaticSite(staticDir, {
    demoAccounts,
    signInUrl: '/dev/sign-in',
    retention: defaultSettings,
  });
  const publicUrl = process.env.APPUI_PUBLIC_URL ?? `http://localhost:${port}`;
  const devIssuer = await loadOrCreateDevIssuer({ dataDir, issuer: `http://localhost:${port}` });
  const app = createLocalApp(
    {
      db: appDb,
      tableName: localTable,
      tenantKeys,
      now: () => new Date(),
      publicUrl,
      verifier: makeTokenVerifier({
        issuer: devIssuer.issuer,
        audience: devIssuer.audience,
        jwksUrl: devIssuer.jwksUrl,
      }),
      settings: defaultSettings,
      provisioner: makeTableIdentityProvisioner(),
      mailer: makeOutboxMailer(outbox),
    },
    devIssuerRoutes({ devIssuer, db, tableName: localTable, accounts: demoAccounts }),
    staticDir,
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const listening = serve({ fetch: app.fetch, port, hostname }, () => resolveServer(listening));
    listening.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use: stop what uses it, or run PORT=3001 npm start.`,
            )
          : error,
      ),
    );
  });
  cleanups.push({
    name: 'the web server',
    run: () => new Promise((done) => server.close(() => done())),
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  console.log(
    `\nAppui is running at http://localhost:${boundPort} (ready in ${Math.round(performance.now() - started)} ms)`,
  );
  console.log(`Sign in as a demo user at http://localhost:${boundPort}/dev/sign-in`);
  console.log('Press Ctrl-C to stop.');
}

main().catch(async (error: unknown) => {
  console.error(
    `\nAppui could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  await stop(1);
});
