/**
 * Retention with the clock in the test's hands: four supports filed through the API around the
 * thresholds (a case closed 2 years and 1 day before the run, one closed 2 years less a day
 * before, a referral declined 6 months and 1 day before, one 6 months less a day before), then
 * the job, dry and for real, twice, with the funder's dashboard and the raw items checked.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { accessLogItem } from '../../shared/cases/file/access-log.ts';
import { referralFollowUpKey } from '../../shared/referrals/referral-follow-up.ts';
import { erasedPerson, makeRetention } from '../../shared/retention/retention.ts';
import { rebuildStatistics } from '../../shared/stats/rebuild.ts';
import { supportStubType } from '../../shared/stats/stub.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';
import { aProjector } from '../support/projector.ts';

let current = new Date('2026-01-05T06:00:00.000Z');
const clock = {
  now: () => current,
  set(instant: string) {
    current = new Date(instant);
  },
  /** The day it is in La Réunion (UTC+4). */
  today: () => new Date(current.getTime() + 4 * 3_600_000).toISOString().slice(0, 10),
};

/** The day of the run: 2 years after 2026-03-03, 6 months after 2027-09-03. */
const runDate = '2028-03-03';

interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  city: string;
  story: string;
}

const aPerson = (firstName: string, lastName: string, city: string): Person => ({
  firstName,
  lastName,
  email: `${firstName
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '')}.${lastName.toLowerCase()}@exemple.test`,
  phone: `0692 ${String(lastName.length).padStart(2, '0')} 11 22`,
  city,
  story: `Histoire de ${firstName} ${lastName}, hébergée à ${city}.`,
});

const erasedCase = aPerson('Zéphirine', 'Quatorze', 'Sainte-Rose');
const keptCase = aPerson('Ulysse', 'Tamarin', 'Cilaos');
const erasedReferral = aPerson('Anselme', 'Trentedeux', 'Salazie');
const keptReferral = aPerson('Bérénice', 'Vacoas', 'Entre-Deux');

let world: ApiWorld;
let tokens: { prescriber: string; referent: string; admin: string; funder: string };
let referentId: string;
let kazEmploi: string;
const ids = { erasedCase: '', keptCase: '', erasedReferral: '', keptReferral: '' };
/** The test's own supports, among the demo world's. */
const mine = { has: (id: string) => Object.values(ids).includes(id) };

async function expectStatus(response: Response, status: number): Promise<Response> {
  if (response.status !== status) {
    expect({ status: response.status, body: await response.clone().text() }).toEqual({ status });
  }
  return response;
}

function post(token: string, path: string, body: unknown, ifMatch?: string) {
  return world.call(token, 'POST', path, {
    body,
    headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
  });
}

function etagOf(response: Response): string {
  return response.headers.get('etag') ?? '';
}

async function file(person: Person): Promise<string> {
  const response = await post(tokens.prescriber, '/api/v1/referrals', {
    structureId: kazEmploi,
    person: {
      firstName: person.firstName,
      lastName: person.lastName,
      birthDate: '1990-05-17',
      gender: 'female',
      phone: person.phone,
      email: person.email,
      postalCode: '97400',
      city: person.city,
    },
    situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
    barriers: ['housing', 'health'],
    specificPublics: [],
    context: 'upstream-of-employment',
    reason: person.story,
    consent: true,
  });
  await expectStatus(response, 201);
  const { id } = (await response.json()) as { id: string };
  return id;
}

/** A support from referral to exit: its last contact and its exit on `exitInstant`'s day. */
async function aClosedCase(person: Person, filedAt: string, exitInstant: string) {
  clock.set(filedAt);
  const id = await file(person);
  const accepted = await expectStatus(
    await post(tokens.referent, `/api/v1/inbox/${id}/accept`, { referentId }, '"1"'),
    200,
  );
  expect(accepted.status).toBe(200);
  const scored = await expectStatus(
    await post(
      tokens.referent,
      `/api/v1/cases/${id}/diagnostics`,
      { stage: 'entry', scoredOn: clock.today(), scores: { housing: 3, health: 2 } },
      '"1"',
    ),
    201,
  );
  const signed = await expectStatus(
    await post(
      tokens.referent,
      `/api/v1/cases/${id}/contract`,
      {
        signedOn: clock.today(),
        objectives: [`Projet de ${person.firstName}`],
        personCommitments: `${person.firstName} vient chaque semaine.`,
        structureCommitments: `Accompagner ${person.firstName} à ${person.city}.`,
      },
      etagOf(scored),
    ),
    200,
  );
  clock.set(exitInstant);
  const contact = await expectStatus(
    await post(
      tokens.referent,
      `/api/v1/cases/${id}/journal`,
      {
        kind: 'interview',
        date: clock.today(),
        durationMinutes: 90,
        topics: ['housing'],
        actions: ['procedures'],
        partners: ['caf'],
        summary: `Bilan avec ${person.firstName} ${person.lastName}.`,
        privateNote: `Note privée sur ${person.lastName}.`,
      },
      etagOf(signed),
    ),
    201,
  );
  const exited = await expectStatus(
    await post(
      tokens.referent,
      `/api/v1/cases/${id}/exit`,
      { date: clock.today(), outcome: 'qualifying-training' },
      etagOf(contact),
    ),
    200,
  );
  // A rectification after the exit: the history line keeps her former phone and commune.
  await expectStatus(
    await post(
      tokens.admin,
      `/api/v1/cases/${id}/rectification`,
      {
        person: { phone: null, city: 'Saint-Benoît', postalCode: '97470' },
        reason: `Déménagement de ${person.firstName}.`,
      },
      etagOf(exited),
    ),
    200,
  );
  await expectStatus(await world.call(tokens.admin, 'GET', `/api/v1/cases/${id}`), 200);
  return id;
}

