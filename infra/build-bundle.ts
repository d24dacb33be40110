/**
 * One bundle built with the functions' own esbuild settings (bundling.ts), as the CDK builds
 * them: a function's entry, or a module given as source. The bundle benchmark and the bundles
 * test both build through it, so both look at what is deployed.
 */
import { build } from 'esbuild';
import { esbuildSettings, projectRoot } from './bundling.ts';

export async function buildBundle(
  outfile: string,
  input: { entry: string } | { contents: string },
): Promise<string> {
  const { external, ...settings } = esbuildSettings;
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
    ...('entry' in input
      ? { entryPoints: [input.entry] }
      : { stdin: { contents: input.contents, resolveDir: projectRoot, loader: 'ts' } }),
  });
  return outfile;
}
