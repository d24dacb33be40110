/**
 * A funder's yearly dashboard of its region reads counter rows, not cases: on an in-memory
 * DynamoDB Local, a region of 20 structures with 1 000 and then 20 000 cases (referral and case
 * items, and the counters the projector's own contribution function gives them), the same
 * dashboard must read the same number of items at both sizes (`stats.items_read_ratio`, the
 * gate), in about the same time (`stats.latency_ratio`, a tripwire). The two
 * sizes are measured alternately in one run, so the machine's noise falls on both alike.
 */
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { ensureTable } from '../infra/local/table.ts';
import { caseItem, type SupportCase } from '../shared/cases/case.ts';
import { addDays } from '../shared/common/dates.ts';
import { makeDynamoClient, toDocumentClient } from '../shared/data/client.ts';
import { runInScope, scopeFor } from '../shared/data/scope.ts';
import { makeGuardedDocumentClient } from '../shared/data/scope-guard.ts';
import { defaultDeadlineSettings } from '../shared/deadlines/deadline-settings.ts';
import { exitOutcomes } from '../shared/measure/vocabulary.ts';
import { type Structure, structureKey } from '../shared/organisations/structure.ts';
import { type Referral, referralItem } from '../shared/referrals/referral.ts';
import { type Counters, contributionsOf } from '../shared/stats/contributions.ts';
import { rowItem, rowsOf } from '../shared/stats/stats-store.ts';
import { makeTerritoryDashboard } from '../shared/stats/territory-dashboard.ts';
import { figure } from './figures.ts';
import { writeAll } from './table-writer.ts';

const region = 'eu-west-3';
const sizes = [1_000, 20_000] as const;
const rounds = 60;
const departements = ['75', '92', '93', '94'] as const;
const structureCount = 20;

const uuid = (kind: number, index: number) =>
  `0192f0a0-0000-7000-8${kind.toString(16).padStart(3, '0')}-${index.toString(16).padStart(12, '0')}`;

const structures: Structure[] = Array.from({ length: structureCount }, (_, index) => ({
  id: uuid(2, index),
  name: `Structure ${index + 1}`,
  siret: '81234567890121',
  kind: 'association',
  territory: { region: '11', departement: departements[index % departements.length] ?? '75' },
  timeZone: 'Europe/Paris',
  capacity: 2_000,
  conventionAmountPerSupportCents: 80_000,
  cofinancing: { esfPercent: 70, statePercent: 30 },
  deadlines: defaultDeadlineSettings,
  activeCases: 0,
  createdAt: '2025-01-01T00:00:00.000Z',
}));

/** Person `index`: referred and accepted in 2026, two in three gone by the end of the year. */
function aSupport(index: number): { referral: Referral; supportCase: SupportCase } {
  const id = uuid(1, index);
  const structure = structures[index % structureCount] ?? structures[0];
  if (structure === undefined) throw new Error('no structure');
  const enteredOn = addDays('2026-01-05', index % 300);
  const person = {
    firstName: 'Personne',
    lastName: `Numéro ${index}`,
    birthDate: `19${60 + (index % 45)}-06-15`,
    gender: index % 2 === 0 ? ('female' as const) : ('male' as const),
    postalCode: '75011',
    city: 'Paris',
  };
  const situation = { minimumIncome: 'rsa' as const, registeredWithFranceTravail: true };
  const referral: Referral = {
    id,
    tenantId: structure.id,
    orgId: uuid(3, 0),
    prescriberId: uuid(4, 0),
    status: 'accepted',
    submittedAt: `${addDays(enteredOn, -7)}T09:00:00.000Z`,
    answeredAt: `${enteredOn}T09:00:00.000Z`,
    timeZone: 'Europe/Paris',
    person,
    situation,
    barriers: ['housing', 'mobility'],
    specificPublics: [],
    context: 'upstream-of-employment',
    reason: 'Accompagnement global.',
    consent: { recordedAt: `${addDays(enteredOn, -7)}T09:00:00.000Z`, recordedBy: uuid(4, 0) },
    version: 2,
  };
  const exited = index % 3 !== 0;
  const supportCase: SupportCase = {
    id,
    tenantId: structure.id,
    referralId: id,
    orgId: uuid(3, 0),
    referentId: uuid(5, index % 100),
    phase: exited ? 'exited' : 'period-1',
    acceptedAt: `${enteredOn}T09:00:00.000Z`,
    timeZone: 'Europe/Paris',
    person,
    situation,
    ...(exited
      ? {
          exit: {
            date: addDays(enteredOn, 60),
            outcome: exitOutcomes.codes[index % exitOutcomes.codes.length] ?? 'dropped-out',
          },
        }
      : {}),
    version: 3,
  };
  return { referral, supportCase };
}

