/**
 * The journey of a referral through a real browser: a prescriber files it, the structure-admin
 * accepts it with a référent, the référent signs the contract and writes in the journal. Each
 * step is a test of its own, in order, sharing the stack and the person; at the end the funder
 * finds the new person in the territory's figures, once the statistics projector has run. axe-core checks every page visited: no violation of WCAG 2.1 A or AA.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { Audit, launchChromium, signIn } from './support/browser.ts';
import { type PortalServer, startPortalServer } from './support/portal-stack.ts';

/** The person the journey follows: a name no demo person has, so every lookup finds only them. */
const person = { firstName: 'Rosemonde', lastName: 'Journey-Test' };
const fullName = `${person.firstName} ${person.lastName}`;

let stack: PortalServer;
let browser: Browser;
const audit = new Audit();
const contexts: BrowserContext[] = [];
/** What the browser refused under the Content-Security-Policy: nothing, if every page keeps to it. */
const cspViolations: string[] = [];

beforeAll(async () => {
  stack = await startPortalServer({ endpoint: inject('dynamoEndpoint') });
  browser = await launchChromium();
  // The territory's figures before the journey: the demo world, projected.
  await stack.project();
  supportedBefore = (await regionFigure('Personnes accompagnées')) ?? 0;
  entriesBefore = await regionFigure('Entrées');
}, 120_000);

let supportedBefore = 0;
let entriesBefore: number | undefined;

/** A figure of the region's row in the funder's summary for this year, from its CSV download. */
async function regionFigure(header: string): Promise<number | undefined> {
  const { cookie } = await stack.session(demoAccounts.reunionFunder);
  const response = await stack.app.request(`${stack.url}/financeur/export?table=synthese`, {
    headers: { cookie },
  });
  expect(response.status).toBe(200);
  const [headers = '', region = ''] = (await response.text()).slice(1).split('\r\n');
  const value = region.split(';')[headers.split(';').indexOf(header)];
  if (value === '< 5') return undefined;
  const figure = Number(value);
  if (!Number.isInteger(figure)) throw new Error(`${header} is not a whole count: ${value}`);
  return figure;
}

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stack?.stop();
});

/** A browser of its own for each person, the phone's width or the desk's. */
async function aBrowserFor(email: string, width: 375 | 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
  contexts.push(context);
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return signIn(context, stack.url, email, audit);
}

/** Checks the page as it stands: axe finds nothing; returns it for chaining. */
async function accessible(page: Page): Promise<Page> {
  const audited = await audit.of(page);
  expect(audited.violations, `axe on ${audited.url} (${audited.title})`).toEqual([]);
  return page;
}

async function submitAndWait(page: Page, button: string): Promise<void> {
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('load');
}

