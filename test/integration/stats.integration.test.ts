/**
 * The statistics from end to end: a known population of 300 people goes through the HTTP API
 * (referral, acceptance, diagnostic, contract, contact, renewal, exit) in a structure of its
 * own, the projector reads DynamoDB Local's stream, and every figure of the funder's and the
 * structure-admin's dashboards is checked against the population — then against duplicate and
 * out-of-order records, an edited exit, and `stats:rebuild`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { localContext, type StreamReader } from '../../infra/local/stream-reader.ts';
import type { Dashboard } from '../../shared/stats/dashboard.ts';
import { rebuildStatistics } from '../../shared/stats/rebuild.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';
import { aProjector, aProjectorHandler } from '../support/projector.ts';

const population = 300;
const exiting = 200;
const conventionCents = 80_000;

/** Outcomes of the 200 exits: 74 into employment or training (37 %), 37 of them into a job. */
const outcomes: [string, number][] = [
  ['durable-employment', 20],
  ['transitional-employment', 17],
  ['subsidised-contract', 3],
  ['qualifying-training', 22],
  ['iae', 12],
  ['business-creation', 6],
  ['referral-other-support', 20],
  ['dropped-out', 40],
  ['lost-contact', 35],
  ['moved-away', 25],
];

interface Person {
  index: number;
  gender: 'female' | 'male';
  birthDate: string;
  income: 'rsa' | 'none';
  org: 'ft' | 'ml' | 'ccas';
  outcome: string | undefined;
  renewed: boolean;
}

/** 50 % women; 20 % under 26, 70 % 26–50, 10 % over 50; 73 % France Travail; 60 % on RSA. */
function thePopulation(): Person[] {
  const exitOutcomes = outcomes.flatMap(([outcome, count]) => Array(count).fill(outcome));
  return Array.from({ length: population }, (_, index) => ({
    index,
    gender: index % 2 === 0 ? 'female' : 'male',
    birthDate: index < 60 ? '2003-03-01' : index < 270 ? '1985-03-01' : '1968-03-01',
    income: index % 5 < 3 ? 'rsa' : 'none',
    org: index % 100 < 73 ? 'ft' : index % 100 < 88 ? 'ml' : 'ccas',
    outcome: index < exiting ? exitOutcomes[index] : undefined,
    renewed: index < exiting && index % 20 < 3,
  }));
}

let world: ApiWorld;
let clock: { set(instant: string): void };
let projector: StreamReader;
let adminToken: string;
let funderToken: string;
let departementFunderToken: string;
let tenant = '';
const structureTenant = () => tenant;
const caseIds: string[] = [];
const versions = new Map<string, number>();

