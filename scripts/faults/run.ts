/**
 * `npm run faults`: its own stack — DynamoDB Local, a table of the shared definition with the
 * demo world, the API app in process with the scope guard on its client — with the fault proxy
 * between that client and DynamoDB Local. The storm (storm.ts), a sweep and a projector run go
 * through it; then a fault-free client checks what was promised (checks.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createApi } from '../../functions/api/app.ts';
import { makeStatsProjector } from '../../functions/stats-projector/projector.ts';
import { buildDemoData, type DemoData } from '../../infra/local/demo-data.ts';
import { devIssuerRoutes, loadOrCreateDevIssuer } from '../../infra/local/dev-issuer.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { startFaultProxy } from '../../infra/local/fault-proxy.ts';
import { demoItems, seedDemoData } from '../../infra/local/seed.ts';
import { StreamReader } from '../../infra/local/stream-reader.ts';
import { ensureTable } from '../../infra/local/table.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { dateIn } from '../../shared/common/dates.ts';
import { makeDynamoClient, toDocumentClient } from '../../shared/data/client.ts';
import { isMomentaryFailure } from '../../shared/data/momentary-failure.ts';
import { guardClient } from '../../shared/data/scope-guard.ts';
import { makeSweep, SweepIncompleteError } from '../../shared/deadlines/sweep.ts';
import { sweptTimeZones } from '../../shared/deadlines/sweep-rules.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { logger } from '../../shared/logger.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import {
  alertStates,
  type Check,
  checkConsistency,
  checkLogs,
  checkOutcomes,
  checkStatistics,
  copyTable,
  demoSecrets,
  putAll,
} from './checks.ts';
import { claimsOfUser } from './claims.ts';
import { runStorm } from './storm.ts';

export interface FaultsOptions {
  /** Share of DynamoDB calls that fail, 0 to 1. */
  rate: number;
  seed: number;
  /** People referred during the storm; each makes about five to ten requests. */
  people: number;
  /** An already running DynamoDB Local (the integration tests'); one is started otherwise. */
  endpoint?: string | undefined;
  /**
   * `demo`: the demo world of `npm start` (its people, cases and journal) beside the storm's;
   * `bare`: its structures, organisations and users only, for a quick run (the test's).
   */
  world?: 'demo' | 'bare';
  /** Where the runner's own lines go (the app's logs are captured, not printed). */
  print: (line: string) => void;
}

export interface FaultsReport {
  checks: Check[];
  requests: number;
  durationMs: number;
}

const region = 'eu-west-3';
/**
 * One attempt's limit for the app's client here: a held call costs this much, not seconds; on a
 * loaded machine DynamoDB Local itself may come close to it, and the SDK then retries.
 */
const requestTimeoutMs = 800;

/** Pumps until a pump goes through, as Lambda hands a failed batch again: how many failed. */
async function pumpUntilDone(reader: StreamReader, tries: number): Promise<number> {
  for (let failed = 0; failed < tries; failed += 1) {
    try {
      await reader.pump();
      return failed;
    } catch {
      // The batch is handed again from its first failed record at the next pump.
    }
  }
  return tries;
}

function quietMetrics(): Metrics {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  return new Metrics({ namespace: 'Appui', serviceName: 'stats-projector' });
}

