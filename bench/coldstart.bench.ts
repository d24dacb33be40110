/**
 * Cold start as a user feels it, and what each function ships. Every function is built with its
 * deployed esbuild settings (infra/build-bundle.ts), then:
 * - `bundle.<function>`: the code its cold start reads (the entry and the chunks it imports
 *   statically), minified; the chunks loaded on first use are printed beside it; tripwire 1,000 KB;
 * - `coldstart.<function>`: a fresh Node.js process, with the function's deployed environment
 *   (its template's variables, `NODE_OPTIONS` included), imports the bundle and answers one real
 *   event against a seeded DynamoDB Local, with STS, KMS and the issuer's JWKS answered over HTTP
 *   by a local stub (coldstart/aws-stub.ts). The figure is the median, over interleaved pairs, of
 *   the process's CPU time divided by a baseline's: a handler built with the same settings that
 *   does one lib-dynamodb GetItem. CPU time, because the wall clock of a shared machine measures
 *   its neighbours too; the wall ratio and the import-only ratio are printed beside it.
 * - `coldstart.api.case_file`: the same for a case file of 32 sealed notes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { z } from 'zod';
import { bundleOptions, writeBundleAssets } from '../infra/build-bundle.ts';
import { type FunctionName, functionEntries } from '../infra/bundling.ts';
import { devAudience, loadOrCreateDevIssuer } from '../infra/local/dev-issuer.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { startAwsStub } from './coldstart/aws-stub.ts';
import { benchTable, deployedEnvironments } from './coldstart/lambda-env.ts';
import { seedWorld } from './coldstart/world.ts';
import { figure } from './figures.ts';

const pairs = Number(process.env.APPUI_BENCH_PAIRS ?? 20);
const maxBundleKb = 1_000;
const budgets: Record<string, number> = {
  api: 1.8,
  portal: 2.0,
  'api.case_file': 3.0,
};
const otherBudget = 1.8;

const outDir = mkdtempSync(join(tmpdir(), 'appui-coldstart-'));

/** The code a cold start reads: the entry's output and what it imports statically, in bytes. */
function sizes(metafile: Metafile): { atStart: number; onFirstUse: number } {
  const outputs = metafile.outputs;
  const code = Object.keys(outputs).filter((file) => file.endsWith('.mjs'));
  const entry = code.find((file) => file.endsWith('/index.mjs'));
  const loaded = new Set<string>();
  const pending = entry === undefined ? [] : [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }
  const bytes = (files: string[]) =>
    files.reduce((sum, file) => sum + (outputs[file]?.bytes ?? 0), 0);
  return {
    atStart: bytes([...loaded]),
    onFirstUse: bytes(code.filter((file) => !loaded.has(file))),
  };
}

async function bundle(
  name: string,
  input: { entry: string } | { contents: string },
): Promise<{ file: string; metafile: Metafile }> {
  const dir = join(outDir, name);
  const { metafile } = await build({ ...bundleOptions(dir, input), metafile: true });
  writeBundleAssets(dir, input);
  return { file: pathToFileURL(join(dir, 'index.mjs')).href, metafile };
}

/** The process a cold start is: import the bundle, answer the event, write what it measured. */
const probe = `
const [bundle, eventFile, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const { handler } = await import(bundle);
const imported = process.cpuUsage();
const importedAt = performance.now();
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, awsRequestId: 'bench',
  logGroupName: '/aws/lambda/bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10000,
};
const answer = await handler(event, context);
const used = process.cpuUsage();
writeFileSync(resultFile, JSON.stringify({
  cpu: (used.user + used.system) / 1000, wall: performance.now(),
  importCpu: (imported.user + imported.system) / 1000, importWall: importedAt, answer,
}));
process.exit(0);
`;

const run = z.object({
  cpu: z.number(),
  wall: z.number(),
  importCpu: z.number(),
  importWall: z.number(),
  answer: z.unknown(),
});
type Run = z.infer<typeof run>;

