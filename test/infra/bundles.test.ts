/**
 * The Lambda bundles as deployed (infra/bundling.ts): each one builds, imports in a fresh Node.js
 * process and answers, and what the build leaves out is out of every request's path.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cognito from '@aws-sdk/client-cognito-identity-provider';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as sesv2 from '@aws-sdk/client-sesv2';
import * as sts from '@aws-sdk/client-sts';
import { NormalizedSchema } from '@smithy/core/schema';
import type { SchemaRef } from '@smithy/types';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  esbuildSettings,
  type FunctionName,
  functionEntries,
  projectRoot,
} from '../../infra/bundling.ts';

const outDir = mkdtempSync(join(tmpdir(), 'appui-bundles-test-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function bundle(name: FunctionName): Promise<string> {
  const { external, ...settings } = esbuildSettings;
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    ...settings,
    mainFields: [...settings.mainFields],
    banner: { js: settings.banner },
    alias: { ...settings.alias },
    external: [...external],
    bundle: true,
    outfile,
    logLevel: 'error',
    absWorkingDir: projectRoot,
    entryPoints: [functionEntries[name]],
  });
  return outfile;
}

/** A closed local port: unless a test says otherwise, any AWS call fails and nothing leaves the machine. */
const nowhere = 'http://127.0.0.1:9';

/**
 * Runs `script` (ESM, `bundle` bound to the imported module) in a fresh process, as Lambda would,
 * with AWS reached at `endpoint`; answers what the script writes.
 */
function inFreshProcess(file: string, script: string, endpoint = nowhere): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--input-type=module',
        '--eval',
        `const bundle = await import(${JSON.stringify(pathToFileURL(file).href)}); ${script}`,
      ],
      { encoding: 'utf8', timeout: 60_000, env: lambdaEnvironment(endpoint) },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`the bundle failed: ${stderr}`, { cause: error }));
      },
    );
  });
}

function lambdaEnvironment(endpoint: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: 'ASIASMOKETEST',
    AWS_SECRET_ACCESS_KEY: 'smoke',
    AWS_SESSION_TOKEN: 'smoke',
    AWS_ENDPOINT_URL: endpoint,
    AWS_MAX_ATTEMPTS: '1',
    AWS_LAMBDA_FUNCTION_NAME: 'appui-smoke',
    APPUI_STAGE: 'smoke',
    TABLE_NAME: 'appui-smoke',
    OIDC_ISSUER: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Smoke0001',
    OIDC_AUDIENCE: 'smokeclient',
    USER_POOL_ID: 'eu-west-3_Smoke0001',
    TENANT_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-smoke-tenant-access',
    PRESCRIBER_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-smoke-prescriber-access',
    FUNDER_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-smoke-funder-access',
    PLATFORM_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-smoke-platform-access',
    APPUI_PUBLIC_URL: 'https://appui.example',
    POWERTOOLS_SERVICE_NAME: 'smoke',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

/** A DynamoDB that answers every call with an empty item, and remembers what it was asked. */
async function fakeDynamoDb(): Promise<{
  url: string;
  calls: IncomingHttpHeaders[];
  close(): void;
}> {
  const calls: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    calls.push(request.headers);
    request.resume();
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => server.close() };
}

describe('the Lambda bundles', () => {
  it.each(
    Object.keys(functionEntries).filter((name): name is FunctionName => name in functionEntries),
  )(
    '%s imports in a fresh process and exports its handler, without loading fetch',
    async (name) => {
      const file = await bundle(name);

      const answer = await inFreshProcess(
        file,
        'process.stdout.write(JSON.stringify({ handler: typeof bundle.handler, loaded: process.moduleLoadList }));',
      );

      const { handler, loaded } = z
        .object({ handler: z.string(), loaded: z.array(z.string()) })
        .parse(JSON.parse(answer));
      expect(handler).toBe('function');
      // Node's fetch (undici) costs some 20 ms to load: no function needs it to start.
      expect(loaded.filter((module) => module.includes('undici'))).toEqual([]);
    },
  );

  it('answers /health from the API bundle, its DynamoDB probe sent signed through the whole SDK', async () => {
    const file = await bundle('api');
    const dynamoDb = await fakeDynamoDb();
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/health',
      rawQueryString: '',
      headers: { host: 'appui.example' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'smoke',
        domainName: 'appui.example',
        domainPrefix: 'appui',
        http: {
          method: 'GET',
          path: '/health',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'smoke',
        },
        requestId: 'smoke',
        routeKey: '$default',
        stage: '$default',
        time: '23/Nov/2026:15:00:00 +0000',
        timeEpoch: 0,
      },
      isBase64Encoded: false,
    };

    const answer: unknown = JSON.parse(
      await inFreshProcess(
        file,
        `const answer = await bundle.handler(${JSON.stringify(event)}, {}); process.stdout.write(JSON.stringify(answer));`,
        dynamoDb.url,
      ).finally(() => dynamoDb.close()),
    );

    expect(answer).toMatchObject({ statusCode: 200 });
    expect(answer).toHaveProperty('body', expect.stringContaining('"dynamodb":{"status":"ok"'));
    expect(dynamoDb.calls).toEqual([
      expect.objectContaining({
        'x-amz-target': 'DynamoDB_20120810.GetItem',
        authorization: expect.stringContaining('Credential=ASIASMOKETEST/'),
      }),
    ]);
  });
});

describe('what the bundles leave out', () => {
  it('no operation of the AWS clients they hold has an event stream (infra/no-event-streams.ts)', () => {
    const operations = [cognito, dynamodb, sesv2, sts].flatMap((client) =>
      Object.entries(client).filter(
        (entry): entry is [string, [number, ...unknown[]]] =>
          entry[0].endsWith('$') && Array.isArray(entry[1]) && entry[1][0] === 9,
      ),
    );
    const withEventStreams = operations
      .filter(([, operation]) =>
        [operation[4], operation[5]].some(
          (shape) => isSchemaRef(shape) && NormalizedSchema.of(shape).getEventStreamMember() !== '',
        ),
      )
      .map(([name]) => name);

    expect(operations.length).toBeGreaterThan(100);
    expect(withEventStreams).toEqual([]);
  });
});

/** An operation's input or output: a schema, or a function answering it (SDK's static schemas). */
function isSchemaRef(shape: unknown): shape is SchemaRef {
  return typeof shape === 'function' || Array.isArray(shape) || typeof shape === 'number';
}
