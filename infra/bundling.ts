/**
 * How every Lambda is built, in one place: the CDK's functions (infra/constructs) and
 * the cold-start benchmark (bench/coldstart.bench.ts) read the same entries and the same esbuild
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
 * The SDK's event-stream support, which none of Appui's clients uses (no-event-streams.ts): some
 * 15 KB less in every function.
 */
export const noEventStreams = fileURLToPath(new URL('./no-event-streams.ts', import.meta.url));

/**
 * The esbuild settings of every function: ESM for Node.js 24, minified, with source maps, the AWS
 * SDK inside. Third-party code is bundled as published: the two aliases only leave out what a
 * Lambda never runs (the credential chain past the environment, event streams).
 */
export const esbuildSettings = {
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  /** What a function imports on first use (`import()`) is a chunk of its own, read when first used. */
  splitting: true,
  /** ESM bundles still hold CommonJS packages that call `require`. */
  banner:
    "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** Nothing is left to the runtime's copy of the SDK: the versions are the lock file's. */
  external: [] as string[],
  alias: {
    '@aws-sdk/credential-provider-node': credentialsShim,
    '@smithy/core/event-streams': noEventStreams,
  },
} as const;
