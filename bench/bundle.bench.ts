/**
 * What each Lambda costs to ship and to start: every function is built with the CDK's own
 * esbuild settings (infra/bundling.ts), then
 * - `bundle.<function>`: the minified bundle's size (budget 600 KB);
 * - `coldstart.<function>`: the CPU time a fresh Node.js process takes to import it (median of
 *   10), divided by the same for a bundle holding only a bare DynamoDB client (budget 2×). CPU
 *   time, because the wall clock of a shared machine measures its neighbours too.
 * Bundles go to a temporary folder, removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundle } from '../infra/build-bundle.ts';
import { type FunctionName, functionEntries } from '../infra/bundling.ts';
import { figure } from './figures.ts';

const maxBundleKb = 600;
const maxColdStartRatio = 2;
const runs = 10;

/** What a function reads at cold start, as in AWS (no value here reaches the network). */
const lambdaEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'ASIABENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'benchmark',
  AWS_SESSION_TOKEN: 'benchmark',
  AWS_LAMBDA_FUNCTION_NAME: 'appui-bench',
  APPUI_STAGE: 'bench',
  APPUI_NOTE_KEYS: 'kms',
  TABLE_NAME: 'appui-bench',
  OIDC_ISSUER: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Bench0001',
  OIDC_AUDIENCE: 'benchclient',
  USER_POOL_ID: 'eu-west-3_Bench0001',
  TENANT_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-tenant-access',
  PRESCRIBER_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-prescriber-access',
  FUNDER_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-funder-access',
  PLATFORM_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-platform-access',
  APPUI_PUBLIC_URL: 'https://appui.example',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

const outDir = mkdtempSync(join(tmpdir(), 'appui-bundles-'));

function bundle(name: string, input: { entry: string } | { contents: string }): Promise<string> {
  return buildBundle(join(outDir, name), input);
}

/**
 * What a fresh process spends importing `file`: CPU milliseconds (user and system), which other
 * processes on a shared machine disturb far less than the wall clock, and wall milliseconds.
 */
function importTime(file: string): { cpu: number; wall: number } {
  const probe = [
    'const cpu = process.cpuUsage();',
    'const started = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const wall = performance.now() - started;',
    'const used = process.cpuUsage(cpu);',
    'process.stdout.write(JSON.stringify({ cpu: (used.user + used.system) / 1000, wall }));',
  ].join(' ');
  const run = spawnSync(process.execPath, ['--input-type=module', '--eval', probe], {
    env: lambdaEnvironment,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  const { cpu, wall }: { cpu: unknown; wall: unknown } = JSON.parse(run.stdout);
  if (typeof cpu !== 'number' || typeof wall !== 'number') {
    throw new Error(`importing ${file} answered ${run.stdout}`);
  }
  return { cpu, wall };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return ((sorted[Math.floor(middle - 0.5)] ?? 0) + (sorted[Math.ceil(middle - 0.5)] ?? 0)) / 2;
};

try {
  const baseline = await bundle('baseline', {
    contents:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = new DynamoDBClient({});\n",
  });
  const names = Object.keys(functionEntries).filter(
    (name): name is FunctionName => name in functionEntries,
  );
  const bundles = new Map<FunctionName, string>();
  for (const name of names) {
    const file = await bundle(name, { entry: functionEntries[name] });
    bundles.set(name, file);
    console.log(
      figure(`bundle.${name}`, Math.round(statSync(file).size / 1024), 'KB', '<=', maxBundleKb),
    );
  }

  // Each function's runs alternate with the baseline's, so both see the same machine load.
  importTime(baseline);
  for (const [name, file] of bundles) {
    const own: { cpu: number; wall: number }[] = [];
    const base: { cpu: number; wall: number }[] = [];
    for (let run = 0; run < runs; run += 1) {
      own.push(importTime(file));
      base.push(importTime(baseline));
    }
    const cpu = (times: { cpu: number }[]) => median(times.map((time) => time.cpu));
    const wall = (times: { wall: number }[]) => median(times.map((time) => time.wall));
    const ratio = cpu(own) / cpu(base);
    console.error(
      `  ${name}: import ${cpu(own).toFixed(1)} ms CPU (${wall(own).toFixed(1)} ms wall), baseline ${cpu(base).toFixed(1)} ms CPU (${wall(base).toFixed(1)} ms wall); medians of ${runs}`,
    );
    console.log(figure(`coldstart.${name}`, ratio, 'ratio', '<=', maxColdStartRatio));
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
