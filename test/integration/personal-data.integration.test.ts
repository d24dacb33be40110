/**
 * The person's rights through the HTTP API on DynamoDB Local: a rectification changes the case,
 * the referral and the prescriber's follow-up together and keeps the values it replaced in the
 * case's history (the structure's only); refused corrections change nothing.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { supportCase } from '../../shared/cases/case.ts';
import { accessLogEntry } from '../../shared/cases/file/access-log.ts';
import { dateIn } from '../../shared/common/dates.ts';
import { caseHistoryEntry } from '../../shared/personal-data/rectification.ts';
import { referralKey } from '../../shared/referrals/referral.ts';
import {
  referralFollowUp,
  referralFollowUpKey,
} from '../../shared/referrals/referral-follow-up.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';

const rectified = z.object({ case: supportCase, entry: caseHistoryEntry });
const history = z.object({ items: z.array(caseHistoryEntry) });
const problem = z.object({
  status: z.int(),
  detail: z.string(),
  invalidFields: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});

interface Actor {
  token: string;
  id: string;
}

let world: ApiWorld;
let prescriber: Actor;
let referent: Actor;
let colleague: Actor;
let admin: Actor;
let mainlandAdmin: Actor;
let structureId: string;

async function actor(email: string): Promise<Actor> {
  const user = world.user(email);
  return { token: await world.tokenFor(user), id: user.id };
}

beforeAll(async () => {
  world = await anApiWorld();
  prescriber = await actor(demoAccounts.franceTravail);
  referent = await actor(demoAccounts.reunionReferents[0]);
  colleague = await actor(demoAccounts.reunionReferents[1]);
  admin = await actor(demoAccounts.reunionAdmin);
  mainlandAdmin = await actor(demoAccounts.mainlandAdmin);
  const kaz = world.demo.structures.find(
    (candidate) => candidate.name === 'Association Kaz’Emploi',
  );
  if (kaz === undefined) throw new Error('no Kaz’Emploi in the demo world');
  structureId = kaz.id;
}, 120_000);

async function expectStatus(response: Response, status: number) {
  if (response.status !== status) {
    expect({ status: response.status, body: await response.clone().text() }).toEqual({ status });
  }
}

/** A case the référent has just opened for Zéphirine Quatorze; its ETag is `"1"`. */
async function anOpenCase(): Promise<{ caseId: string; orgId: string }> {
  const filed = await world.call(prescriber.token, 'POST', '/api/v1/referrals', {
    body: {
      structureId,
      person: {
        firstName: 'Zéphirine',
        lastName: 'Quatorze',
        birthDate: '1979-03-02',
        gender: 'female',
        phone: '0692 14 14 14',
        email: 'zephirine.quatorze@example.test',
        postalCode: '97400',
        city: 'Saint-Denis',
      },
      situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
      barriers: ['housing'],
      specificPublics: [],
      context: 'upstream-of-employment',
      reason: 'Hébergée chez sa sœur, cherche un accompagnement vers l’emploi.',
      consent: true,
    },
  });
  await expectStatus(filed, 201);
  const followUp = referralFollowUp.parse(await filed.json());
  const accepted = await world.call(referent.token, 'POST', `/api/v1/inbox/${followUp.id}/accept`, {
    body: { referentId: referent.id },
    headers: { 'If-Match': '"1"' },
  });
  await expectStatus(accepted, 200);
  return { caseId: followUp.id, orgId: followUp.orgId };
}

function rectify(who: Actor, caseId: string, body: unknown, ifMatch = '"1"') {
  return world.call(who.token, 'POST', `/api/v1/cases/${caseId}/rectification`, {
    body,
    headers: { 'If-Match': ifMatch },
  });
}

