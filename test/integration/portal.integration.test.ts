/**
 * The portal's pages as a browser gets them: sessions, rights and errors as French pages with
 * the API's status codes, security headers, French formats, and the Lambda adapter.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { staticPages } from '../../web/static-site.tsx';
import { aPortalWorld, type PortalWorld } from '../e2e/support/portal-stack.ts';
import { aLambdaContext, anHttpApiEvent } from '../support/api-gateway.ts';

let world: PortalWorld;

beforeAll(async () => {
  world = await aPortalWorld({ endpoint: inject('dynamoEndpoint') });
});

afterAll(async () => {
  await world?.close();
});

async function get(email: string | undefined, path: string): Promise<Response> {
  const headers = email === undefined ? {} : { cookie: (await world.session(email)).cookie };
  return world.app.request(path, { headers });
}

const reunionCase = () => {
  const found = world.demo.cases.find(
    (supportCase) =>
      supportCase.tenantId === world.demo.structures[0]?.id && supportCase.phase === 'period-1',
  );
  if (found === undefined) throw new Error('no active case in La Réunion');
  return found;
};

describe('sessions and rights', () => {
  it.each([
    [demoAccounts.franceTravail, '/prescripteur'],
    [demoAccounts.reunionReferents[0], '/structure'],
    [demoAccounts.reunionAdmin, '/structure'],
  ])('sends %s from /espace to its own area', async (email, home) => {
    const response = await get(email, '/espace');

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(home);
  });

  it('answers a page without a session with a French 401 page that leads to the sign-in', async () => {
    const response = await get(undefined, '/structure');

    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Connexion nécessaire');
    expect(page).toContain('href="/connexion"');
  });

  it('answers a role outside the rights table with a 403 page, as the API does', async () => {
    const response = await get(demoAccounts.franceTravail, '/structure');

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Accès refusé');
  });

  it('keeps the access log to the structure-admin, and a référent to their own cases (404)', async () => {
    const supportCase = reunionCase();
    const other = world.demo.users.find(
      (user) =>
        user.tenantId === supportCase.tenantId &&
        user.role === 'referent' &&
        user.id !== supportCase.referentId,
    );
    if (other === undefined) throw new Error('no other référent');

    expect(
      (await get(demoAccounts.reunionAdmin, `/structure/dossiers/${supportCase.id}/acces`)).status,
    ).toBe(200);
    expect((await get(other.email, `/structure/dossiers/${supportCase.id}/acces`)).status).toBe(
      403,
    );
    expect((await get(other.email, `/structure/dossiers/${supportCase.id}`)).status).toBe(404);
    expect(
      (await get(demoAccounts.mainlandAdmin, `/structure/dossiers/${supportCase.id}`)).status,
    ).toBe(404);
  });

  it('answers an unknown page with a French 404 page, and the API with problem+json to a session cookie', async () => {
    const page = await get(demoAccounts.reunionAdmin, '/structure/nulle-part');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page introuvable');

    // The portal's cookie is no credential for the API: 401, whatever the path.
    const api = await get(demoAccounts.reunionAdmin, '/api/v1/nulle-part');
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('pages', () => {
  it('sends a strict CSP whose one inline script carries the nonce, and keeps pages out of caches', async () => {
    const response = await get(demoAccounts.reunionAdmin, '/structure');

    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).toContain(`<script nonce="${nonce}">`);
  });

  it('has no inline style anywhere, and links the privacy notice from every page', async () => {
    const supportCase = reunionCase();
    const paths: [string | undefined, string][] = [
      ...staticPages.map((path): [undefined, string] => [undefined, path]),
      [undefined, '/dev/sign-in'],
      [demoAccounts.franceTravail, '/prescripteur'],
      [demoAccounts.franceTravail, '/prescripteur/structures'],
      [demoAccounts.franceTravail, '/prescripteur/prescriptions/nouvelle'],
      [demoAccounts.reunionAdmin, '/structure'],
      [demoAccounts.reunionAdmin, '/structure/prescriptions'],
      [demoAccounts.reunionAdmin, '/structure/alertes'],
      [demoAccounts.reunionAdmin, '/structure/equipe'],
      [demoAccounts.reunionAdmin, `/structure/dossiers/${supportCase.id}`],
      [demoAccounts.reunionAdmin, `/structure/dossiers/${supportCase.id}/acces`],
    ];
    for (const [email, path] of paths) {
      const response = await get(email, path);
      expect(response.status, path).toBe(200);
      const page = await response.text();
      expect(page, path).not.toMatch(/\sstyle=|<style/);
      expect(page, path).toContain('href="/confidentialite"');
      expect(page, path).toMatch(/<title>[^<]+ – Appui<\/title>/);
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'");
    }
  });

  it('links the privacy notice beside the consent of the referral form', async () => {
    const page = await (
      await get(demoAccounts.franceTravail, '/prescripteur/prescriptions/nouvelle')
    ).text();

    const consent = page.slice(page.indexOf('name="consent"'));
    expect(consent.slice(0, 600)).toContain('href="/confidentialite"');
  });

  it('writes dates as 22/11/2026 and ages in the structure’s time zone', async () => {
    const supportCase = reunionCase();
    const page = await (
      await get(demoAccounts.reunionAdmin, `/structure/dossiers/${supportCase.id}`)
    ).text();

    const [year, month, day] = supportCase.person.birthDate.split('-');
    expect(page).toContain(`${day}/${month}/${year}`);
    expect(page).not.toMatch(/>\d{4}-\d{2}-\d{2}</);
  });

  it('draws a refused form again with its values and an error summary linked to each field', async () => {
    const { cookie, csrf } = await world.session(demoAccounts.franceTravail);
    const response = await world.app.request('/prescripteur/prescriptions', {
      method: 'POST',
      headers: {
        cookie,
        origin: world.publicUrl,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        _csrf: csrf,
        'person.firstName': 'Gaëlle',
        'person.postalCode': '974',
      }),
    });

    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('<title>Erreur – Nouvelle prescription – Appui</title>');
    expect(page).toContain('value="Gaëlle"');
    expect(page).toContain(
      'href="#prescription-person-lastName">Nom : ce champ est à renseigner</a>',
    );
    expect(page).toContain(
      'href="#prescription-person-postalCode">Code postal : code postal à 5 chiffres</a>',
    );
    expect(page).toContain('aria-invalid="true"');
  });
});

describe('functions/portal handler', () => {
  it('checks forms against the public origin, not the request’s host', async () => {
    vi.stubEnv('TABLE_NAME', world.tableName);
    vi.stubEnv('DYNAMODB_ENDPOINT', inject('dynamoEndpoint'));
    vi.stubEnv('OIDC_ISSUER', 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_test');
    vi.stubEnv('OIDC_AUDIENCE', 'appui-portal');
    vi.stubEnv('APPUI_PUBLIC_URL', 'https://portail.appui.test');
    const { handler } = await import('../../functions/portal/handler.ts');
    const form = (origin: string) =>
      anHttpApiEvent('POST', '/structure/equipe', {
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'firstName=X',
      });

    const home = await handler(anHttpApiEvent('GET', '/'), aLambdaContext);
    expect(home.statusCode).toBe(200);
    expect(home.headers?.['content-type']).toContain('text/html');
    const fromTheApiHost = await handler(form('https://api.appui.test'), aLambdaContext);
    expect(fromTheApiHost.statusCode).toBe(403);
    const fromThePortal = await handler(form('https://portail.appui.test'), aLambdaContext);
    expect(fromThePortal.statusCode).toBe(401);
    expect(fromThePortal.body).toContain('Connexion nécessaire');
  });
});
