/**
 * The pages that hold no personal data, pre-rendered with `hono/ssg` into a folder: served from
 * S3 behind CloudFront in AWS, by the local server on `npm start`. Each page is `<path>.html`
 * (`index.html` for `/`); the stylesheet is `static/appui.css`.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Hono } from 'hono';
import { toSSG } from 'hono/ssg';
import { staticHeaders } from './headers.ts';
import { stylesheetPath } from './layout.tsx';
import { AccessibilityPage } from './pages/accessibility.tsx';
import { HelpPage } from './pages/help.tsx';
import { type DemoAccount, HomePage } from './pages/home.tsx';
import { PrivacyPage, type RetentionSettings } from './pages/privacy.tsx';
import { SignInPage } from './pages/sign-in.tsx';

export interface StaticSiteOptions {
  /** Listed on the home page of the local stack; none in AWS. */
  demoAccounts: readonly DemoAccount[];
  /** Where "Se connecter" leads: the identity provider's sign-in (the development issuer locally). */
  signInUrl: string;
  /** The retention periods the privacy notice states: the platform settings. */
  retention: RetentionSettings;
}

/** The stylesheet, read from the sources (the site is built on a machine, never in a Lambda). */
const stylesheet = () => readFile(new URL('./assets/appui.css', import.meta.url), 'utf8');

/** The pre-rendered pages, by path, and the file each becomes. */
export const staticPages = [
  '/',
  '/aide',
  '/accessibilite',
  '/confidentialite',
  '/connexion',
] as const;

export function fileOf(path: string): string {
  if (path === '/') return 'index.html';
  return extname(path) === '' ? `${path.slice(1)}.html` : path.slice(1);
}

/** The static pages as a Hono app: what `toSSG` renders. */
export function createStaticSite({ demoAccounts, signInUrl, retention }: StaticSiteOptions): Hono {
  return new Hono()
    .get('/', (c) => c.html(<HomePage demoAccounts={demoAccounts} />))
    .get('/aide', (c) => c.html(<HelpPage />))
    .get('/accessibilite', (c) => c.html(<AccessibilityPage />))
    .get('/confidentialite', (c) => c.html(<PrivacyPage retention={retention} />))
    .get('/connexion', (c) => c.html(<SignInPage signInUrl={signInUrl} />))
    .get(stylesheetPath, async (c) =>
      c.body(await stylesheet(), 200, { 'content-type': 'text/css' }),
    );
}

/** Renders the static pages into `outDir` (emptied first); returns the files written. */
export async function buildStaticSite(
  outDir: string,
  options: StaticSiteOptions,
): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  const result = await toSSG(
    createStaticSite(options),
    {
      writeFile: (path, data) => writeFile(path, data),
      mkdir: (path, mkdirOptions) => mkdir(path, mkdirOptions),
    },
    { dir: outDir },
  );
  if (!result.success) {
    throw new Error(`could not pre-render the static pages into ${outDir}`, {
      cause: result.error,
    });
  }
  return result.files;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Serves a built static site (the local server's stand-in for S3 and CloudFront), with the
 * headers CloudFront gives them in AWS.
 */
export function serveStaticSite(dir: string): Hono {
  const app = new Hono();
  for (const path of [...staticPages, stylesheetPath]) {
    const file = join(dir, fileOf(path));
    app.get(path, staticHeaders, async (c) => {
      const body = await readFile(file);
      return c.body(body, 200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=300',
      });
    });
  }
  return app;
}
