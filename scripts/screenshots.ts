/**
 * `npm run screenshots`: the portal's main pages at 1280 px and 375 px wide, written as PNG into
 * docs/screenshots/. It starts its own DynamoDB Local (in memory), seeds the demo world, raises
 * the day's deadlines, serves the local app on a free port and drives Debian's Chromium.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoAccounts } from '../infra/local/demo-data.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { dateIn } from '../shared/common/dates.ts';
import { makeSweep } from '../shared/deadlines/sweep.ts';
import { launchChromium, signIn } from '../test/e2e/support/browser.ts';
import { type PortalServer, startPortalServer } from '../test/e2e/support/portal-stack.ts';

const outDir = resolve('docs/screenshots');
const widths = [1280, 375] as const;

interface Shot {
  name: string;
  /** Who is signed in; nobody for the public pages. */
  as?: string;
  path: (stack: PortalServer) => string;
  /** Something to do on the page first (send a form empty, to show its errors). */
  before?: (page: Page) => Promise<void>;
}

function reunionIds(stack: PortalServer) {
  const reunion = stack.demo.structures[0]?.id;
  const submitted = stack.demo.referrals.find(
    (referral) => referral.tenantId === reunion && referral.status === 'submitted',
  );
  const referentId = stack.user(demoAccounts.reunionReferents[1]).id;
  const active = stack.demo.cases.find(
    (supportCase) =>
      supportCase.tenantId === reunion &&
      supportCase.phase === 'period-1' &&
      supportCase.referentId === referentId,
  );
  if (reunion === undefined || submitted === undefined || active === undefined) {
    throw new Error('the demo world lacks a pending referral or an active case in La Réunion');
  }
  return { reunion, referral: submitted.id, caseId: active.id };
}

const shots: Shot[] = [
  { name: 'accueil', path: () => '/' },
  { name: 'donnees-personnelles', path: () => '/confidentialite' },
  {
    name: 'prescripteur-prescriptions',
    as: demoAccounts.franceTravail,
    path: () => '/prescripteur',
  },
  {
    name: 'prescripteur-structures',
    as: demoAccounts.franceTravail,
    path: () => '/prescripteur/structures',
  },
  {
    name: 'prescripteur-nouvelle-prescription-erreurs',
    as: demoAccounts.franceTravail,
    path: (stack) => `/prescripteur/prescriptions/nouvelle?structure=${reunionIds(stack).reunion}`,
    before: async (page) => {
      await page.getByRole('button', { name: 'Envoyer la prescription' }).click();
      await page.waitForLoadState('load');
    },
  },
  { name: 'structure-dossiers', as: demoAccounts.reunionAdmin, path: () => '/structure' },
  {
    name: 'structure-prescriptions-recues',
    as: demoAccounts.reunionAdmin,
    path: () => '/structure/prescriptions',
  },
  {
    name: 'structure-prescription',
    as: demoAccounts.reunionAdmin,
    path: (stack) => `/structure/prescriptions/${reunionIds(stack).referral}`,
  },
  {
    name: 'structure-dossier',
    as: demoAccounts.reunionReferents[1],
    path: (stack) => `/structure/dossiers/${reunionIds(stack).caseId}`,
  },
  {
    name: 'structure-rectification',
    as: demoAccounts.reunionAdmin,
    path: (stack) => `/structure/dossiers/${reunionIds(stack).caseId}/rectification`,
  },
  {
    name: 'structure-export-donnees',
    as: demoAccounts.reunionAdmin,
    path: (stack) => `/structure/personnes/${reunionIds(stack).caseId}/export`,
  },
  {
    name: 'structure-alertes',
    as: demoAccounts.reunionReferents[1],
    path: () => '/structure/alertes',
  },
  { name: 'structure-equipe', as: demoAccounts.reunionAdmin, path: () => '/structure/equipe' },
  {
    name: 'structure-statistiques',
    as: demoAccounts.reunionAdmin,
    path: () => '/structure/statistiques',
  },
  { name: 'financeur-tableau-de-bord', as: demoAccounts.reunionFunder, path: () => '/financeur' },
];

async function shoot(browser: Browser, stack: PortalServer, shot: Shot): Promise<string[]> {
  const written: string[] = [];
  for (const width of widths) {
    const context = await browser.newContext({
      viewport: { width, height: width === 375 ? 812 : 900 },
      locale: 'fr-FR',
      deviceScaleFactor: 1,
    });
    // Signed in through the development sign-in page, as a person would.
    const page =
      shot.as === undefined ? await context.newPage() : await signIn(context, stack.url, shot.as);
    await page.goto(`${stack.url}${shot.path(stack)}`);
    if (shot.before !== undefined) await shot.before(page);
    const file = join(outDir, `${shot.name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    written.push(file);
    await context.close();
  }
  return written;
}

const dynamo = await startDynamoDbLocal();
let stack: PortalServer | undefined;
let browser: Browser | undefined;
try {
  stack = await startPortalServer({ endpoint: dynamo.endpoint });
  await makeSweep({ db: stack.adminDb, tableName: stack.tableName, now: stack.now })({
    date: dateIn('Indian/Reunion', stack.now()),
  });
  // The dashboards read what the statistics projector keeps.
  await stack.project();
  // French date fields (JJ/MM/AAAA), as the portal's users see them.
  browser = await launchChromium(['--lang=fr-FR']);
  await mkdir(outDir, { recursive: true });
  for (const shot of shots) {
    for (const file of await shoot(browser, stack, shot)) console.log(`wrote ${file}`);
  }
} finally {
  await browser?.close();
  await stack?.stop();
  await dynamo.stop();
}