describe('a referral, from the prescriber to the journal', () => {
  it('lets a prescriber file a referral to a structure of the territory', async () => {
    const page = await aBrowserFor(demoAccounts.franceTravail, 375);
    expect(new URL(page.url()).pathname).toBe('/prescripteur');
    await accessible(page);

    await page.getByRole('link', { name: 'Adresser une personne', exact: true }).first().click();
    await accessible(page);
    await page.getByRole('link', { name: /Adresser une personne à Association Kaz/ }).click();
    await accessible(page);

    // Sent empty first: the error summary lists the fields, each linked.
    await submitAndWait(page, 'Envoyer la prescription');
    await accessible(page);
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.locator('a').count()).toBeGreaterThan(5);
    expect(await page.locator('.error-summary:focus').count()).toBe(1);

    await page.locator('#prescription-person-firstName').fill(person.firstName);
    await page.locator('#prescription-person-lastName').fill(person.lastName);
    await page.locator('#prescription-person-birthDate').fill('1984-03-22');
    await page.getByLabel('Femme').check();
    await page.locator('#prescription-person-phone').fill('0692 12 34 56');
    await page.locator('#prescription-person-postalCode').fill('97400');
    await page.locator('#prescription-person-city').fill('Saint-Denis');
    await page.locator('#prescription-situation-minimumIncome').selectOption('rsa');
    await page.locator('#prescription-situation-registeredWithFranceTravail').check();
    await page.getByLabel('Logement').check();
    await page.getByLabel('Mobilité').check();
    await page.getByLabel('Parent isolé').check();
    await page.getByLabel('En amont de l’emploi').check();
    await page
      .locator('#prescription-reason')
      .fill('Sans logement stable depuis six mois ; souhaite reprendre un emploi.');
    await page.locator('#prescription-consent').check();
    await submitAndWait(page, 'Envoyer la prescription');

    await accessible(page);
    expect(await page.getByRole('status').textContent()).toContain('La prescription a été envoyée');
    expect(await page.locator('h1').textContent()).toBe(`Prescription de ${fullName}`);
    expect(await page.locator('.facts').textContent()).toContain('Envoyée');

    await page.getByRole('link', { name: 'Mes prescriptions' }).first().click();
    await accessible(page);
    expect(await page.getByRole('link', { name: fullName }).count()).toBe(1);
  });

  it('lets the structure-admin accept it and choose the référent', async () => {
    const page = await aBrowserFor(demoAccounts.reunionAdmin, 1280);
    expect(new URL(page.url()).pathname).toBe('/structure');
    await accessible(page);

    await page.getByRole('link', { name: 'Prescriptions reçues' }).click();
    await accessible(page);
    await page.getByRole('link', { name: fullName }).click();
    await accessible(page);

    await page.locator('#accepter-referentId').selectOption({ label: 'Mickaël Payet' });
    await submitAndWait(page, 'Accepter et ouvrir le dossier');

    await accessible(page);
    expect(await page.locator('h1').textContent()).toBe(`Dossier de ${fullName}`);
    expect(await page.getByRole('status').textContent()).toContain('le dossier est ouvert');
    expect(await page.locator('.facts').first().textContent()).toContain('Mickaël Payet');
  });

  it('lets the référent sign the contract and add a journal entry', async () => {
    const page = await aBrowserFor(demoAccounts.reunionReferents[0], 1280);
    expect(new URL(page.url()).pathname).toBe('/structure');
    await accessible(page);

    await page.getByRole('link', { name: fullName }).click();
    await accessible(page);

    await page
      .locator('#contrat-objectives')
      .fill('Trouver un logement stable\nReprendre un emploi à temps partiel');
    await page.locator('#contrat-personCommitments').fill('Venir chaque semaine aux rendez-vous.');
    await page
      .locator('#contrat-structureCommitments')
      .fill('Un entretien par semaine et l’aide aux démarches.');
    await submitAndWait(page, 'Signer le contrat');
    await accessible(page);
    expect(await page.getByRole('status').textContent()).toContain('Le contrat est signé');
    expect(await page.locator('#contrat').textContent()).toContain('Trouver un logement stable');

    await page.locator('#journal-kind').selectOption('phone');
    await page.locator('#journal-durationMinutes').fill('20');
    await page.locator('#journal').getByLabel('Logement').check();
    await page.locator('#journal').getByLabel('Aide aux démarches').check();
    await page.locator('#journal').getByLabel('Bailleur').check();
    await page.locator('#journal-summary').fill('Point sur la demande de logement social.');
    await page.locator('#journal-privateNote').fill('À rappeler jeudi.');
    await submitAndWait(page, 'Ajouter au journal');

    await accessible(page);
    expect(await page.getByRole('status').textContent()).toContain(
      'L’entrée est ajoutée au journal',
    );
    const journal = await page.locator('#journal').textContent();
    expect(journal).toContain('Point sur la demande de logement social.');
    expect(journal).toContain('À rappeler jeudi.');
    expect(await page.locator('.facts').first().textContent()).toContain(
      'Contrat – première période',
    );
  });

  it('lets the structure-admin correct the person’s data, then export all of it', async () => {
    const page = await aBrowserFor(demoAccounts.reunionAdmin, 1280);
    await page.getByRole('link', { name: fullName }).click();
    await page.getByRole('link', { name: /Rectifier ces données/ }).click();
    await accessible(page);
    await page.locator('#rectification-person-city').fill('Le Port');
    await page.locator('#rectification-person-postalCode').fill('97420');
    await page.locator('#rectification-reason').fill('Déménagement signalé par la personne.');
    await submitAndWait(page, 'Enregistrer la rectification');
    await accessible(page);
    expect(await page.getByRole('status').textContent()).toContain(
      'La rectification est enregistrée',
    );
    expect(await page.locator('table:has(caption#historique)').textContent()).toContain('Le Port');

    await page.getByRole('link', { name: `Dossier de ${fullName}` }).click();
    await page.getByRole('link', { name: /Exporter toutes les données/ }).click();
    await accessible(page);
    expect(await page.locator('h1').textContent()).toBe(`Données personnelles de ${fullName}`);
    const content = await page.locator('main').textContent();
    // The notes, sealed in the table, in clear for the person: the private one too.
    expect(content).toContain('Point sur la demande de logement social.');
    expect(content).toContain('À rappeler jeudi.');
    expect(content).toContain('Déménagement signalé par la personne.');
  });

  it('shows the funder the new person on the territory’s dashboard', async () => {
    await stack.project();
    expect(await regionFigure('Personnes accompagnées')).toBe(supportedBefore + 1);
    // Early in January the year's entries may still be under 5, masked as "< 5" for a funder.
    if (entriesBefore !== undefined) expect(await regionFigure('Entrées')).toBe(entriesBefore + 1);

    const page = await aBrowserFor(demoAccounts.reunionFunder, 1280);
    expect(new URL(page.url()).pathname).toBe('/financeur');
    await accessible(page);
    expect(await page.locator('h1').textContent()).toBe(
      'Statistiques du territoire – Région La Réunion',
    );
    const regionRow = page.locator('table:has(caption#table-synthese) tbody tr').first();
    expect(await regionRow.locator('td').first().textContent()).toBe('La Réunion');
    expect(await regionRow.locator('td').nth(1).textContent()).toBe(String(supportedBefore + 1));
    expect(await page.locator('svg[role="img"]').count()).toBe(3);
    await page.getByLabel('Période').selectOption({ index: 1 });
    await submitAndWait(page, 'Afficher');
    await accessible(page);

    const phone = await aBrowserFor(demoAccounts.reunionAdmin, 375);
    await phone.goto(`${stack.url}/structure/statistiques`);
    await accessible(phone);
    expect(await phone.locator('h1').textContent()).toContain('Statistiques de la structure');
  });

  it('finds no accessibility violation and no CSP refusal on any page visited', () => {
    expect(cspViolations).toEqual([]);
    const withViolations = audit.pages.filter((page) => page.violations.length > 0);
    expect(withViolations).toEqual([]);
    expect(audit.pages.length).toBeGreaterThanOrEqual(15);
    console.log(
      `axe-core (${audit.pages.length} pages audited, WCAG 2.1 A and AA): ${withViolations.length} with violations`,
    );
  });
});
