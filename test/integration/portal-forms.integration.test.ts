/**
 * Every form of the portal, refused without its CSRF token or from another origin (403, nothing
 * written), accepted with them (the control: the same post writes); and `<script>` typed in every
 * text field, shown escaped wherever it appears.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import type { SupportCase } from '../../shared/cases/case.ts';
import { addDays, dateIn } from '../../shared/common/dates.ts';
import { makeSweep } from '../../shared/deadlines/sweep.ts';
import { sessionCookieName } from '../../shared/http/auth.ts';
import type { Referral } from '../../shared/referrals/referral.ts';
import { aPortalWorld, type PortalWorld } from '../e2e/support/portal-stack.ts';

let world: PortalWorld;
let reunionId: string;

beforeAll(async () => {
  world = await aPortalWorld({ endpoint: inject('dynamoEndpoint') });
  reunionId = world.demo.structures[0]?.id ?? '';
  // The morning sweep raises the demo's deadlines: alerts to acknowledge.
  await makeSweep({ db: world.adminDb, tableName: world.tableName, now: world.now })({
    date: dateIn('Indian/Reunion', world.now()),
  });
});

afterAll(async () => {
  await world?.close();
});

type Fields = Record<string, string | readonly string[]>;

function body(fields: Fields): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
  }
  return params;
}

/** Posts a form as a browser of `email` would, with or without its token, from an origin. */
async function post(
  email: string | undefined,
  path: string,
  fields: Fields,
  { token = true, origin = world.publicUrl }: { token?: boolean; origin?: string | null } = {},
): Promise<Response> {
  const session = email === undefined ? undefined : await world.session(email);
  return world.app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(origin === null ? {} : { origin }),
      ...(session === undefined ? {} : { cookie: session.cookie }),
    },
    body: body(token && session !== undefined ? { ...fields, _csrf: session.csrf } : fields),
  });
}

async function get(email: string, path: string): Promise<Response> {
  const { cookie } = await world.session(email);
  return world.app.request(path, { headers: { cookie } });
}

