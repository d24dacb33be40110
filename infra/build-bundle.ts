/**
 * One bundle built with the functions' own esbuild settings (bundling.ts): a function's entry, or
 * a module given as source. The CDK (constructs/appui-function.ts), the bundle benchmark and the
 * bundles test all build through `bundleOptions`, so the benchmark and the test look at what is
 * deployed.
 *
 * A bundle is a folder: `index.mjs`, the entry Lambda loads at cold start, and `chunks/`, the code
 * it imports on first use (the Encryption SDK, the KMS and Cognito clients: `import()` in the
 * source, esbuild's splitting in the bundle).
 */
import { type BuildOptions, build } from 'esbuild';
import { esbuildSettings, projectRoot } from './bundling.ts';

/** What a bundle is built from: a function's entry (relative to the project), or source text. */
export type BundleInput = { entry: string } | { contents: string };

/** The file of a bundle that Lambda loads (its handler is `index.handler`). */
export const bundleEntryFile = 'index.mjs';

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

/** Builds the bundle into `outdir`; answers the path of its entry file. */
export async function buildBundle(outdir: string, input: BundleInput): Promise<string> {
  await build(bundleOptions(outdir, input));
  return `${outdir}/${bundleEntryFile}`;
}
