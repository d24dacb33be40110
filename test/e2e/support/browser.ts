/**
 * A real headless Chromium (Debian's package, driven by playwright-core) and axe-core on every
 * page a test visits: WCAG 2.1 levels A and AA.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium as CI runs it; `extraArgs` for a script's needs (the interface in French). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      ...extraArgs,
    ],
  });
}

export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AuditedPage {
  url: string;
  title: string;
  violations: { id: string; impact: string | null | undefined; help: string; targets: string[] }[];
}

/** Every page a journey visits, with what axe found there. */
export class Audit {
  readonly pages: AuditedPage[] = [];

  async of(page: Page): Promise<AuditedPage> {
    const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    const audited: AuditedPage = {
      url: new URL(page.url()).pathname,
      title: await page.title(),
      violations: results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      })),
    };
    this.pages.push(audited);
    return audited;
  }
}

/** Signs a demo user in through the development sign-in page, as a person would. */
export async function signIn(
  context: BrowserContext,
  baseUrl: string,
  email: string,
  audit?: Audit,
) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/dev/sign-in`);
  await audit?.of(page);
  await page.locator(`button[name="email"][value="${email}"]`).click();
  await page.waitForURL(`${baseUrl}/dev/sign-in`);
  await page.getByRole('link', { name: 'Aller au portail' }).click();
  await page.waitForLoadState();
  return page;
}
