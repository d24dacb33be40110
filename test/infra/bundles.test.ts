/**
 * The Lambda bundles as deployed (infra/bundling.ts): each one builds, imports in a fresh Node.js
 * process and answers, and what the build leaves out is out of every request's path.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cognito from '@aws-sdk/client-cognito-identity-provider';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as kms from '@aws-sdk/client-kms';
import * as sesv2 from '@aws-sdk/client-sesv2';
import * as sts from '@aws-sdk/client-sts';
import { NormalizedSchema } from '@smithy/core/schema';
import type { SchemaRef } from '@smithy/types';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApi } from '../../functions/api/app.ts';
import { buildBundle, bundleOptions } from '../../infra/build-bundle.ts';
import { type FunctionName, functionEntries } from '../../infra/bundling.ts';
import { makeLocalTenantKeys } from '../../shared/crypto/local-keys.ts';
import { makeDocumentClient } from '../../shared/data/client.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { unusedMailer } from '../support/mailer.ts';

const outDir = mkdtempSync(join(tmpdir(), 'appui-bundles-test-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Builds a function's bundle, or a module written here, with the functions' settings. */
function bundle(input: FunctionName | { name: string; contents: string }): Promise<string> {
  const name = typeof input === 'string' ? input : input.name;
  return buildBundle(
    join(outDir, name),
    typeof input === 'string' ? { entry: functionEntries[input] } : { contents: input.contents },
  );
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
    APPUI_NOTE_KEYS: 'kms',
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

/** An API Gateway (HTTP API, payload 2.0) GET of `path`, without a token. */
function apiGatewayEvent(path: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'appui.example' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'smoke',
      domainName: 'appui.example',
      domainPrefix: 'appui',
      http: {
        method: 'GET',
        path,
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

  it.each(['api', 'portal'] as const)(
    '%s loads the Encryption SDK, the KMS client and the Cognito client on first use only',
    async (name) => {
      const { metafile } = await build({
        ...bundleOptions(join(outDir, `${name}-graph`), { entry: functionEntries[name] }),
        metafile: true,
        write: false,
      });

      // What the entry file imports statically, chunk after chunk: what a cold start reads.
      const outputs = metafile.outputs;
      const entry = Object.keys(outputs).find((file) => file.endsWith('/index.mjs'));
      const loaded = new Set<string>();
      const pending = entry === undefined ? [] : [entry];
      for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
        if (loaded.has(file)) continue;
        loaded.add(file);
        for (const imported of outputs[file]?.imports ?? []) {
          if (imported.kind === 'import-statement' && !imported.external)
            pending.push(imported.path);
        }
      }
      const atColdStart = [...loaded].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {}));
      const lazily = Object.values(outputs).flatMap((output) => Object.keys(output.inputs));

      const heavy =
        /node_modules\/(@aws-crypto\/|@aws-sdk\/client-kms\/|@aws-sdk\/client-cognito-identity-provider\/)/;
      expect(entry).toBeDefined();
      expect(atColdStart.filter((input) => heavy.test(input))).toEqual([]);
      expect(lazily.filter((input) => heavy.test(input)).length).toBeGreaterThan(0);
    },
  );

  it('answers the OpenAPI document shipped at build time, the very one the app generates', async () => {
    const file = await bundle('api');
    const generated = await createApi({
      db: makeDocumentClient({ region: 'eu-west-3', endpoint: nowhere }),
      tableName: 'appui-smoke',
      now: () => new Date(),
      verifier: { verify: () => Promise.reject(new Error('no token here')) },
      settings: defaultSettings,
      provisioner: makeTableIdentityProvisioner(),
      mailer: unusedMailer,
    }).request('/api/v1/openapi.json');

    const answer = z
      .object({
        statusCode: z.number(),
        headers: z.record(z.string(), z.string()),
        body: z.string(),
      })
      .parse(
        JSON.parse(
          await inFreshProcess(
            file,
            `const answer = await bundle.handler(${JSON.stringify(apiGatewayEvent('/api/v1/openapi.json'))}, {}); process.stdout.write(JSON.stringify(answer));`,
          ),
        ),
      );

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe(generated.headers.get('content-type'));
    expect(answer.body).toBe(await generated.text());
    // Shipped beside the code, not in it: the cold start does not read it.
    expect(readFileSync(join(dirname(file), 'openapi.json'), 'utf8')).toBe(answer.body);
    expect(readFileSync(file, 'utf8')).not.toContain('"openapi":"3.1.0"');
  });

  it('answers /health from the API bundle, its DynamoDB probe sent signed through the whole SDK', async () => {
    const file = await bundle('api');
    const dynamoDb = await fakeDynamoDb();
    const event = apiGatewayEvent('/health');

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

/**
 * The crypto module the functions seal notes with (shared/crypto), built with the functions'
 * settings: the AWS Encryption SDK and the KMS client as published, bundled.
 */
const cryptoEntry = `
export { makeLocalTenantKeys } from './shared/crypto/local-keys.ts';
export { kmsClientsOf, makeKmsTenantKeys } from './shared/crypto/kms-keys.ts';
`;
let cryptoBundle: Promise<string> | undefined;
const cryptoModule = () => {
  cryptoBundle ??= bundle({ name: 'crypto', contents: cryptoEntry });
  return cryptoBundle;
};

const base64 = z.string().transform((text) => new Uint8Array(Buffer.from(text, 'base64')));
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Writes `value` as JSON for a script to read (a command line holds no 200 KB note). */
function dataFile(value: unknown): string {
  const path = join(outDir, `${randomUUID()}.json`);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** The expression, in a script, of what `dataFile` wrote at `path`. */
const readDataFile = (path: string) =>
  `JSON.parse(process.getBuiltinModule('node:fs').readFileSync(${JSON.stringify(path)}, 'utf8'))`;

/** Notes around the SDK's 4 KiB frames, accents and the empty note included. */
const noteTexts = [
  '',
  'Entretien du 3 mars : démarches CAF, logement — suite la semaine prochaine ✓',
  'a'.repeat(4_000),
  'b'.repeat(4_096),
  'c'.repeat(3 * 4_096 + 1),
  'd'.repeat(200_000),
];
const bindingOf = (index: number) => ({ field: 'summary', item: `CASE#c#JOURNAL#${index}` });

/** What each attempt to open a note gave: the text, or the error's name (and reason). */
const openingOutcome = z.union([
  z.object({ text: z.string() }),
  z.object({ error: z.string(), reason: z.string().optional() }),
]);

/** The note as sealed, then altered, cut short, and asked for at other places. */
function openingAttempts(sealed: Uint8Array): { binding: Binding; sealed: Uint8Array }[] {
  const flipped = new Uint8Array(sealed);
  const index = flipped.length - 20;
  flipped[index] = (flipped[index] ?? 0) ^ 1;
  return [
    { binding: bindingOf(0), sealed },
    { binding: bindingOf(0), sealed: flipped },
    { binding: bindingOf(0), sealed: sealed.slice(0, sealed.length - 10) },
    { binding: bindingOf(1), sealed },
    { binding: { field: 'decline.text', item: bindingOf(0).item }, sealed },
  ];
}

type Binding = ReturnType<typeof bindingOf>;

/** How an attempt ended, in the terms a script can print: the same code runs in the bundle. */
const outcomeOf = `async (opening) => {
  try {
    return { text: await opening };
  } catch (error) {
    return 'reason' in error ? { error: error.name, reason: String(error.reason) } : { error: error.name };
  }
}`;

describe('the Encryption SDK as the bundles hold it', () => {
  it('seals and opens notes of every size, in the very format of the unbundled SDK', async () => {
    const file = await cryptoModule();
    const dir = mkdtempSync(join(outDir, 'keys-'));
    const tenantId = randomUUID();
    const unbundled = makeLocalTenantKeys(dir);
    const texts = dataFile(noteTexts);

    const sealedByBundle = z.array(base64).parse(
      JSON.parse(
        await inFreshProcess(
          file,
          `const keys = bundle.makeLocalTenantKeys(${JSON.stringify(dir)});
          const sealed = [];
          for (const [index, text] of ${readDataFile(texts)}.entries()) {
            sealed.push(Buffer.from(await keys.seal(${JSON.stringify(tenantId)}, { field: 'summary', item: 'CASE#c#JOURNAL#' + index }, text)).toString('base64'));
          }
          process.stdout.write(JSON.stringify(sealed));`,
        ),
      ),
    );
    const sealedHere = dataFile(
      (
        await Promise.all(
          noteTexts.map((text, index) => unbundled.seal(tenantId, bindingOf(index), text)),
        )
      ).map(toBase64),
    );
    const openedByBundle = z.array(z.string()).parse(
      JSON.parse(
        await inFreshProcess(
          file,
          `const keys = bundle.makeLocalTenantKeys(${JSON.stringify(dir)});
          const opened = [];
          for (const [index, sealed] of ${readDataFile(sealedHere)}.entries()) {
            opened.push(await keys.unseal(${JSON.stringify(tenantId)}, { field: 'summary', item: 'CASE#c#JOURNAL#' + index }, new Uint8Array(Buffer.from(sealed, 'base64'))));
          }
          process.stdout.write(JSON.stringify(opened));`,
        ),
      ),
    );

    const openedHere = await Promise.all(
      sealedByBundle.map((sealed, index) => unbundled.unseal(tenantId, bindingOf(index), sealed)),
    );
    expect(openedHere).toEqual(noteTexts);
    expect(openedByBundle).toEqual(noteTexts);
  });

  it('refuses an altered, cut or misplaced note exactly as the unbundled SDK does', async () => {
    const file = await cryptoModule();
    const dir = mkdtempSync(join(outDir, 'keys-'));
    const tenantId = randomUUID();
    const unbundled = makeLocalTenantKeys(dir);
    const attempts = openingAttempts(
      await unbundled.seal(tenantId, bindingOf(0), noteTexts[1] ?? ''),
    );

    const inBundle = z.array(openingOutcome).parse(
      JSON.parse(
        await inFreshProcess(
          file,
          `const keys = bundle.makeLocalTenantKeys(${JSON.stringify(dir)});
          const outcomeOf = ${outcomeOf};
          const outcomes = [];
          for (const { binding, sealed } of ${JSON.stringify(attempts.map(({ binding, sealed }) => ({ binding, sealed: toBase64(sealed) })))}) {
            outcomes.push(await outcomeOf(keys.unseal(${JSON.stringify(tenantId)}, binding, new Uint8Array(Buffer.from(sealed, 'base64')))));
          }
          process.stdout.write(JSON.stringify(outcomes));`,
        ),
      ),
    );

    const here: z.infer<typeof openingOutcome>[] = [];
    for (const { binding, sealed } of attempts) {
      try {
        here.push({ text: await unbundled.unseal(tenantId, binding, sealed) });
      } catch (error: unknown) {
        if (!(error instanceof Error)) throw error;
        here.push(
          'reason' in error
            ? { error: error.name, reason: String(error.reason) }
            : { error: error.name },
        );
      }
    }
    expect(here[0]).toEqual({ text: noteTexts[1] });
    expect(here.slice(1).every((outcome) => 'error' in outcome)).toBe(true);
    expect(inBundle).toEqual(here);
  });

  it('seals and opens through KMS with the modular client, signed with the function’s credentials', async () => {
    const file = await cryptoModule();
    const kms = await fakeKms();
    const tenantId = randomUUID();

    const answer = z.object({ text: z.string(), sealed: base64 }).parse(
      JSON.parse(
        await inFreshProcess(
          file,
          `const keys = bundle.makeKmsTenantKeys({ stage: 'smoke', kms: bundle.kmsClientsOf('eu-west-3', () => undefined) });
            const binding = { field: 'summary', item: 'CASE#c#JOURNAL#0' };
            const sealed = await keys.seal(${JSON.stringify(tenantId)}, binding, 'Note confiée à KMS');
            const text = await keys.unseal(${JSON.stringify(tenantId)}, binding, sealed);
            process.stdout.write(JSON.stringify({ text, sealed: Buffer.from(sealed).toString('base64') }));`,
          kms.url,
        ).finally(() => kms.close()),
      ),
    );

    expect(answer.text).toBe('Note confiée à KMS');
    expect(kms.calls.map((call) => call.target)).toEqual([
      'TrentService.DescribeKey',
      'TrentService.GenerateDataKey',
      'TrentService.Decrypt',
    ]);
    for (const call of kms.calls) {
      expect(call.authorization).toContain('Credential=ASIASMOKETEST/');
    }
    expect(kms.calls[1]?.body).toMatchObject({ KeyId: kms.keyArn });
    expect(Object.values(kms.calls[1]?.body.EncryptionContext ?? {})).toContain(tenantId);
    expect(answer.sealed.byteLength).toBeGreaterThan(0);
  });
});

/** The members of a KMS request the fake reads. */
const kmsRequest = z.looseObject({
  KeyId: z.string().optional(),
  CiphertextBlob: z.string().optional(),
  EncryptionContext: z.record(z.string(), z.string()).optional(),
  NumberOfBytes: z.number().optional(),
});
type KmsRequest = z.infer<typeof kmsRequest>;

/**
 * A KMS that generates and decrypts data keys for one key, whatever its alias, binding each to
 * its encryption context; it remembers what it was asked.
 */
async function fakeKms(): Promise<{
  url: string;
  keyArn: string;
  calls: { target: string; authorization: string; body: KmsRequest }[];
  close(): void;
}> {
  const keyArn = `arn:aws:kms:eu-west-3:123456789012:key/${randomUUID()}`;
  const calls: { target: string; authorization: string; body: KmsRequest }[] = [];
  const request = kmsRequest;
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const target = String(incoming.headers['x-amz-target'] ?? '');
      const body = request.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      calls.push({ target, authorization: String(incoming.headers.authorization ?? ''), body });
      const answer = (status: number, json: unknown) =>
        response
          .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify(json));
      const context = JSON.stringify(Object.entries(body.EncryptionContext ?? {}).sort());
      if (target === 'TrentService.DescribeKey') {
        answer(200, {
          KeyMetadata: { KeyId: keyArn.split('/')[1], Arn: keyArn, KeyState: 'Enabled' },
        });
      } else if (target === 'TrentService.GenerateDataKey') {
        const plaintext = randomBytes(body.NumberOfBytes ?? 32);
        const blob = Buffer.from(JSON.stringify({ context, key: plaintext.toString('base64') }));
        answer(200, {
          KeyId: keyArn,
          Plaintext: plaintext.toString('base64'),
          CiphertextBlob: blob.toString('base64'),
        });
      } else if (target === 'TrentService.Decrypt') {
        const sealed = z
          .object({ context: z.string(), key: z.string() })
          .parse(JSON.parse(Buffer.from(body.CiphertextBlob ?? '', 'base64').toString('utf8')));
        if (sealed.context !== context || body.KeyId !== keyArn) {
          answer(400, { __type: 'InvalidCiphertextException', message: 'not this key or context' });
        } else answer(200, { KeyId: keyArn, Plaintext: sealed.key });
      } else answer(400, { __type: 'UnsupportedOperationException', message: target });
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, keyArn, calls, close: () => server.close() };
}

describe('what the bundles leave out', () => {
  it('no operation of the AWS clients they hold has an event stream (infra/no-event-streams.ts)', () => {
    const operations = [cognito, dynamodb, kms, sesv2, sts].flatMap((client) =>
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
