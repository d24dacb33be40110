/**
 * The person's rights in the portal: the rectification form (drawn with the person's current
 * values, refused field by field, then saved into the history) and the export, as a printable
 * French page and as JSON, for the structure-admin only.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import type { SupportCase } from '../../shared/cases/case.ts';
import { aPortalWorld, type PortalWorld } from '../e2e/support/portal-stack.ts';

let world: PortalWorld;
let supportCase: SupportCase;

beforeAll(async () => {
  world = await aPortalWorld({ endpoint: inject('dynamoEndpoint') });
  const reunionId = world.demo.structures[0]?.id ?? '';
  const found = world.demo.cases.find(
    (candidate) => candidate.tenantId === reunionId && candidate.phase === 'period-1',
  );
  if (found === undefined) throw new Error('a demo case in period 1 expected');
  supportCase = found;
});

afterAll(async () => {
  await world?.close();
});

async function get(email: string, path: string): Promise<Response> {
  const { cookie } = await world.session(email);
  return world.app.request(path, { headers: { cookie } });
}

async function post(email: string, path: string, fields: Record<string, string>) {
  const session = await world.session(email);
  return world.app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: world.publicUrl,
      cookie: session.cookie,
    },
    body: new URLSearchParams({ ...fields, _csrf: session.csrf }),
  });
}

describe('rectification in the portal', () => {
  it('draws the form with the person’s values, refuses a blank reason, then saves into the history', async () => {
    const path = `/structure/dossiers/${supportCase.id}/rectification`;
    const page = await (await get(demoAccounts.reunionAdmin, path)).text();
    expect(page).toContain('Rectifier les données de la personne');
    expect(page).toContain(`value="${supportCase.person.lastName}"`);
    expect(page).toContain('Aucune rectification');
    const version = /name="version" value="(\d+)"/.exec(page)?.[1] ?? '';
    const fields = {
      version,
      'person.firstName': supportCase.person.firstName,
      'person.lastName': supportCase.person.lastName,
      'person.birthDate': supportCase.person.birthDate,
      'person.gender': supportCase.person.gender,
      'person.phone': '',
      'person.email': supportCase.person.email ?? '',
      'person.postalCode': '97420',
      'person.city': 'Le Port',
      'situation.minimumIncome': supportCase.situation.minimumIncome,
      'situation.registeredWithFranceTravail': supportCase.situation.registeredWithFranceTravail
        ? 'oui'
        : 'non',
      reason: '',
    };

    const refused = await post(demoAccounts.reunionAdmin, path, fields);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Motif de la rectification');

    const saved = await post(demoAccounts.reunionAdmin, path, {
      ...fields,
      reason: 'Déménagement signalé par la personne.',
    });
    expect(saved.status, await saved.clone().text()).toBe(303);
    expect(saved.headers.get('location')).toBe(`${path}?enregistre`);

    const after = (
      await (await get(demoAccounts.reunionAdmin, `${path}?enregistre`)).text()
    ).replace(/\s+/g, ' ');
    expect(after).toContain('La rectification est enregistrée');
    expect(after).toContain(`Commune : ${supportCase.person.city} → Le Port`);
    expect(after).toContain('Déménagement signalé par la personne.');
    if (supportCase.person.phone !== undefined) {
      expect(after).toContain(`Téléphone : ${supportCase.person.phone} → (vide)`);
    }
    expect(after).toContain('value="Le Port"');
  }, 60_000);
});

describe('export in the portal', () => {
  it('gives the structure-admin a printable page and the JSON, and the référent neither', async () => {
    const path = `/structure/personnes/${supportCase.id}/export`;
    const page = (await (await get(demoAccounts.reunionAdmin, path)).text()).replace(/\s+/g, ' ');
    expect(page).toContain(`Données personnelles de ${supportCase.person.firstName}`);
    expect(page).toContain('Journal de l’accompagnement');
    expect(page).toContain('article 15 du RGPD');
    expect(page).not.toContain('[note chiffrée]');
    expect(page).toContain('Qui a consulté ou modifié le dossier');

    const json = await get(demoAccounts.reunionAdmin, `${path}.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toContain('attachment');
    const data: unknown = await json.json();
    expect(data).toMatchObject({ referral: { id: supportCase.id } });

    const referent = await get(demoAccounts.reunionReferents[0], path);
    expect(referent.status).toBe(403);
  }, 60_000);
});