/** The cases, and the counter rows the projector would keep for them. */
function theTable(size: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = structures.map((structure) => ({
    ...structureKey(structure.id),
    type: 'structure',
    ...structure,
  }));
  const rows = new Map<string, { structure: Structure; period: string; counters: Counters }>();
  for (let index = 0; index < size; index += 1) {
    const { referral, supportCase } = aSupport(index);
    items.push(referralItem(referral), caseItem(supportCase));
    const structure = structures[index % structureCount];
    if (structure === undefined) continue;
    const contributions = contributionsOf(
      { referral, supportCase, barrierScores: [], journal: [] },
      {
        timeZone: 'Europe/Paris',
        conventionAmountPerSupportCents: 80_000,
        esfPercent: 70,
        statePercent: 30,
        prescriberKind: 'france-travail',
      },
    );
    for (const [period, counters] of contributions) {
      for (const key of rowsOf(structure, period)) {
        const id = `${key.PK} ${key.SK}`;
        const row = rows.get(id) ?? { structure, period, counters: {} };
        for (const [name, value] of Object.entries(counters)) {
          row.counters[name] = (row.counters[name] ?? 0) + value;
        }
        rows.set(id, row);
      }
    }
  }
  for (const [id, row] of rows) {
    const [PK = '', SK = ''] = id.split(' ');
    items.push(rowItem(row.structure, { PK, SK }, row.period, row.counters));
  }
  return items;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const started = performance.now();
const dynamo = await startDynamoDbLocal();
const client = makeDynamoClient({ region, endpoint: dynamo.endpoint });
const db = toDocumentClient(client);
const guarded = makeGuardedDocumentClient({ region, endpoint: dynamo.endpoint });
const funder = {
  role: 'funder' as const,
  userId: uuid(6, 0),
  funderId: uuid(7, 0),
  region: '11',
  departements: [],
};
const timings = new Map<number, number[]>(sizes.map((size) => [size, []]));
const itemsRead = new Map<number, number>();
try {
  const dashboards = new Map<number, ReturnType<typeof makeTerritoryDashboard>>();
  for (const size of sizes) {
    const tableName = `appui-bench-stats-${size}`;
    await ensureTable(client, tableName);
    const seeding = performance.now();
    const items = theTable(size);
    await writeAll(db, tableName, items);
    console.error(
      `seeded ${size} cases (${items.length} items) in ${Math.round(performance.now() - seeding)} ms`,
    );
    dashboards.set(
      size,
      makeTerritoryDashboard({
        db: guarded,
        tableName,
        now: () => new Date('2026-12-31T12:00:00.000Z'),
        settings: {
          accessLogRetentionDays: 365,
          idempotencyHours: 24,
          personalDataRetentionYears: 2,
          declinedReferralRetentionMonths: 6,
        },
      }),
    );
  }
  const read = (size: number) => {
    const dashboard = dashboards.get(size);
    if (dashboard === undefined) throw new Error(`no dashboard for ${size}`);
    return runInScope(scopeFor(funder), () => dashboard(funder, '2026'));
  };
  // Warm-up, then the two sizes in turn.
  for (const size of sizes) for (let round = 0; round < 5; round += 1) await read(size);
  for (let round = 0; round < rounds; round += 1) {
    for (const size of round % 2 === 0 ? sizes : [...sizes].reverse()) {
      const begin = performance.now();
      const result = await read(size);
      timings.get(size)?.push(performance.now() - begin);
      itemsRead.set(size, result.itemsRead);
    }
  }
} finally {
  client.destroy();
  guarded.destroy();
  await dynamo.stop();
}

for (const size of sizes) {
  console.log(figure(`stats.items_read.${size}`, itemsRead.get(size) ?? 0, 'items', '<=', 100));
  console.log(
    figure(
      `stats.latency_ms.${size}`,
      Number(median(timings.get(size) ?? []).toFixed(2)),
      'ms',
      '<=',
      250,
    ),
  );
}
const [small, large] = sizes.map((size) => itemsRead.get(size) ?? 0);
console.log(
  figure('stats.items_read_ratio', (large ?? 0) / Math.max(small ?? 0, 1), 'ratio', '<=', 1.05),
);
// Each round reads both sizes back to back: the ratio of a round sees the same neighbours on
// the machine, and the median of the rounds' ratios leaves out the rounds a burst disturbed.
const smallTimes = timings.get(sizes[0]) ?? [];
const largeTimes = timings.get(sizes[1]) ?? [];
const ratios = smallTimes.map((time, round) => (largeTimes[round] ?? 0) / Math.max(time, 0.001));
// A tripwire, not the gate: DynamoDB Local's own cost grows with its table's size, where
// DynamoDB's does not; the items read (above) are what the design promises.
console.log(figure('stats.latency_ratio', median(ratios), 'ratio', '<=', 1.5));
console.error(`bench done in ${Math.round((performance.now() - started) / 1000)} s`);