/** Everything the process writes on stdout and stderr while `capture` runs: the app's logs. */
function captureOutput(): { lines: () => string[]; stop: () => void } {
  const captured: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const keep = (chunk: unknown): boolean => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(String(chunk)).toString('utf8'));
    return true;
  };
  process.stdout.write = keep;
  process.stderr.write = keep;
  return {
    lines: () =>
      captured
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    stop: () => {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

export async function runFaults(options: FaultsOptions): Promise<FaultsReport> {
  const started = performance.now();
  const { print } = options;
  const dynamo = options.endpoint === undefined ? await startDynamoDbLocal() : undefined;
  const endpoint = options.endpoint ?? dynamo?.endpoint ?? '';
  const workDir = mkdtempSync(join(tmpdir(), 'appui-faults-'));
  const suffix = `${options.seed}-${Date.now().toString(36)}`;
  const tableName = `appui-faults-${suffix}`;
  const controlName = `appui-faults-control-${suffix}`;
  const adminClient = makeDynamoClient({ region, endpoint });
  const adminDb = toDocumentClient(adminClient);
  const proxy = await startFaultProxy({
    target: endpoint,
    rate: options.rate,
    seed: options.seed,
    holdMs: requestTimeoutMs * 3,
  });
  const appClient = makeDynamoClient({ region, endpoint: proxy.endpoint, requestTimeoutMs });
  const appDb = toDocumentClient(guardClient(appClient));
  const checks: Check[] = [];
  const phases: string[] = [];
  let lapStarted = started;
  const lap = (phase: string) => {
    const at = performance.now();
    phases.push(`${phase} ${((at - lapStarted) / 1000).toFixed(1)} s`);
    lapStarted = at;
  };
  lap('DynamoDB Local');
  let reader: StreamReader | undefined;
  let capture: ReturnType<typeof captureOutput> | undefined;
  let requests = 0;
  try {
    let current = new Date('2026-03-02T05:00:00.000Z');
    const now = () => current;
    const clock = {
      advanceDays(days: number) {
        current = new Date(current.getTime() + days * 86_400_000);
      },
      todayIn: (timeZone: string) => dateIn(timeZone, current),
    };
    await ensureTable(adminClient, tableName);
    const full = buildDemoData(current);
    const demo: DemoData =
      options.world === 'bare'
        ? {
            ...full,
            structures: full.structures.map((structure) => ({ ...structure, activeCases: 0 })),
            referrals: [],
            cases: [],
            barrierScores: [],
            journal: [],
          }
        : full;
    if (options.world === 'bare') await putAll(adminDb, tableName, demoItems(demo));
    else await seedDemoData(adminDb, tableName, current);
    lap('table et données de démonstration');

    const issuer = await loadOrCreateDevIssuer({
      dataDir: workDir,
      issuer: 'http://localhost:3000',
    });
    const issuerRoutes = devIssuerRoutes({
      devIssuer: issuer,
      db: adminDb,
      tableName,
      accounts: [],
    });
    const verifier = makeTokenVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUrl: issuer.jwksUrl,
      fetch: (url, init) => issuerRoutes.request(url, init),
    });
    const api = createApi({
      db: appDb,
      tableName,
      now,
      verifier,
      settings: defaultSettings,
      provisioner: makeTableIdentityProvisioner(),
      // An invitation to an address held elsewhere mails its holder: the storm sends none.
      mailer: { send: () => Promise.reject(new Error('the storm sends no mail')) },
    });
    reader = new StreamReader({
      endpoint,
      region,
      tableName,
      handler: makeStatsProjector({ db: appDb, tableName }, quietMetrics()),
    });
    // The demo world's own records, projected before the storm (fault-free).
    if ((await pumpUntilDone(reader, 5)) === 5)
      throw new Error('the projector fails without faults');
    lap('projection initiale');
    print(
      `Pile : DynamoDB Local ${endpoint}, proxy de pannes ${proxy.endpoint}, table ${tableName}.`,
    );
    print(
      `Tempête : ${Math.round(options.rate * 100)} % des appels en panne, graine ${options.seed}, ${options.people} personnes.`,
    );

    capture = captureOutput();
    const level = logger.getLevelName();
    logger.setLogLevel('DEBUG');
    proxy.enabled = true;
    const sweepOptions = { timeZones: sweptTimeZones() };
    const sweepWith = (db: typeof appDb, table: string) =>
      makeSweep({ db, tableName: table, now })(sweepOptions);

    const sweepNow = async () => {
      lap('requêtes avant le balayage');
      proxy.enabled = false;
      await copyTable(adminDb, adminClient, tableName, controlName);
      proxy.enabled = true;
      let stormSweep = 'complet';
      try {
        await sweepWith(appDb, tableName);
      } catch (error: unknown) {
        if (!(error instanceof SweepIncompleteError) && !isMomentaryFailure(error)) throw error;
        stormSweep = error instanceof SweepIncompleteError ? 'incomplet' : 'interrompu';
      }
      proxy.enabled = false;
      const afterStorm = await alertStates(adminDb, tableName);
      const rerun = await sweepWith(appDb, tableName);
      const afterRerun = await alertStates(adminDb, tableName);
      const third = await sweepWith(appDb, tableName);
      await sweepWith(adminDb, controlName);
      const control = await alertStates(adminDb, controlName);
      const added = [...afterRerun.keys()].filter((key) => !afterStorm.has(key)).length;
      checks.push({
        name: `balayage sous pannes (${stormSweep}) puis relancé sans pannes : rien levé deux fois`,
        ok: rerun.alertsRaised === added,
        detail: `${rerun.alertsRaised} levée(s) par la relance pour ${added} nouvelle(s)`,
      });
      const missing = [...control.keys()].filter((key) => afterRerun.get(key) !== control.get(key));
      const extra = [...afterRerun.keys()].filter((key) => !control.has(key));
      checks.push({
        name: 'balayage : rien de manqué (mêmes alertes qu’un balayage sans pannes)',
        ok: missing.length === 0 && extra.length === 0 && control.size > 0,
        detail: `${control.size} alerte(s) attendue(s), ${missing.length} manquante(s), ${extra.length} en trop`,
      });
      checks.push({
        name: 'balayage : une troisième passe ne lève rien',
        ok: third.alertsRaised === 0,
        detail: `${third.alertsRaised} levée(s)`,
      });
      lap('balayages (sous pannes, relance, témoin)');
      proxy.enabled = true;
    };

    const result = await runStorm(
      {
        api,
        demo,
        tokenFor: (user) => issuer.sign(claimsOfUser(demo, user)),
        clock,
      },
      { people: options.people, seed: options.seed },
      sweepNow,
    );
    requests = result.outcomes.length;
    lap('requêtes après le balayage');

    // The projector's run through the faults: as Lambda, it hands a failed batch again.
    const pumpFailures = await pumpUntilDone(reader, 10);
    proxy.enabled = false;
    // What is left after the storm, as the event source mapping would retry it.
    if ((await pumpUntilDone(reader, 5)) === 5)
      throw new Error('the projector fails without faults');
    lap('projecteur');
    logger.setLogLevel(level);
    capture.stop();
    const logLines = capture.lines();
    capture = undefined;

    checks.push(...checkOutcomes(result.outcomes));
    checks.push(...(await checkConsistency(adminDb, tableName, result)));
    checks.push(await checkStatistics(adminDb, tableName));
    lap('vérifications');
    checks.push(
      checkLogs(logLines, [
        ...demoSecrets(demo),
        ...result.people.flatMap((person) => [
          person.firstName,
          person.lastName,
          person.email,
          person.phone,
          person.phone.replaceAll(' ', ''),
        ]),
        ...result.texts,
      ]),
    );
    const faults = proxy.tally.faults;
    print(
      `Appels DynamoDB de l’application : ${proxy.tally.calls}, en panne : ${Object.values(faults).reduce((a, b) => a + b, 0)} (limitation ${faults.throttling}, erreur 500 ${faults['server-error']}, délai dépassé ${faults.timeout}, connexion coupée ${faults.dropped}).`,
    );
    print(
      `Pannes par opération : ${Object.entries(proxy.tally.byOperation)
        .map(([operation, count]) => `${operation} ${count}`)
        .join(', ')}.`,
    );
    const byStatus = new Map<number, number>();
    for (const outcome of result.outcomes) {
      byStatus.set(outcome.status, (byStatus.get(outcome.status) ?? 0) + 1);
    }
    print(
      `Requêtes : ${requests} (${[...byStatus.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status} × ${count}`)
        .join(
          ', ',
        )}), ${result.referralIds.length} prescriptions déposées, projecteur relancé ${pumpFailures} fois.`,
    );
    print(`Journaux produits : ${logLines.length} lignes.`);
    print(`Étapes : ${phases.join(', ')}.`);
  } finally {
    capture?.stop();
    await reader?.stop();
    await proxy.close();
    appDb.destroy();
    adminDb.destroy();
    await dynamo?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  return { checks, requests, durationMs: performance.now() - started };
}