/** Every item of the table, in a stable order: what "nothing written" is checked against. */
async function tableContents(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await world.adminDb.send(
      new ScanCommand({
        TableName: world.tableName,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items
    .map((item) => JSON.stringify(item, Object.keys(item).sort()))
    .sort()
    .join('\n');
}

const reunion = () => ({
  submitted: world.demo.referrals.filter(
    (referral: Referral) => referral.tenantId === reunionId && referral.status === 'submitted',
  ),
  cases: world.demo.cases.filter((supportCase: SupportCase) => supportCase.tenantId === reunionId),
});

/** The current version of a case, as its page's forms carry it. */
async function versionOf(caseId: string, email = demoAccounts.reunionAdmin): Promise<string> {
  const page = await (await get(email, `/structure/dossiers/${caseId}`)).text();
  const version = /name="version" value="(\d+)"/.exec(page)?.[1];
  if (version === undefined) throw new Error(`no version on the page of case ${caseId}`);
  return version;
}

interface FormCase {
  name: string;
  who: string;
  path: () => string;
  fields: () => Promise<Fields>;
}

function aCaseIn(
  phase: SupportCase['phase'],
  which = 0,
  also: (c: SupportCase) => boolean = () => true,
) {
  const found = reunion().cases.filter((c) => c.phase === phase && also(c))[which];
  if (found === undefined) throw new Error(`no demo case in ${phase}`);
  return found;
}

const today = () => dateIn('Indian/Reunion', world.now());

describe('CSRF', () => {
  const forms: FormCase[] = [
    {
      name: 'the referral form',
      who: demoAccounts.franceTravail,
      path: () => '/prescripteur/prescriptions',
      fields: async () => ({
        structureId: reunionId,
        'person.firstName': 'Aline',
        'person.lastName': 'Csrf',
        'person.birthDate': '1990-02-03',
        'person.gender': 'female',
        'person.postalCode': '97400',
        'person.city': 'Saint-Denis',
        'situation.minimumIncome': 'rsa',
        'situation.registeredWithFranceTravail': 'oui',
        barriers: ['housing'],
        context: 'upstream-of-employment',
        reason: 'Orientation de test.',
        consent: 'oui',
      }),
    },
    {
      name: 'the withdrawal of a referral',
      who: demoAccounts.franceTravail,
      path: () => `/prescripteur/prescriptions/${reunion().submitted[0]?.id}/retrait`,
      fields: async () => ({ version: '1' }),
    },
    {
      name: 'the acceptance of a referral',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/prescriptions/${reunion().submitted[1]?.id}/acceptation`,
      fields: async () => ({
        version: String(reunion().submitted[1]?.version),
        referentId: world.user(demoAccounts.reunionReferents[0]).id,
      }),
    },
    {
      name: 'the decline of a referral',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/prescriptions/${reunion().submitted[2]?.id}/refus`,
      fields: async () => ({
        version: String(reunion().submitted[2]?.version),
        reason: 'no-capacity',
        text: 'Plus de place ce mois-ci.',
      }),
    },
    {
      name: 'the diagnostic',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/dossiers/${aCaseIn('period-1').id}/diagnostic`,
      fields: async () => ({
        version: await versionOf(aCaseIn('period-1').id),
        stage: 'exit',
        scoredOn: today(),
        'scores.housing': '1',
      }),
    },
    {
      name: 'the contract',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/dossiers/${aCaseIn('intake').id}/contrat`,
      fields: async () => ({
        version: await versionOf(aCaseIn('intake').id),
        signedOn: today(),
        objectives: 'Un objectif',
        personCommitments: 'Venir.',
        structureCommitments: 'Recevoir.',
      }),
    },
    {
      name: 'the journal entry',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/dossiers/${aCaseIn('period-1').id}/journal`,
      fields: async () => ({
        version: await versionOf(aCaseIn('period-1').id),
        kind: 'phone',
        date: today(),
        durationMinutes: '15',
        summary: 'Appel.',
      }),
    },
    {
      name: 'the appointment',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/dossiers/${aCaseIn('period-1').id}/rendez-vous`,
      fields: async () => ({
        version: await versionOf(aCaseIn('period-1').id),
        at: addDays(today(), -1),
        atTime: '09:30',
        timeZone: 'Indian/Reunion',
        durationMinutes: '45',
        kind: 'interview',
      }),
    },
    {
      name: 'the attendance',
      who: demoAccounts.reunionAdmin,
      path: () =>
        `/structure/dossiers/${aCaseIn('period-1').id}/rendez-vous/${appointmentId}/presence`,
      fields: async () => ({
        version: await versionOf(aCaseIn('period-1').id),
        attendance: 'seen',
      }),
    },
    {
      name: 'the renewal request',
      who: demoAccounts.reunionAdmin,
      path: () =>
        `/structure/dossiers/${aCaseIn('period-1', 0, (c) => c.renewal === undefined).id}/renouvellement`,
      fields: async () => ({
        version: await versionOf(aCaseIn('period-1', 0, (c) => c.renewal === undefined).id),
        justification: 'Six mois de plus.',
      }),
    },
    {
      name: 'the renewal decision',
      who: demoAccounts.reunionAdmin,
      path: () =>
        `/structure/dossiers/${aCaseIn('period-1', 0, (c) => c.renewal?.status === 'requested').id}/renouvellement/decision`,
      fields: async () => ({
        version: await versionOf(
          aCaseIn('period-1', 0, (c) => c.renewal?.status === 'requested').id,
        ),
        grant: 'oui',
        reason: 'Accordé.',
      }),
    },
    {
      name: 'the reassignment',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/dossiers/${aCaseIn('period-2').id}/referent`,
      fields: async () => ({
        version: await versionOf(aCaseIn('period-2').id),
        referentId: world.user(demoAccounts.reunionAdmin).id,
      }),
    },
    {
      name: 'the exit',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/dossiers/${aCaseIn('period-2').id}/sortie`,
      fields: async () => ({
        version: await versionOf(aCaseIn('period-2').id),
        date: today(),
        outcome: 'qualifying-training',
      }),
    },
    {
      name: 'the acknowledgement of an alert',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/alertes/${alertId}/prise-en-compte`,
      fields: async () => {
        // An alert still open now: the forms before may have taken the cause of others away.
        const alerts = await (
          await get(demoAccounts.reunionAdmin, '/structure/alertes?scope=structure')
        ).text();
        alertId = /\/structure\/alertes\/([A-Za-z0-9_-]+)\/prise-en-compte/.exec(alerts)?.[1] ?? '';
        expect(alertId).not.toBe('');
        return {};
      },
    },
    {
      name: 'the rectification of a person’s data',
      who: demoAccounts.reunionAdmin,
      path: () => `/structure/dossiers/${aCaseIn('intake').id}/rectification`,
      fields: async () => {
        const { person, situation } = aCaseIn('intake');
        return {
          version: await versionOf(aCaseIn('intake').id),
          'person.firstName': person.firstName,
          'person.lastName': person.lastName,
          'person.birthDate': person.birthDate,
          'person.gender': person.gender,
          'person.phone': person.phone ?? '',
          'person.email': person.email ?? '',
          'person.postalCode': person.postalCode,
          'person.city': 'Commune rectifiée',
          'situation.minimumIncome': situation.minimumIncome,
          'situation.registeredWithFranceTravail': situation.registeredWithFranceTravail
            ? 'oui'
            : 'non',
          reason: 'Déménagement signalé par la personne.',
        };
      },
    },
    {
      name: 'the invitation of a team member',
      who: demoAccounts.reunionAdmin,
      path: () => '/structure/equipe',
      fields: async () => ({
        firstName: 'Nouvelle',
        lastName: 'Recrue',
        email: 'nouvelle.recrue@kaz-emploi.test',
        role: 'referent',
      }),
    },
  ];

  let appointmentId = '';
  let alertId = '';

  it.each(forms.map((form) => [form.name, form] as const))(
    'refuses %s without its token or from another site, and takes it with both',
    async (_name, form) => {
      const fields = await form.fields();
      const before = await tableContents();

      const withoutToken = await post(form.who, form.path(), fields, { token: false });
      expect(withoutToken.status).toBe(403);
      expect(await withoutToken.text()).toContain('Accès refusé');
      const fromElsewhere = await post(form.who, form.path(), fields, {
        origin: 'https://attaquant.example',
      });
      expect(fromElsewhere.status).toBe(403);
      const withoutOrigin = await post(form.who, form.path(), fields, { origin: null });
      expect(withoutOrigin.status).toBe(403);
      expect(await tableContents()).toBe(before);

      const accepted = await post(form.who, form.path(), fields);
      expect(accepted.status, await accepted.clone().text()).toBe(303);
      expect(await tableContents()).not.toBe(before);
      if (form.name === 'the appointment') {
        const page = await (
          await get(form.who, `/structure/dossiers/${aCaseIn('period-1').id}`)
        ).text();
        appointmentId = /rendez-vous\/([0-9a-f-]{36})\/presence/.exec(page)?.[1] ?? '';
      }
    },
  );

  it('refuses the sign-out form of another site, and signs out with it', async () => {
    const foreign = await post(
      demoAccounts.reunionAdmin,
      '/deconnexion',
      {},
      { origin: 'https://attaquant.example' },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);

    const signedOut = await post(demoAccounts.reunionAdmin, '/deconnexion', {});
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.getSetCookie()[0]).toMatch(
      new RegExp(`^${sessionCookieName}=;.*Max-Age=0`),
    );
  });

  it('refuses the development sign-in form of another site: no session is opened', async () => {
    const response = await post(
      undefined,
      '/dev/sign-in',
      { email: demoAccounts.reunionAdmin },
      {
        origin: 'https://attaquant.example',
      },
    );

    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

describe('<script> typed in every text field', () => {
  const evil = '<script>alert("appui")</script>';
  const escaped = '&lt;script&gt;alert(&quot;appui&quot;)&lt;/script&gt;';

  async function expectEscaped(response: Response, where: string): Promise<string> {
    const html = await response.text();
    expect(html, where).not.toContain('<script>alert');
    expect(html, where).toContain('&lt;script&gt;alert(');
    return html;
  }

  it('shows a referral, its answer and its case file escaped on every page', async () => {
    const filed = await post(demoAccounts.franceTravail, '/prescripteur/prescriptions', {
      structureId: reunionId,
      'person.firstName': evil,
      'person.lastName': evil,
      'person.birthDate': '1990-02-03',
      'person.gender': 'male',
      'person.postalCode': '97400',
      'person.city': evil,
      'situation.minimumIncome': 'none',
      'situation.registeredWithFranceTravail': 'non',
      context: 'experimental-action',
      reason: evil,
      consent: 'oui',
    });
    expect(filed.status).toBe(303);
    const followUp = filed.headers.get('location')?.split('?')[0] ?? '';
    const id = followUp.split('/').pop() ?? '';

    await expectEscaped(await get(demoAccounts.franceTravail, followUp), 'the follow-up');
    await expectEscaped(await get(demoAccounts.franceTravail, '/prescripteur'), 'the follow-ups');
    await expectEscaped(
      await get(demoAccounts.reunionAdmin, '/structure/prescriptions'),
      'the inbox',
    );
    const referralPage = await expectEscaped(
      await get(demoAccounts.reunionAdmin, `/structure/prescriptions/${id}`),
      'the referral',
    );
    const version = /name="version" value="(\d+)"/.exec(referralPage)?.[1] ?? '';

    const accepted = await post(
      demoAccounts.reunionAdmin,
      `/structure/prescriptions/${id}/acceptation`,
      {
        version,
        referentId: world.user(demoAccounts.reunionAdmin).id,
      },
    );
    expect(accepted.status).toBe(303);
    const casePath = `/structure/dossiers/${id}`;
    const caseVersion = () => versionOf(id);

    expect(
      (
        await post(demoAccounts.reunionAdmin, `${casePath}/contrat`, {
          version: await caseVersion(),
          signedOn: today(),
          objectives: `${evil}\n${evil}`,
          personCommitments: evil,
          structureCommitments: evil,
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await post(demoAccounts.reunionAdmin, `${casePath}/journal`, {
          version: await caseVersion(),
          kind: 'interview',
          date: today(),
          durationMinutes: '30',
          summary: evil,
          privateNote: evil,
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await post(demoAccounts.reunionAdmin, `${casePath}/renouvellement`, {
          version: await caseVersion(),
          justification: evil,
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await post(demoAccounts.reunionAdmin, `${casePath}/renouvellement/decision`, {
          version: await caseVersion(),
          grant: 'non',
          reason: evil,
        })
      ).status,
    ).toBe(303);

    const casePage = await expectEscaped(
      await get(demoAccounts.reunionAdmin, casePath),
      'the case file',
    );
    expect(casePage.split(escaped).length - 1).toBeGreaterThanOrEqual(10);
    await expectEscaped(await get(demoAccounts.reunionAdmin, '/structure'), 'the caseload');
    await expectEscaped(
      await get(demoAccounts.reunionAdmin, `${casePath}/acces`),
      'the access log',
    );
  });

  it('shows a declined referral’s explanation escaped', async () => {
    const mainlandId = world.demo.structures[1]?.id;
    const referral = world.demo.referrals.find(
      (candidate) => candidate.tenantId === mainlandId && candidate.status === 'submitted',
    );
    if (referral === undefined) throw new Error('the demo needs a pending referral in Tremplin 93');
    const declined = await post(
      demoAccounts.mainlandAdmin,
      `/structure/prescriptions/${referral.id}/refus`,
      {
        version: String(referral.version),
        reason: 'other',
        text: evil,
      },
    );
    expect(declined.status).toBe(303);

    await expectEscaped(
      await get(demoAccounts.mainlandAdmin, `/structure/prescriptions/${referral.id}`),
      'the declined referral',
    );
  });

  it('answers an invitation of an address held in another structure as a fresh one', async () => {
    const invite = (email: string) =>
      post(demoAccounts.reunionAdmin, '/structure/equipe', {
        firstName: 'Claire',
        lastName: 'Martin',
        email,
        role: 'referent',
      });

    const elsewhere = await invite(demoAccounts.mainlandReferents[1]);
    const fresh = await invite('claire.martin@kaz-emploi.test');

    expect(elsewhere.status).toBe(303);
    expect(fresh.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe(fresh.headers.get('location'));
  });

  it('shows an invited member’s name escaped in the team', async () => {
    const invited = await post(demoAccounts.reunionAdmin, '/structure/equipe', {
      firstName: evil,
      lastName: evil,
      email: 'script.test@kaz-emploi.test',
      role: 'referent',
    });
    expect(invited.status).toBe(303);

    await expectEscaped(await get(demoAccounts.reunionAdmin, '/structure/equipe'), 'the team');
  });

  it.each([
    [
      'the referral form',
      demoAccounts.franceTravail,
      '/prescripteur/prescriptions',
      {
        'person.firstName': evil,
        'person.phone': evil,
        'person.email': evil,
        'person.postalCode': evil,
        reason: evil,
      },
    ],
    [
      'the invitation form',
      demoAccounts.reunionAdmin,
      '/structure/equipe',
      { firstName: evil, email: evil },
    ],
  ] as const)('draws %s again with what was typed, escaped', async (_name, who, path, fields) => {
    const refused = await post(who, path, fields);

    expect(refused.status).toBe(422);
    const html = await expectEscaped(refused, 'the refused form');
    expect(html).toContain('class="error-summary"');
  });

  it('draws a refused case form again with its text escaped, and a query escaped', async () => {
    const supportCase = aCaseIn('period-1', 1);
    const refused = await post(
      demoAccounts.reunionAdmin,
      `/structure/dossiers/${supportCase.id}/journal`,
      {
        version: await versionOf(supportCase.id),
        kind: 'phone',
        date: today(),
        durationMinutes: evil,
        summary: evil,
        privateNote: evil,
      },
    );
    expect(refused.status).toBe(422);
    const html = await expectEscaped(refused, 'the refused journal form');
    expect(html).toContain('href="#journal-durationMinutes"');

    const query = await get(
      demoAccounts.reunionAdmin,
      `/structure?phase=${encodeURIComponent(evil)}`,
    );
    expect(query.status).toBe(422);
    expect(await query.text()).not.toContain('<script>alert');
  });
});

describe('versions', () => {
  it('refuses a form drawn from an older version of the case: 412, nothing written', async () => {
    const supportCase = aCaseIn('period-1', 2);
    const current = Number(await versionOf(supportCase.id));
    const before = await tableContents();

    const stale = await post(
      demoAccounts.reunionAdmin,
      `/structure/dossiers/${supportCase.id}/journal`,
      {
        version: String(current - 1),
        kind: 'phone',
        date: today(),
        durationMinutes: '10',
        summary: 'Saisie sur une page ancienne.',
      },
    );

    expect(stale.status).toBe(412);
    expect(await stale.text()).toContain('Le dossier a été modifié entre-temps');
    expect(await tableContents()).toBe(before);
  });

  it('refuses a form without its version: 428', async () => {
    const supportCase = aCaseIn('period-1', 2);
    const response = await post(
      demoAccounts.reunionAdmin,
      `/structure/dossiers/${supportCase.id}/journal`,
      {
        kind: 'phone',
        date: today(),
        durationMinutes: '10',
        summary: 'Sans version.',
      },
    );

    expect(response.status).toBe(428);
  });
});