async function aDeclinedReferral(person: Person, filedAt: string, declinedAt: string) {
  clock.set(filedAt);
  const id = await file(person);
  clock.set(declinedAt);
  await expectStatus(
    await post(
      tokens.referent,
      `/api/v1/inbox/${id}/decline`,
      { reason: 'better-suited-support', text: `${person.firstName} habite trop loin.` },
      '"1"',
    ),
    200,
  );
  return id;
}

async function everyItem(): Promise<Record<string, unknown>[]> {
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
  return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
}

const valuesOf = (person: Person) => [
  person.firstName,
  person.lastName,
  person.email,
  person.phone,
  person.city,
  person.story,
];

async function dashboards() {
  const read = async (path: string, token: string) => {
    const response = await expectStatus(await world.call(token, 'GET', path), 200);
    return response.json();
  };
  return {
    territory2026: await read('/api/v1/stats/territory?period=2026', tokens.funder),
    territory2027: await read('/api/v1/stats/territory?period=2027', tokens.funder),
    structure2026: await read('/api/v1/stats/structure?period=2026', tokens.admin),
  };
}

const retention = () =>
  makeRetention({
    db: world.appDb,
    tableName: world.tableName,
    now: () => new Date(`${runDate}T02:00:00.000Z`),
    settings: defaultSettings,
  });

let projector: ReturnType<typeof aProjector>;

