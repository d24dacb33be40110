/**
 * `npm run build:static [-- --out dist/static]`: pre-renders the portal's public pages for S3.
 * `APPUI_SIGN_IN_URL` is where "Se connecter" leads (the Cognito hosted sign-in in AWS; the
 * development issuer's page by default). `npm start` builds its own copy, with the demo accounts.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSettings } from '../shared/use-case.ts';
import { buildStaticSite } from './static-site.tsx';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist/static' } } });
const outDir = resolve(values.out);
const files = await buildStaticSite(outDir, {
  demoAccounts: [],
  signInUrl: process.env.APPUI_SIGN_IN_URL ?? '/dev/sign-in',
  retention: defaultSettings,
});
console.log(`Pre-rendered ${files.length} files into ${outDir}`);
