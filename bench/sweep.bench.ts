/**
 * The morning sweep reads what is due, not the table: on an in-memory DynamoDB Local, 1 000 and
 * then 20 000 cases of which the same 100 are due today; the sweep of today must read about
 * those 100 at both sizes, in about the same time.
 */
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { ensureTable } from '../infra/local/table.ts';
import type { SupportCase } from '../shared/cases/case.ts';
import { caseItem } from '../shared/cases/case.ts';
import { addDays } from '../shared/common/dates.ts';
import { makeDynamoClient, toDocumentClient } from '../shared/data/client.ts';
import { makeGuardedDocumentClient } from '../shared/data/scope-guard.ts';
import { makeSweep, type SweepReport } from '../shared/deadlines/sweep.ts';
import { figure } from './figures.ts';
import { writeAll } from './table-writer.ts';

const region = 'eu-west-3';
const today = '2027-03-01';
const timeZone = 'Indian/Reunion';
const dueToday = 100;
const sizes = [1_000, 20_000] as const;
const tenants = 20;

const uuid = (kind: number, index: number) =>
  `0192f0a0-0000-7000-8${kind.toString(16).padStart(3, '0')}-${index.toString(16).padStart(12, '0')}`;

/** Case `index`: the first 100 fall silent today; the others later, within two weeks. */
function aCase(index: number): SupportCase {
  const id = uuid(1, index);
  const silentFor = index < dueToday ? 14 : index % 14;
  return {
    id,
    tenantId: uuid(2, index % tenants),
    referralId: id,
    orgId: uuid(3, 0),
    referentId: uuid(4, index % 200),
    phase: 'period-1',
    acceptedAt: '2026-12-01T06:00:00.000Z',
    timeZone,
    person: {
      firstName: 'Personne',
      lastName: `Numéro ${index}`,
      birthDate: '1985-06-15',
      gender: 'female',
      postalCode: '97400',
      city: 'Saint-Denis',
    },
    situation: { minimumIncome: 'rsa', registeredWithFranceTravail: true },
    contract: {
      signedOn: '2027-01-01',
      objectives: ['Trouver un logement'],
      personCommitments: 'Venir chaque semaine.',
      structureCommitments: 'Un entretien par semaine.',
      period1EndsOn: '2027-06-30',
    },
    lastContactOn: addDays(today, -silentFor),
    version: 1,
  };
}

const started = performance.now();
const dynamo = await startDynamoDbLocal();
const client = makeDynamoClient({ region, endpoint: dynamo.endpoint });
const db = toDocumentClient(client);
const guarded = makeGuardedDocumentClient({ region, endpoint: dynamo.endpoint });
const measured = new Map<number, { report: SweepReport; wallMs: number }>();
try {
  for (const size of sizes) {
    const tableName = `appui-bench-${size}`;
    await ensureTable(client, tableName);
    const seeding = performance.now();
    await writeAll(
      db,
      tableName,
      Array.from({ length: size }, (_, index) => caseItem(aCase(index))),
    );
    console.error(`seeded ${size} cases in ${Math.round(performance.now() - seeding)} ms`);

    const sweep = makeSweep({
      db: guarded,
      tableName,
      now: () => new Date(`${today}T02:00:00.000Z`),
    });
    // Warms the process and the connection up on a day with nothing due.
    await sweep({ date: addDays(today, -30), timeZones: [timeZone] });
    const sweeping = performance.now();
    const report = await sweep({ date: today, timeZones: [timeZone] });
    measured.set(size, { report, wallMs: performance.now() - sweeping });
  }
} finally {
  client.destroy();
  guarded.destroy();
  await dynamo.stop();
}

for (const size of sizes) {
  const run = measured.get(size);
  if (run === undefined) throw new Error(`no measure for ${size}`);
  const { report, wallMs } = run;
  console.log(figure(`sweep.items_read.${size}`, report.itemsRead, 'items', '<=', 120));
  console.log(figure(`sweep.items_due.${size}`, report.itemsDue, 'items', '>=', dueToday));
  console.log(
    figure(
      `sweep.read_ratio.${size}`,
      report.itemsRead / Math.max(report.itemsDue, 1),
      'ratio',
      '<=',
      1.2,
    ),
  );
  console.log(figure(`sweep.wall_ms.${size}`, Math.round(wallMs), 'ms', '<=', 60_000));
}
const small = measured.get(1_000)?.wallMs ?? 0;
const large = measured.get(20_000)?.wallMs ?? 0;
console.log(figure('sweep.wall_ratio', large / Math.max(small, 1), 'ratio', '<=', 3));
console.error(`bench done in ${Math.round((performance.now() - started) / 1000)} s`);
