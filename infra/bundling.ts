/**
 * How every Lambda is built, in one place: the CDK's `NodejsFunction`s (infra/constructs) and
 * the bundle benchmark (bench/bundle.bench.ts) read the same entries and the same esbuild
 * settings, so the benchmark measures what is deployed.
 */
import { fileURLToPath } from 'node:url';

/** The project's root: entries and the lock file are found from it. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every Lambda function of Appui and its entry point (each exports `handler`). */
export const functionEntries = {
  api: 'functions/api/handler.ts',
  portal: 'functions/portal/handler.ts',
  deadlines: 'functions/deadlines/handler.ts',
  retention: 'functions/retention/handler.ts',
  'stats-projector': 'functions/stats-projector/handler.ts',
  'auth-pre-token': 'functions/auth-pre-token/handler.ts',
} as const;
export type FunctionName = keyof typeof functionEntries;

/**
 * In Lambda the function role's credentials are in the environment: the SDK's default chain
 * (profiles, SSO, IMDS, web identity…) never reaches past it, and bundling that chain costs
 * some 130 KB per function. Every `@aws-sdk/credential-provider-node` import is replaced by the
 * environment provider alone.
 */
export const credentialsShim = fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url));

/**
 * zod with French as its only locale, without its schema compiler and JSON Schema reader
 * (lean-zod.ts): some 300 KB less in every function.
 */
export const leanZod = fileURLToPath(new URL('./lean-zod.ts', import.meta.url));

/**
 * The SDK's event-stream support, which none of Appui's clients uses (no-event-streams.ts): some
 * 15 KB less in every function.
 */
export const noEventStreams = fileURLToPath(new URL('./no-event-streams.ts', import.meta.url));

/**
 * The AWS Encryption SDK (shared/crypto) as Appui uses it: the committing suite that signs nothing
 * (`ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY`), keyrings given their own KMS clients.
 * Some 150 KB less in the functions that seal notes, and 6 ms less at their cold start:
 * - `bn.js` is the handful of its operations the SDK calls, on BigInt (lean-bn.ts): 44 KB less;
 * - `asn1.js` keeps only the `define` the SDK calls as it loads (no-asn1.ts): only the
 *   ECDSA-signing suites read or write DER, 67 KB less;
 * - `readable-stream` (a copy of Node 10's streams, 40 KB with its string decoder) is Node's own
 *   `node:stream`, with readable-stream's optional `pipeline` callback (node-streams.ts);
 * - `@aws-sdk/client-kms`'s aggregated `KMS` class, named only by the keyrings' default client
 *   supplier, has no methods (lean-client-kms.ts): 17 KB less;
 * - `@aws-crypto/decrypt-node` does not set up a decryption pipeline for nothing as it loads
 *   (lean-decrypt-node.ts).
 * test/infra/bundles.test.ts seals and opens notes through a bundle built with them.
 */
export const encryptionSdkAliases = {
  'bn.js': fileURLToPath(new URL('./lean-bn.ts', import.meta.url)),
  'asn1.js': fileURLToPath(new URL('./no-asn1.ts', import.meta.url)),
  'readable-stream': fileURLToPath(new URL('./node-streams.ts', import.meta.url)),
  '@aws-sdk/client-kms': fileURLToPath(new URL('./lean-client-kms.ts', import.meta.url)),
  '@aws-crypto/decrypt-node': fileURLToPath(new URL('./lean-decrypt-node.ts', import.meta.url)),
} as const;

/** The esbuild settings of every function: ESM for Node.js 24, minified, with source maps, the AWS SDK inside. */
export const esbuildSettings = {
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  /** ESM bundles still hold CommonJS packages that call `require`. */
  banner:
    "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** Nothing is left to the runtime's copy of the SDK: the versions are the lock file's. */
  external: [] as string[],
  alias: {
    '@aws-sdk/credential-provider-node': credentialsShim,
    zod: leanZod,
    '@smithy/core/event-streams': noEventStreams,
    ...encryptionSdkAliases,
  },
} as const;