beforeAll(async () => {
  world = await anApiWorld(clock.now);
  projector = aProjector(world.adminDb, world.tableName);
  const data = { db: world.adminDb, tableName: world.tableName };
  await rebuildStatistics(data, { write: true });
  const referent = world.user(demoAccounts.reunionReferents[0] ?? '');
  referentId = referent.id;
  tokens = {
    prescriber: await world.tokenFor(world.user(demoAccounts.franceTravail)),
    referent: await world.tokenFor(referent),
    admin: await world.tokenFor(world.user(demoAccounts.reunionAdmin)),
    funder: await world.tokenFor(world.user('deets@reunion.test')),
  };
  const structure = world.demo.structures.find((s) => s.name === 'Association Kaz’Emploi');
  if (structure === undefined) throw new Error('no Kaz’Emploi');
  kazEmploi = structure.id;

  // Last contact and exit on 2026-03-02 (2 years and 1 day before the run), and on 2026-03-04.
  ids.erasedCase = await aClosedCase(
    erasedCase,
    '2026-01-12T06:00:00.000Z',
    '2026-03-02T06:00:00.000Z',
  );
  ids.keptCase = await aClosedCase(
    keptCase,
    '2026-01-13T06:00:00.000Z',
    '2026-03-04T06:00:00.000Z',
  );
  // A file past 100 items: a long access log (a year of reads), so the erasure takes two transactions.
  const lines = Array.from({ length: 130 }, (_, index) =>
    accessLogItem(
      kazEmploi,
      {
        caseId: ids.erasedCase,
        userId: referentId,
        role: 'referent',
        action: 'read',
        at: new Date(Date.parse('2027-06-01T08:00:00.000Z') + index * 60_000).toISOString(),
      },
      randomUUID(),
      defaultSettings.accessLogRetentionDays,
    ),
  );
  for (let start = 0; start < lines.length; start += 25) {
    await world.adminDb.send(
      new BatchWriteCommand({
        RequestItems: {
          [world.tableName]: lines
            .slice(start, start + 25)
            .map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  // Declined on 2027-09-02 (6 months and 1 day before the run), and on 2027-09-04.
  ids.erasedReferral = await aDeclinedReferral(
    erasedReferral,
    '2027-08-20T06:00:00.000Z',
    '2027-09-02T06:00:00.000Z',
  );
  ids.keptReferral = await aDeclinedReferral(
    keptReferral,
    '2027-08-21T06:00:00.000Z',
    '2027-09-04T06:00:00.000Z',
  );
  await projector.pump();
}, 180_000);

describe('the retention job', () => {
  it('lists in a dry run what would go, and writes nothing', async () => {
    const before = await everyItem();
    const report = await retention()({ dryRun: true });
    expect(await everyItem()).toEqual(before);
    expect(report.erasures.filter((erasure) => mine.has(erasure.id))).toEqual([
      expect.objectContaining({
        kind: 'case',
        id: ids.erasedCase,
        tenantId: kazEmploi,
        since: '2026-03-02',
        purgeOn: '2028-03-03',
        transactions: 0,
      }),
      expect.objectContaining({
        kind: 'referral',
        id: ids.erasedReferral,
        since: '2027-09-02',
        purgeOn: '2028-03-03',
      }),
    ]);
    expect(JSON.stringify(report)).not.toMatch(/Zéphirine|Quatorze|Anselme|Trentedeux/);
  });

  it('erases what is due, leaves what is not, and every figure stays as it was', async () => {
    const figures = await dashboards();
    const report = await retention()();

    expect(report.failed).toEqual([]);
    // The demo world's old supports go too: their figures must stay as well.
    expect(report.erasures.length).toBeGreaterThan(2);
    expect(
      report.erasures
        .filter((erasure) => mine.has(erasure.id))
        .map(({ kind, id }) => ({ kind, id })),
    ).toEqual([
      { kind: 'case', id: ids.erasedCase },
      { kind: 'referral', id: ids.erasedReferral },
    ]);
    const caseErasure = report.erasures.find((erasure) => erasure.id === ids.erasedCase);
    expect(caseErasure?.items).toBeGreaterThan(130);
    expect(caseErasure?.transactions).toBe(2);

    const items = await everyItem();
    const under = (id: string) =>
      items.filter(
        (item) =>
          item.PK === `TENANT#${kazEmploi}` &&
          (String(item.SK).startsWith(`CASE#${id}`) ||
            String(item.SK).startsWith(`ACCESS#${id}#`) ||
            String(item.SK).startsWith(`REFERRAL#${id}`)),
      );
    // The erased: a stub at the referral's key, and nothing else of the person.
    for (const id of [ids.erasedCase, ids.erasedReferral]) {
      expect(under(id).map((item) => [item.SK, item.type])).toEqual([
        [`REFERRAL#${id}`, supportStubType],
      ]);
    }
    expect(under(ids.erasedCase)[0]).toMatchObject({
      referredMonth: '2026-01',
      enteredMonth: '2026-01',
      exitedMonth: '2026-03',
      gender: 'female',
      ageBandAtEntry: '26-50',
      exitOutcome: 'qualifying-training',
    });
    const text = JSON.stringify(items);
    for (const value of [...valuesOf(erasedCase), ...valuesOf(erasedReferral)]) {
      expect(text).not.toContain(value);
    }
    // The kept: still whole.
    expect(under(ids.keptCase).some((item) => item.type === 'case')).toBe(true);
    expect(under(ids.keptCase).some((item) => item.type === 'journal-entry')).toBe(true);
    expect(under(ids.keptCase).some((item) => item.type === 'case-history')).toBe(true);
    expect(under(ids.keptReferral).some((item) => item.type === 'referral')).toBe(true);
    expect(text).toContain(keptCase.lastName);
    expect(text).toContain(keptReferral.lastName);

    // The prescriber keeps the status and the outcome, not the names.
    const followUp = items.find(
      (item) =>
        item.PK === referralFollowUpKey(String(item.orgId), ids.erasedCase).PK &&
        item.SK === `REFERRAL#${ids.erasedCase}`,
    );
    expect(followUp).toMatchObject({
      person: erasedPerson,
      status: 'accepted',
      exitOutcome: 'qualifying-training',
    });

    await projector.pump();
    expect(await dashboards()).toEqual(figures);
    const data = { db: world.adminDb, tableName: world.tableName };
    expect((await rebuildStatistics(data, { write: false })).differences).toEqual([]);
  });

  it('erases nothing more and fails nothing when run again', async () => {
    const before = await everyItem();
    const report = await retention()();
    expect(report).toMatchObject({ erasures: [], failed: [], itemsRead: 0 });
    expect(await everyItem()).toEqual(before);
  });

  it('erases the case and the referral kept so far once their periods have passed too', async () => {
    const later = makeRetention({
      db: world.appDb,
      tableName: world.tableName,
      now: () => new Date('2028-03-06T02:00:00.000Z'),
      settings: defaultSettings,
    });
    const report = await later();
    expect(report.erasures.map(({ kind, id }) => ({ kind, id }))).toEqual([
      { kind: 'case', id: ids.keptCase },
      { kind: 'referral', id: ids.keptReferral },
    ]);
  });
});