async function call(token: string, method: string, path: string, body?: unknown) {
  const response = await world.call(token, method, path, {
    body,
    headers:
      path.startsWith('/api/v1/cases/') && method === 'POST'
        ? { 'if-match': `"${versions.get(path.split('/')[4] ?? '') ?? 0}"` }
        : {},
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  const etag = response.headers.get('etag');
  const caseId = path.split('/')[4];
  if (etag !== null && caseId !== undefined) versions.set(caseId, Number(etag.replaceAll('"', '')));
  return json;
}

/** Runs `work` over `items`, eight at a time. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) {
        const item = items[next];
        next += 1;
        if (item !== undefined) await work(item);
      }
    }),
  );
}

async function dashboard(token: string, path: string): Promise<Dashboard> {
  const response = await world.call(token, 'GET', path);
  expect(response.status).toBe(200);
  return (await response.json()) as Dashboard;
}

/** The displayed cell of `table` / `column` for the row whose label is `row`. */
function cell(board: Dashboard, table: string, column: string, row = 0) {
  const found = board.tables.find((candidate) => candidate.id === table);
  const index = found?.columns.findIndex((candidate) => candidate.id === column) ?? -1;
  const cells = found?.rows[row]?.cells;
  if (found === undefined || index < 0 || cells === undefined) {
    throw new Error(`no cell ${table}/${column}/${row}`);
  }
  return cells[index];
}

const display = (board: Dashboard, table: string, column: string, row = 0) =>
  cell(board, table, column, row)?.display;

beforeAll(async () => {
  let now = new Date('2026-02-02T09:00:00.000Z');
  world = await anApiWorld(() => now);
  clock = { set: (instant) => (now = new Date(instant)) };
  projector = aProjector(world.appDb, world.tableName);
  const platform = await world.tokenFor(world.user('admin@appui.test'));

  const created = (await call(platform, 'POST', '/api/v1/platform/structures', {
    name: 'Atelier Loire Insertion',
    siret: '81234567890121',
    kind: 'association',
    territory: { region: '24', departement: '45' },
    capacity: 500,
    conventionAmountPerSupportCents: conventionCents,
    cofinancing: { esfPercent: 70, statePercent: 30 },
    firstUser: { email: 'direction@ali.test', firstName: 'Paule', lastName: 'Directrice' },
  })) as { structure: { id: string }; firstUser: { id: string } };
  const tenantId = created.structure.id;
  tenant = tenantId;
  const adminId = created.firstUser.id;
  adminToken = await world.sign({ sub: adminId, role: 'structure-admin', tenant: tenantId });
  funderToken = await world.sign({
    sub: crypto.randomUUID(),
    role: 'funder',
    funder: crypto.randomUUID(),
    territory: { region: '24' },
  });
  departementFunderToken = await world.sign({
    sub: crypto.randomUUID(),
    role: 'funder',
    funder: crypto.randomUUID(),
    territory: { region: '24', departements: ['45'] },
  });

  const prescribers: Record<Person['org'], string> = { ft: '', ml: '', ccas: '' };
  for (const [key, kind] of [
    ['ft', 'france-travail'],
    ['ml', 'mission-locale'],
    ['ccas', 'ccas'],
  ] as const) {
    const org = (await call(platform, 'POST', '/api/v1/platform/prescriber-organisations', {
      name: `Prescripteur ${kind}`,
      kind,
      territory: { region: '24', departement: '45' },
      firstUser: { email: `${key}@prescripteur.test`, firstName: 'Rémi', lastName: 'Conseiller' },
    })) as { organisation: { id: string }; firstUser: { id: string } };
    prescribers[key] = await world.sign({
      sub: org.firstUser.id,
      role: 'prescriber',
      org: org.organisation.id,
      territory: { region: '24', departements: ['45'] },
    });
  }

  const people = thePopulation();
  // Monday 2 February 2026: every referral is filed.
  const referralOf = new Map<number, string>();
  await inParallel(people, async (person) => {
    const filed = (await call(prescribers[person.org], 'POST', '/api/v1/referrals', {
      structureId: tenantId,
      person: {
        firstName: 'Personne',
        lastName: `N${person.index}`,
        birthDate: person.birthDate,
        gender: person.gender,
        postalCode: '45000',
        city: 'Orléans',
      },
      situation: { minimumIncome: person.income, registeredWithFranceTravail: true },
      barriers: ['housing', 'mobility'],
      specificPublics: [],
      context: 'upstream-of-employment',
      reason: 'Accompagnement global vers l’emploi.',
      consent: true,
    })) as { id: string };
    referralOf.set(person.index, filed.id);
  });
  // Monday 9 February: all accepted (7 days to answer).
  clock.set('2026-02-09T09:00:00.000Z');
  await inParallel(people, async (person) => {
    const referralId = referralOf.get(person.index) ?? '';
    const inbox = (await call(adminToken, 'GET', `/api/v1/inbox/${referralId}`)) as {
      version: number;
    };
    const accepted = (await world
      .call(adminToken, 'POST', `/api/v1/inbox/${referralId}/accept`, {
        body: { referentId: adminId },
        headers: { 'if-match': `"${inbox.version}"` },
      })
      .then((response) => response.json())) as { caseId: string };
    caseIds[person.index] = accepted.caseId;
    versions.set(accepted.caseId, 1);
  });
  // Thursday 12 February: first contact (10 days after the referral), diagnostic, contract.
  clock.set('2026-02-12T09:00:00.000Z');
  await inParallel(people, async (person) => {
    const id = caseIds[person.index] ?? '';
    await call(adminToken, 'POST', `/api/v1/cases/${id}/journal`, {
      kind: 'interview',
      date: '2026-02-12',
      durationMinutes: 90,
      topics: ['housing'],
      actions: ['procedures'],
      partners: [],
      summary: 'Premier entretien.',
    });
    await call(adminToken, 'POST', `/api/v1/cases/${id}/diagnostics`, {
      stage: 'entry',
      scoredOn: '2026-02-12',
      scores: { housing: 3, mobility: 2, health: 0 },
    });
    await call(adminToken, 'POST', `/api/v1/cases/${id}/contract`, {
      signedOn: '2026-02-12',
      objectives: ['Trouver un emploi'],
      personCommitments: 'Venir aux rendez-vous.',
      structureCommitments: 'Un entretien par semaine.',
    });
  });
  // Monday 4 May: 30 of those who will exit are renewed.
  clock.set('2026-05-04T09:00:00.000Z');
  await inParallel(
    people.filter((person) => person.renewed),
    async (person) => {
      const id = caseIds[person.index] ?? '';
      await call(adminToken, 'POST', `/api/v1/cases/${id}/renewal`, {
        justification: 'Démarches de logement en cours.',
      });
      await call(adminToken, 'POST', `/api/v1/cases/${id}/renewal/decision`, {
        grant: true,
        reason: 'Accordé.',
      });
    },
  );
  // Monday 15 June: 200 exit after 126 days, housing down from 3 to 1.
  clock.set('2026-06-15T09:00:00.000Z');
  await inParallel(
    people.filter((person) => person.outcome !== undefined),
    async (person) => {
      const id = caseIds[person.index] ?? '';
      await call(adminToken, 'POST', `/api/v1/cases/${id}/diagnostics`, {
        stage: 'exit',
        scoredOn: '2026-06-15',
        scores: { housing: 1, mobility: 2 },
      });
      await call(adminToken, 'POST', `/api/v1/cases/${id}/exit`, {
        date: '2026-06-15',
        outcome: person.outcome,
      });
    },
  );
  await projector.pump();
}, 600_000);

describe('the funder’s yearly dashboard of the region', () => {
  let board: Dashboard;
  beforeAll(async () => {
    board = await dashboard(funderToken, '/api/v1/stats/territory?period=2026');
  });

  it('lists the region, its département and the structure, with the targets', () => {
    const rows = board.tables[0]?.rows.map((row) => row.scope.label);
    expect(rows).toEqual(['Centre-Val de Loire', 'Département 45', 'Atelier Loire Insertion']);
    expect(board.targets).toEqual({ positiveExitRate: 0.6, insertionRate: 0.3 });
    expect(cell(board, 'synthese', 'positiveExitRate')).toBeDefined();
    const columns = board.tables[0]?.columns ?? [];
    expect(columns.find((column) => column.id === 'positiveExitRate')?.target).toBe(0.6);
    expect(columns.find((column) => column.id === 'insertionRate')?.target).toBe(0.3);
  });

  it('gives every figure of the population, the same on each row', () => {
    for (const row of [0, 1, 2]) {
      const at = (table: string, column: string) => display(board, table, column, row);
      expect(at('synthese', 'supported')).toBe('300');
      expect(at('synthese', 'entries')).toBe('300');
      expect(at('synthese', 'exits')).toBe('200');
      expect(at('synthese', 'insertionRate')).toBe('37,0 %');
      expect(at('synthese', 'positiveExitRate')).toBe('50,0 %');
      expect(at('synthese', 'businessCreations')).toBe('6');
      expect(at('synthese', 'averageDuration')).toBe('126,0 jours');
      expect(at('synthese', 'renewalRate')).toBe('15,0 %');
      expect(at('synthese', 'supportHours')).toBe('450,0 h');
      // 330 six-month supports (300 entries, 30 renewals) at 800 € over 300 people.
      expect(at('synthese', 'costPerPerson')).toBe('880,00 €');
      expect(at('synthese', 'answerDelay')).toBe('7,0 jours');
      expect(at('synthese', 'firstContactDelay')).toBe('10,0 jours');
      expect(at('entrees', 'gender.female')).toBe('150');
      expect(at('entrees', 'gender.male')).toBe('150');
      expect(at('entrees', 'age.under-26')).toBe('60');
      expect(at('entrees', 'age.26-50')).toBe('210');
      expect(at('entrees', 'age.over-50')).toBe('30');
      expect(at('entrees', 'income.rsa')).toBe('180');
      expect(at('entrees', 'minimumIncomeRate')).toBe('60,0 %');
      expect(at('prescripteurs', 'franceTravailShare')).toBe('73,0 %');
      expect(at('prescripteurs', 'prescriber.france-travail')).toBe('219');
      expect(at('prescripteurs', 'prescriber.mission-locale')).toBe('45');
      expect(at('prescripteurs', 'prescriber.ccas')).toBe('36');
      expect(at('freins', 'barrier.housing')).toBe('300');
      expect(at('freins', 'barrier.mobility')).toBe('300');
      expect(at('sorties', 'outcome.durable-employment')).toBe('20');
      expect(at('sorties', 'outcome.transitional-employment')).toBe('17');
      expect(at('sorties', 'outcome.dropped-out')).toBe('40');
      expect(at('distance', 'distance.housing')).toBe('2,0 points');
      expect(at('distance', 'distance.mobility')).toBe('0,0 points');
    }
  });

  it('never shows a count under 5 nor a rate over fewer than 5 people', () => {
    expect(cell(board, 'sorties', 'outcome.subsidised-contract')).toEqual({
      value: null,
      display: '< 5',
      suppressed: 'small-count',
    });
    expect(cell(board, 'freins', 'barrier.health')).toMatchObject({ value: null, display: '< 5' });
    expect(cell(board, 'distance', 'distance.health')).toMatchObject({ value: null });
    for (const table of board.tables) {
      table.columns.forEach((column, index) => {
        if (column.kind !== 'count') return;
        for (const row of table.rows) {
          const value = row.cells[index]?.value;
          if (value !== null && value !== undefined) expect(value).toBeGreaterThanOrEqual(5);
        }
      });
    }
  });

  it('draws the months: 300 entries in February, 200 exits in June', () => {
    const points = board.series.points;
    expect(points).toHaveLength(12);
    expect(points[1]?.entries.display).toBe('300');
    expect(points[5]?.exits.display).toBe('200');
    expect(points.map((point) => point.supported.display)).toEqual([
      '< 5',
      '300',
      '300',
      '300',
      '300',
      '300',
      '100',
      '100',
      '100',
      '100',
      '100',
      '100',
    ]);
  });

  it('gives a month’s figures by the month', async () => {
    const june = await dashboard(funderToken, '/api/v1/stats/territory?period=2026-06');
    expect(display(june, 'synthese', 'supported')).toBe('300');
    expect(display(june, 'synthese', 'entries')).toBe('< 5');
    expect(display(june, 'synthese', 'exits')).toBe('200');
    const july = await dashboard(funderToken, '/api/v1/stats/territory?period=2026-07');
    expect(display(july, 'synthese', 'supported')).toBe('100');
  });

  it('shows a département funder its département and structures, not the region', async () => {
    const local = await dashboard(departementFunderToken, '/api/v1/stats/territory?period=2026');
    expect(local.tables[0]?.rows.map((row) => row.scope.label)).toEqual([
      'Département 45',
      'Atelier Loire Insertion',
    ]);
  });
});

describe('the structure-admin’s dashboard', () => {
  it('gives the same figures, small ones included', async () => {
    const board = await dashboard(adminToken, '/api/v1/stats/structure?period=2026');
    expect(board.tables[0]?.rows.map((row) => row.scope.label)).toEqual([
      'Atelier Loire Insertion',
    ]);
    expect(display(board, 'synthese', 'supported')).toBe('300');
    expect(display(board, 'sorties', 'outcome.subsidised-contract')).toBe('3');
    expect(display(board, 'freins', 'barrier.health')).toBe('0');
  });
});

describe('the CSV export', () => {
  it('is UTF-8 with a BOM, semicolons, a decimal comma and French headers', async () => {
    const response = await world.call(
      funderToken,
      'GET',
      '/api/v1/stats/territory/export?period=2026&table=sorties',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('.csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true })
      .decode(bytes)
      .slice(1)
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Périmètre;Sorties;Emploi durable/);
    expect(lines[0]).toContain('Taux d’insertion professionnelle (%)');
    expect(lines).toHaveLength(4);
    const region = lines[1]?.split(';') ?? [];
    expect(region[0]).toBe('Centre-Val de Loire');
    expect(region[1]).toBe('200');
    expect(region).toContain('< 5');
    expect(region.at(-2)).toBe('37,0');
    expect(region.at(-1)).toBe('50,0');
  });

  it('writes one number per cell, as a spreadsheet reads it', async () => {
    const response = await world.call(
      adminToken,
      'GET',
      '/api/v1/stats/structure/export?period=2026&table=distance',
    );
    const text = await response.text();
    expect(text.split('\r\n')[1]).toMatch(/^Atelier Loire Insertion;2,0;–;–;0,0;/);
    const monthly = await world.call(
      adminToken,
      'GET',
      '/api/v1/stats/structure/export?period=2026&table=synthese',
    );
    expect(await monthly.text()).toContain(';880,00;');
  });

  it('refuses an unknown table or period with a problem naming it', async () => {
    for (const query of ['table=inconnu', 'table=sorties&period=2026-13']) {
      const response = await world.call(
        funderToken,
        'GET',
        `/api/v1/stats/territory/export?${query}`,
      );
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('the projector', () => {
  const yearly = () => dashboard(funderToken, '/api/v1/stats/territory?period=2026');

  it('counts a record delivered again once', async () => {
    const before = await yearly();
    // A second reader starts again from the oldest record: every record comes twice.
    const again = aProjector(world.appDb, world.tableName);
    expect(await again.pump()).toBeGreaterThan(population * 5);
    await again.stop();
    expect(await yearly()).toEqual(before);
  }, 300_000);

  it('is not misled by records out of order', async () => {
    const before = await yearly();
    const reader = aProjector(world.appDb, world.tableName);
    const records = await reader.collect();
    await reader.stop();
    // Newest first, in batches of 100, as if the stream had delivered them backwards.
    const handler = aProjectorHandler(world.appDb, world.tableName);
    const backwards = records.reverse();
    for (let start = 0; start < backwards.length; start += 100) {
      const response = await handler(
        { Records: backwards.slice(start, start + 100) },
        localContext('reversed'),
      );
      expect(response.batchItemFailures).toEqual([]);
    }
    expect(await yearly()).toEqual(before);
  }, 300_000);

  it('moves the counts when an exit is corrected, without adding to them', async () => {
    const id = caseIds[100] ?? '';
    clock.set('2026-06-20T09:00:00.000Z');
    await call(adminToken, 'POST', `/api/v1/cases/${id}/exit/correction`, {
      date: '2026-06-15',
      outcome: 'durable-employment',
    });
    await projector.pump();
    const board = await yearly();
    expect(display(board, 'synthese', 'exits')).toBe('200');
    expect(display(board, 'sorties', 'outcome.durable-employment')).toBe('21');
    expect(display(board, 'sorties', 'outcome.dropped-out')).toBe('39');
    expect(display(board, 'synthese', 'insertionRate')).toBe('37,5 %');
    expect(display(board, 'synthese', 'positiveExitRate')).toBe('50,5 %');
  });

  it('moves an exit to its corrected month', async () => {
    const id = caseIds[101] ?? '';
    await call(adminToken, 'POST', `/api/v1/cases/${id}/exit/correction`, {
      date: '2026-05-29',
      outcome: 'lost-contact',
    });
    await projector.pump();
    const may = await dashboard(adminToken, '/api/v1/stats/structure?period=2026-05');
    expect(display(may, 'synthese', 'exits')).toBe('1');
    const june = await dashboard(adminToken, '/api/v1/stats/structure?period=2026-06');
    expect(display(june, 'synthese', 'exits')).toBe('199');
    expect(display(june, 'synthese', 'supported')).toBe('299');
  });
});

describe('stats:rebuild', () => {
  it('finds exactly the figures the projector kept, and rewriting them changes nothing', async () => {
    const before = await dashboard(funderToken, '/api/v1/stats/territory?period=2026');
    const check = await rebuildStatistics(
      { db: world.adminDb, tableName: world.tableName },
      { write: false },
    );
    expect(check.differences).toEqual([]);
    expect(check.sources).toBeGreaterThanOrEqual(population);
    const rebuilt = await rebuildStatistics(
      { db: world.adminDb, tableName: world.tableName },
      { write: true },
    );
    expect(rebuilt.differences).toEqual([]);
    expect(await dashboard(funderToken, '/api/v1/stats/territory?period=2026')).toEqual(before);
  });

  it('repairs counters a faulty projector left wrong', async () => {
    const data = { db: world.adminDb, tableName: world.tableName };
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await world.adminDb.send(
      new UpdateCommand({
        TableName: world.tableName,
        Key: { PK: 'STATS#24#2026', SK: 'A#REGION' },
        UpdateExpression: 'ADD #n :n',
        ExpressionAttributeNames: { '#n': 'n:exits' },
        ExpressionAttributeValues: { ':n': 7 },
      }),
    );
    const check = await rebuildStatistics(data, { write: false });
    expect(check.differences).toHaveLength(1);
    await rebuildStatistics(data, { write: true });
    expect((await rebuildStatistics(data, { write: false })).differences).toEqual([]);
    const board = await dashboard(funderToken, '/api/v1/stats/territory?period=2026');
    expect(display(board, 'synthese', 'exits')).toBe('200');
  });
});

describe('a support erased by retention', () => {
  it('leaves every figure as it was through its stub', async () => {
    const { DeleteCommand, PutCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { contributionsFor, ReferenceCache } = await import('../../shared/stats/projection.ts');
    const { readCaseFile } = await import('../../shared/cases/case-store.ts');
    const { getReferral } = await import('../../shared/referrals/referral-store.ts');
    const { getStructure } = await import('../../shared/organisations/structure-store.ts');
    const { snapshotOf, supportStubItem } = await import('../../shared/stats/stub.ts');
    const data = { db: world.adminDb, tableName: world.tableName };
    const before = await dashboard(funderToken, '/api/v1/stats/territory?period=2026');
    const structureBefore = await dashboard(adminToken, '/api/v1/stats/structure?period=2026');

    const id = caseIds[0] ?? '';
    const file = await readCaseFile(data, structureTenant(), id);
    const referral = await getReferral(data, structureTenant(), id);
    const structureOf = await getStructure(data, structureTenant());
    if (file === undefined || referral === undefined || structureOf === undefined) {
      throw new Error('the support is not there');
    }
    const contributions = await contributionsFor(new ReferenceCache(data), structureOf, {
      referral,
      supportCase: file.supportCase,
      barrierScores: file.barrierScores,
      journal: file.journal,
    });
    const { Items = [] } = await world.adminDb.send(
      new QueryCommand({
        TableName: world.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': `TENANT#${structureTenant()}`,
          ':prefix': `CASE#${id}`,
        },
      }),
    );
    for (const item of Items) {
      await world.adminDb.send(
        new DeleteCommand({ TableName: world.tableName, Key: { PK: item.PK, SK: item.SK } }),
      );
    }
    await world.adminDb.send(
      new PutCommand({
        TableName: world.tableName,
        Item: supportStubItem({
          id,
          tenantId: structureTenant(),
          erasedAt: '2028-07-01T00:00:00.000Z',
          referredMonth: '2026-02',
          enteredMonth: '2026-02',
          exitedMonth: '2026-06',
          gender: 'female',
          ageBandAtEntry: 'under-26',
          exitOutcome: 'durable-employment',
          statsSnapshot: snapshotOf(contributions),
        }),
      }),
    );
    await projector.pump();
    expect(await dashboard(funderToken, '/api/v1/stats/territory?period=2026')).toEqual(before);
    expect(await dashboard(adminToken, '/api/v1/stats/structure?period=2026')).toEqual(
      structureBefore,
    );
    expect((await rebuildStatistics(data, { write: false })).differences).toEqual([]);
  });
});