async function rawItem(key: { PK: string; SK: string }) {
  const { Item } = await world.adminDb.send(
    new GetCommand({ TableName: world.tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

describe('rectification', () => {
  it('corrects the case, the referral and the follow-up together, and keeps the previous values in the history', async () => {
    const { caseId, orgId } = await anOpenCase();

    const response = await rectify(referent, caseId, {
      person: { lastName: 'Quatorze-Lebon', phone: null, gender: 'unspecified' },
      situation: { minimumIncome: 'none', registeredWithFranceTravail: true },
      reason: 'Mariage : nouveau nom. Téléphone résilié, à ne plus utiliser.',
    });
    await expectStatus(response, 200);
    expect(response.headers.get('etag')).toBe('"2"');
    const { case: saved, entry } = rectified.parse(await response.json());

    expect(saved.person).toMatchObject({ lastName: 'Quatorze-Lebon', gender: 'unspecified' });
    expect(saved.person.phone).toBeUndefined();
    expect(saved.situation.minimumIncome).toBe('none');
    // Only what really changed is recorded: France Travail registration was sent unchanged.
    expect(entry.changes).toEqual([
      { field: 'person.lastName', previous: 'Quatorze', next: 'Quatorze-Lebon' },
      { field: 'person.gender', previous: 'female', next: 'unspecified' },
      { field: 'person.phone', previous: '0692 14 14 14' },
      { field: 'situation.minimumIncome', previous: 'rsa', next: 'none' },
    ]);
    expect(entry).toMatchObject({ by: referent.id, role: 'referent', kind: 'rectification' });

    const referralItem = await rawItem(referralKey(saved.tenantId, caseId));
    expect(referralItem?.person).toEqual(saved.person);
    expect(referralItem?.situation).toEqual(saved.situation);
    const followUpItem = await rawItem(referralFollowUpKey(orgId, caseId));
    expect(followUpItem?.person).toEqual({ firstName: 'Zéphirine', lastName: 'Quatorze-Lebon' });
    // Filed (1), accepted (2), renamed (3): the prescriber's copy moves on with it.
    expect(followUpItem?.version).toBe(3);

    // The prescriber sees the corrected name, never the history.
    const followUps = await world.call(prescriber.token, 'GET', `/api/v1/referrals/${caseId}`);
    await expectStatus(followUps, 200);
    expect(JSON.stringify(await followUps.json())).not.toContain('"Quatorze"');
    const refused = await world.call(prescriber.token, 'GET', `/api/v1/cases/${caseId}/history`);
    await expectStatus(refused, 403);

    const second = await rectify(
      admin,
      caseId,
      { person: { city: 'Sainte-Marie', postalCode: '97438' }, reason: 'Déménagement.' },
      '"2"',
    );
    await expectStatus(second, 200);

    const read = await world.call(referent.token, 'GET', `/api/v1/cases/${caseId}/history`);
    await expectStatus(read, 200);
    const { items } = history.parse(await read.json());
    expect(items.map((line) => line.changes.map((changed) => changed.field))).toEqual([
      ['person.lastName', 'person.gender', 'person.phone', 'situation.minimumIncome'],
      ['person.postalCode', 'person.city'],
    ]);
    expect(items[1]).toMatchObject({ by: admin.id, role: 'structure-admin' });

    const log = await world.call(admin.token, 'GET', `/api/v1/cases/${caseId}/access-log`);
    const actions = z
      .object({ items: z.array(accessLogEntry) })
      .parse(await log.json())
      .items.map((line) => line.action);
    expect(actions).toEqual(expect.arrayContaining(['write:rectification', 'read:history']));
  }, 60_000);

  it('refuses what would change nothing, a stale version, a malformed field, and other callers', async () => {
    const { caseId } = await anOpenCase();

    const same = await rectify(referent, caseId, {
      person: { firstName: 'Zéphirine' },
      reason: 'Vérification.',
    });
    await expectStatus(same, 422);
    expect(problem.parse(await same.json()).detail).toContain('aucune modification');

    const malformed = await rectify(referent, caseId, {
      person: { email: 'pas-une-adresse', birthDate: '1850-01-01' },
      reason: 'Correction.',
    });
    await expectStatus(malformed, 422);
    const names = problem.parse(await malformed.json()).invalidFields?.map((field) => field.name);
    expect(names).toEqual(expect.arrayContaining(['person.email', 'person.birthDate']));

    const noReason = await rectify(referent, caseId, { person: { city: 'Le Port' } });
    await expectStatus(noReason, 422);
    const unknown = await rectify(referent, caseId, {
      person: { nickname: 'Zézé' },
      reason: 'Surnom.',
    });
    await expectStatus(unknown, 422);
    const stale = await rectify(
      referent,
      caseId,
      { person: { city: 'Le Port' }, reason: 'Déménagement.' },
      '"7"',
    );
    await expectStatus(stale, 412);
    await expectStatus(
      await rectify(colleague, caseId, { person: { city: 'Le Port' }, reason: 'Déménagement.' }),
      404,
    );
    await expectStatus(
      await rectify(mainlandAdmin, caseId, {
        person: { city: 'Le Port' },
        reason: 'Déménagement.',
      }),
      404,
    );
    await expectStatus(
      await world.call(colleague.token, 'GET', `/api/v1/cases/${caseId}/history`),
      404,
    );

    const response = await world.call(referent.token, 'GET', `/api/v1/cases/${caseId}`);
    expect(response.headers.get('etag')).toBe('"1"');
    const read = await world.call(referent.token, 'GET', `/api/v1/cases/${caseId}/history`);
    expect(history.parse(await read.json()).items).toEqual([]);
  }, 60_000);
});

const exported = z.object({
  exportedAt: z.string(),
  structure: z.object({ id: z.string(), name: z.string(), siret: z.string() }),
  referral: z.object({
    id: z.string(),
    reason: z.string(),
    person: z.record(z.string(), z.unknown()),
  }),
  prescriberFollowUp: z.object({ id: z.string(), status: z.string() }),
  case: supportCase.optional(),
  barrierScores: z.array(z.unknown()),
  journal: z.array(z.object({ summary: z.string(), privateNote: z.string().optional() })),
  appointments: z.array(z.unknown()),
  alerts: z.array(z.unknown()),
  history: z.array(caseHistoryEntry),
  accessLog: z.array(accessLogEntry),
  erasure: z.union([z.object({ on: z.string() }), z.object({ rule: z.string() })]),
});

describe('export on request', () => {
  it('holds every field of the person’s support and nothing of another person or tenant', async () => {
    const { caseId } = await anOpenCase();
    const other = await anOpenCase();
    await expectStatus(
      await rectify(referent, other.caseId, {
        person: { lastName: 'Autrepersonne' },
        reason: 'Correction.',
      }),
      200,
    );
    const entry = await world.call(referent.token, 'POST', `/api/v1/cases/${caseId}/journal`, {
      body: {
        kind: 'interview',
        // The referral was filed today: a contact of today is the earliest the case takes.
        date: dateIn('Indian/Reunion', world.now()),
        durationMinutes: 45,
        topics: ['housing'],
        actions: ['procedures'],
        partners: [],
        summary: 'Point logement : dossier SIAO déposé.',
        privateNote: 'Évoque des dettes de loyer, à reprendre.',
      },
      headers: { 'If-Match': '"1"' },
    });
    await expectStatus(entry, 201);
    await expectStatus(
      await rectify(
        referent,
        caseId,
        { person: { city: 'Le Port', postalCode: '97420' }, reason: 'Déménagement.' },
        '"2"',
      ),
      200,
    );

    await expectStatus(
      await world.call(referent.token, 'GET', `/api/v1/personal-data/${caseId}`),
      403,
    );
    await expectStatus(
      await world.call(mainlandAdmin.token, 'GET', `/api/v1/personal-data/${caseId}`),
      404,
    );

    const response = await world.call(admin.token, 'GET', `/api/v1/personal-data/${caseId}`);
    await expectStatus(response, 200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    const data = exported.parse(JSON.parse(text));

    expect(data.structure.id).toBe(structureId);
    expect(data.referral.id).toBe(caseId);
    expect(data.referral.reason).toContain('Hébergée chez sa sœur');
    expect(data.case?.person).toMatchObject({ city: 'Le Port', postalCode: '97420' });
    expect(data.journal).toEqual([
      expect.objectContaining({
        summary: 'Point logement : dossier SIAO déposé.',
        privateNote: 'Évoque des dettes de loyer, à reprendre.',
      }),
    ]);
    expect(data.history.map((line) => line.changes.map((changed) => changed.previous))).toEqual([
      ['97400', 'Saint-Denis'],
    ]);
    expect(data.accessLog.map((line) => line.action)).toEqual(
      expect.arrayContaining(['write:open', 'write:journal', 'write:rectification']),
    );
    expect(data.erasure).toEqual({
      rule: '2 ans après le dernier contact, une fois l’accompagnement terminé',
    });
    // Nothing of the other person, and no key of the table.
    expect(text).not.toContain(other.caseId);
    expect(text).not.toContain('Autrepersonne');
    expect(text).not.toMatch(/"PK"|"SK"|TENANT#/);

    // The export is itself in the access log.
    const log = await world.call(admin.token, 'GET', `/api/v1/cases/${caseId}/access-log`);
    const actions = z
      .object({ items: z.array(accessLogEntry) })
      .parse(await log.json())
      .items.map((line) => line.action);
    expect(actions[0]).toBe('export:personal-data');
  }, 60_000);

  it('answers 404 for an id that is no person of the structure', async () => {
    const response = await world.call(
      admin.token,
      'GET',
      '/api/v1/personal-data/0190a6b2-5a4c-7d2e-9f10-000000000000',
    );
    await expectStatus(response, 404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
