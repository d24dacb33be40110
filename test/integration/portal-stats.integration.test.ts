/**
 * The portal's statistics pages: a funder's territory and a structure-admin's structure, their
 * CSV downloads, who may see them, and bad periods or tables refused as French pages.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { aPortalWorld, type PortalWorld } from '../e2e/support/portal-stack.ts';

let world: PortalWorld;

beforeAll(async () => {
  world = await aPortalWorld({ endpoint: inject('dynamoEndpoint') });
  await world.project();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

async function get(email: string, path: string): Promise<Response> {
  const { cookie } = await world.session(email);
  return world.app.request(path, { headers: { cookie } });
}

describe('the statistics pages', () => {
  it('send a funder from /espace to its territory’s dashboard, with three charts', async () => {
    const home = await get(demoAccounts.reunionFunder, '/espace');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/financeur');
    const page = await get(demoAccounts.reunionFunder, '/financeur?period=2026');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Statistiques du territoire – Région La Réunion');
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(3);
    expect(html).toContain('cible 60 %');
    expect(html).not.toContain('style=');
  });

  it('show a structure-admin its own figures, unmasked', async () => {
    const page = await get(demoAccounts.reunionAdmin, '/structure/statistiques');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Statistiques de la structure – Association Kaz’Emploi');
    expect(html).not.toContain('&lt; 5');
  });

  it('give each table as CSV for a French spreadsheet', async () => {
    const response = await get(demoAccounts.reunionFunder, '/financeur/export?table=sorties');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toMatch(/^Périmètre;Sorties;/);
  });

  it('are refused to the other roles', async () => {
    expect((await get(demoAccounts.reunionReferents[0], '/structure/statistiques')).status).toBe(
      403,
    );
    expect((await get(demoAccounts.franceTravail, '/financeur')).status).toBe(403);
    expect((await get(demoAccounts.reunionAdmin, '/financeur/export?table=sorties')).status).toBe(
      403,
    );
  });

  it('refuse a bad period or table with a French page', async () => {
    const period = await get(demoAccounts.reunionFunder, '/financeur?period=2026-13');
    expect(period.status).toBe(422);
    expect(period.headers.get('content-type')).toContain('text/html');
    const table = await get(demoAccounts.reunionFunder, '/financeur/export?table=inconnu');
    expect(table.status).toBe(404);
  });
});