/** One cold start; asynchronous, for this process's AWS stub must answer meanwhile. */
async function coldStart(
  file: string,
  eventFile: string,
  env: Record<string, string>,
): Promise<Run> {
  const resultFile = join(outDir, 'result.json');
  rmSync(resultFile, { force: true });
  const child = spawn(process.execPath, [join(outDir, 'probe.mjs'), file, eventFile, resultFile], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (status !== 0) throw new Error(`${file} failed: ${stderr.slice(0, 2000)}`);
  return run.parse(JSON.parse(readFileSync(resultFile, 'utf8')));
}

/** Whether the function really answered its event (a 200, a batch with no failure…). */
function answered(name: string, answer: unknown): boolean {
  const http = z.object({ statusCode: z.number(), body: z.string() }).safeParse(answer);
  if (name === 'api.case_file') {
    return (
      http.success && http.data.statusCode === 200 && http.data.body.includes('Entretien n° 32')
    );
  }
  if (name === 'api' || name === 'portal' || name === 'baseline') {
    return http.success && http.data.statusCode === 200;
  }
  if (name === 'stats-projector') {
    return z.object({ batchItemFailures: z.array(z.unknown()).length(0) }).safeParse(answer)
      .success;
  }
  if (name === 'auth-pre-token') {
    return z
      .object({ response: z.object({ claimsAndScopeOverrideDetails: z.object({}).loose() }) })
      .safeParse(answer).success;
  }
  return answer !== undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return ((sorted[Math.floor(middle - 0.5)] ?? 0) + (sorted[Math.ceil(middle - 0.5)] ?? 0)) / 2;
};

const dataDir = join(outDir, 'data');
const issuer = await loadOrCreateDevIssuer({ dataDir, issuer: 'https://issuer.bench.example' });
const stub = await startAwsStub(issuer.jwks());
const dynamo = await startDynamoDbLocal();
try {
  writeFileSync(join(outDir, 'probe.mjs'), probe);
  const environments = deployedEnvironments();
  const { cases, baselineKey } = await seedWorld({
    dynamoEndpoint: dynamo.endpoint,
    stubUrl: stub.url,
    issuer,
  });

  const bundles = new Map<FunctionName, string>();
  for (const name of Object.keys(functionEntries).filter(
    (key): key is FunctionName => key in functionEntries,
  )) {
    const { file, metafile } = await bundle(name, { entry: functionEntries[name] });
    bundles.set(name, file);
    const { atStart, onFirstUse } = sizes(metafile);
    console.log(figure(`bundle.${name}`, Math.round(atStart / 1024), 'KB', '<=', maxBundleKb));
    console.log(`bundle.${name}.on_first_use  ${Math.round(onFirstUse / 1024)} KB  (information)`);
  }
  const baseline = await bundle('baseline', {
    contents: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  const { Item } = await db.send(new GetCommand({ TableName: ${JSON.stringify(benchTable)}, Key: ${JSON.stringify(baselineKey)} }));
  return { statusCode: 200, body: JSON.stringify(Item ?? null) };
};
`,
  });

  /** The function's deployed variables, with what Lambda sets, and AWS pointed at this machine. */
  const envOf = (fn: FunctionName): Record<string, string> => {
    const deployed = environments.get(fn);
    if (deployed === undefined) throw new Error(`no ${fn} function in the CDK app`);
    return {
      PATH: process.env.PATH ?? '',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_REGION: 'eu-west-3',
      AWS_DEFAULT_REGION: 'eu-west-3',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: `appui-bench-${fn}`,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(deployed.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/appui-bench-${fn}`,
      AWS_ACCESS_KEY_ID: 'ASIABENCHFUNCTION',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SESSION_TOKEN: 'bench',
      ...deployed.variables,
      AWS_ENDPOINT_URL: stub.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      OIDC_ISSUER: issuer.issuer,
      OIDC_JWKS_URL: stub.jwksUrl,
      OIDC_AUDIENCE: devAudience,
    };
  };

  // `APPUI_BENCH_ONLY=api,portal` measures those cold starts only (while working on one).
  const only = process.env.APPUI_BENCH_ONLY?.split(',');
  for (const measured of cases.filter((one) => only === undefined || only.includes(one.name))) {
    const file = bundles.get(measured.fn);
    if (file === undefined) throw new Error(`no bundle for ${measured.fn}`);
    const env = envOf(measured.fn);
    const eventFile = join(outDir, `${measured.name}.event.json`);
    writeFileSync(eventFile, JSON.stringify(measured.event));
    const baselineEvent = join(outDir, 'baseline.event.json');
    writeFileSync(baselineEvent, '{}');

    // A warm-up pair, checked: the first run writes what later runs find done (alerts, counters).
    const first = await coldStart(file, eventFile, env);
    if (!answered(measured.name, first.answer)) {
      throw new Error(
        `${measured.name} did not answer: ${JSON.stringify(first.answer).slice(0, 500)}`,
      );
    }
    if (!answered('baseline', (await coldStart(baseline.file, baselineEvent, env)).answer)) {
      throw new Error('the baseline did not answer');
    }
    const own: Run[] = [];
    const base: Run[] = [];
    for (let pair = 0; pair < pairs; pair += 1) {
      // In turn first and second, so that neither always follows the other.
      if (pair % 2 === 0) {
        own.push(await coldStart(file, eventFile, env));
        base.push(await coldStart(baseline.file, baselineEvent, env));
      } else {
        base.push(await coldStart(baseline.file, baselineEvent, env));
        own.push(await coldStart(file, eventFile, env));
      }
    }
    const ratio = (of: (one: Run) => number) =>
      median(own.map((one, index) => of(one) / of(base[index] ?? one)));
    const cpu = ratio((one) => one.cpu);
    console.log(
      figure(
        `coldstart.${measured.name}`,
        cpu,
        'ratio',
        '<=',
        budgets[measured.name] ?? otherBudget,
      ),
    );
    console.log(
      `coldstart.${measured.name}.wall  ${ratio((one) => one.wall).toFixed(2)} ratio  (information)`,
    );
    console.log(
      `coldstart.${measured.name}.import  ${ratio((one) => one.importCpu).toFixed(2)} ratio  (diagnostic)`,
    );
    console.error(
      `  ${measured.name}: ${median(own.map((one) => one.cpu)).toFixed(0)} ms CPU (${median(own.map((one) => one.wall)).toFixed(0)} ms wall), import ${median(own.map((one) => one.importCpu)).toFixed(0)} ms CPU; baseline ${median(base.map((one) => one.cpu)).toFixed(0)} ms CPU (${median(base.map((one) => one.wall)).toFixed(0)} ms wall), import ${median(base.map((one) => one.importCpu)).toFixed(0)} ms CPU; medians of ${pairs} pairs`,
    );
  }
} finally {
  await dynamo.stop();
  await stub.close();
  rmSync(outDir, { recursive: true, force: true });
}
