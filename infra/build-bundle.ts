/**
 * One bundle built with the functions' own esbuild settings (bundling.ts): a function's entry, or
 * a module given as source. The CDK (constructs/appui-function.ts), the cold-start benchmark and the
 * bundles test all build through `bundleOptions`, so the benchmark and the test look at what is
 * deployed.
 *
 * A bundle is a folder: `index.mjs`, the entry Lambda loads at cold start, and `chunks/`, the code
 * it imports on first use (the Encryption SDK, the KMS and Cognito clients: `import()` in the
 * source, esbuild's splitting in the bundle), and for the api `openapi.json`, its OpenAPI
 * document generated at build time.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync } from 'esbuild';
import { esbuildSettings, functionEntries, projectRoot } from './bundling.ts';

/** What a bundle is built from: a function's entry (relative to the project), or source text. */
export type BundleInput = { entry: string } | { contents: string };

/** The file of a bundle that Lambda loads (its handler is `index.handler`). */
export const bundleEntryFile = 'index.mjs';

let openApiDocument: string | undefined;

/** The API's OpenAPI document (openapi-document.ts), generated once per process, synchronously. */
function openApiDocumentAtBuildTime(): string {
  if (openApiDocument === undefined) {
    const script = fileURLToPath(new URL('./openapi-document.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: projectRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`generating the OpenAPI document failed: ${run.stderr}`);
    openApiDocument = run.stdout;
  }
  return openApiDocument;
}

export function bundleOptions(outdir: string, input: BundleInput): BuildOptions {
  const { external, ...settings } = esbuildSettings;
  return {
    ...settings,
    mainFields: [...settings.mainFields],
    banner: { js: settings.banner },
    alias: { ...settings.alias },
    external: [...external],
    bundle: true,
    outdir,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
    absWorkingDir: projectRoot,
    ...('entry' in input
      ? { entryPoints: [input.entry] }
      : { stdin: { contents: input.contents, resolveDir: projectRoot, loader: 'ts' } }),
  };
}

/** The file beside the api's entry that holds its OpenAPI document (functions/api/handler.ts). */
export const openApiDocumentFile = 'openapi.json';

/**
 * What a bundle ships besides its code: for the api, its OpenAPI document, generated now rather
 * than by the function as it runs.
 */
export function writeBundleAssets(outdir: string, input: BundleInput): void {
  if ('entry' in input && input.entry === functionEntries.api) {
    writeFileSync(join(outdir, openApiDocumentFile), openApiDocumentAtBuildTime());
  }
}

/** Builds the bundle into `outdir`; answers the path of its entry file. */
export async function buildBundle(outdir: string, input: BundleInput): Promise<string> {
  await build(bundleOptions(outdir, input));
  writeBundleAssets(outdir, input);
  return join(outdir, bundleEntryFile);
}

/** The same, synchronously: the CDK's local bundling cannot wait. */
export function buildBundleSync(outdir: string, input: BundleInput): string {
  buildSync(bundleOptions(outdir, input));
  writeBundleAssets(outdir, input);
  return join(outdir, bundleEntryFile);
}
