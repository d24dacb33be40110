/**
 * `npm run stats:rebuild`: recomputes every counter from the referrals and case files themselves,
 * with the projector's own `contributionsFor`, for after a fix in the projector. With `write:
 * false` it only compares and lists the rows and contributions that differ; with `write: true`
 * it rewrites them. Run it while the projector is paused (in AWS: disable the stream's event
 * source mapping, rebuild, enable it again), or a projection landing mid-rebuild may be undone.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { supportCase } from '../cases/case.ts';
import { stripKeys } from '../cases/case-store.ts';
import { barrierScores } from '../cases/diagnostic/barrier-scores.ts';
import { journalEntry } from '../cases/journal/journal-entry.ts';
import type { DataContext } from '../data/context.ts';
import { type ItemKey, statsPrefix, tenantPrefix } from '../data/keys.ts';
import { readPartition } from '../data/partition.ts';
import { regions } from '../measure/territory.ts';
import type { Structure } from '../organisations/structure.ts';
import { referral } from '../referrals/referral.ts';
import { listDirectory } from '../referrals/referral-store.ts';
import { type Counters, ledgerPeriod, type StatsSource, sameCounters } from './contributions.ts';
import { contributionsFor, ReferenceCache } from './projection.ts';
import { statsContributionKey } from './stats-row.ts';
import {
  contributionItem,
  rowCounters,
  rowItem,
  rowsOf,
  type StoredContribution,
  storedContributionOf,
} from './stats-store.ts';
import { contributionsOfStub, type SupportStub, supportStub, supportStubType } from './stub.ts';
export interface RebuildReport {
  regions: number;
  structures: number;
  sources: number;
  rowsCompared: number;
  /** What differed, by key (ids and periods only, nothing personal). */
  differences: string[];
  itemsWritten: number;
  itemsDeleted: number;
}

interface WantedRow {
  structure: Structure;
  period: string;
  counters: Counters;
}

const rowId = (key: ItemKey) => `${key.PK} ${key.SK}`;

export async function rebuildStatistics(
  data: DataContext,
  options: { write: boolean },
): Promise<RebuildReport> {
  const report: RebuildReport = {
    regions: 0,
    structures: 0,
    sources: 0,
    rowsCompared: 0,
    differences: [],
    itemsWritten: 0,
    itemsDeleted: 0,
  };
  const references = new ReferenceCache(data);
  for (const region of Object.keys(regions)) {
    const structures = await listDirectory(data, region, undefined);
    const ledger = await readPartition(data, `${statsPrefix(region)}#${ledgerPeriod}`);
    if (structures.length === 0 && ledger.length === 0) continue;
    report.regions += 1;
    const wantedRows = new Map<string, WantedRow & { key: ItemKey }>();
    const storedRows = new Map<string, Record<string, unknown>>();
    const periods = periodsOfLedger(ledger);
    const puts: Record<string, unknown>[] = [];
    const deletes: ItemKey[] = [];

    for (const structureOf of structures) {
      report.structures += 1;
      const { sources, stubs } = await readSources(data, structureOf.id);
      report.sources += sources.size + stubs.size;
      const storedContributions = await readStoredContributions(data, structureOf.id);
      for (const item of await readPartition(data, tenantPrefix(structureOf.id), 'STATS#')) {
        storedRows.set(rowId({ PK: String(item.PK), SK: String(item.SK) }), item);
        if (typeof item.period === 'string') periods.add(item.period);
      }
      for (const stored of storedContributions.values()) periods.add(stored.period);
      const wantedContributions = new Set<string>();
      const everyContribution = async function* () {
        for (const [sourceId, source] of sources) {
          // A stub's person is erased; what remains of a case file under it counts for nothing.
          if (stubs.has(sourceId)) continue;
          yield [sourceId, await contributionsFor(references, structureOf, source)] as const;
        }
        for (const [sourceId, stub] of stubs) yield [sourceId, contributionsOfStub(stub)] as const;
      };
      for await (const [sourceId, contributions] of everyContribution()) {
        for (const [period, counters] of contributions) {
          const rows = rowsOf(structureOf, period);
          periods.add(period);
          for (const key of rows) {
            const id = rowId(key);
            const wanted = wantedRows.get(id) ?? {
              key,
              structure: structureOf,
              period,
              counters: {},
            };
            for (const [name, value] of Object.entries(counters)) {
              wanted.counters[name] = (wanted.counters[name] ?? 0) + value;
            }
            wantedRows.set(id, wanted);
          }
          const id = `${sourceId}#${period}`;
          wantedContributions.add(id);
          const stored = storedContributions.get(id);
          if (
            stored === undefined ||
            !sameCounters(stored.counters, counters) ||
            !sameKeys(stored.rows, rows)
          ) {
            report.differences.push(`contribution ${structureOf.id}/${id}`);
            puts.push(
              contributionItem(structureOf.id, sourceId, period, {
                counters,
                rows,
                revision: (stored?.revision ?? 0) + 1,
              }),
            );
          }
        }
      }
      for (const [id, stored] of storedContributions) {
        if (wantedContributions.has(id)) continue;
        report.differences.push(`contribution ${structureOf.id}/${id} (stale)`);
        const sourceId = id.slice(0, id.length - stored.period.length - 1);
        deletes.push(statsContributionKey(structureOf.id, sourceId, stored.period));
      }
    }

    // The region's partitions of every period anyone wrote to (the ledger's is among them).
    for (const period of periods) {
      for (const item of await readPartition(data, `${statsPrefix(region)}#${period}`)) {
        storedRows.set(rowId({ PK: String(item.PK), SK: String(item.SK) }), item);
      }
    }
    for (const id of new Set([...wantedRows.keys(), ...storedRows.keys()])) {
      report.rowsCompared += 1;
      const wanted = wantedRows.get(id);
      const stored = storedRows.get(id);
      const storedCounters = stored === undefined ? undefined : rowCounters(stored);
      if (
        wanted !== undefined &&
        stored !== undefined &&
        sameCounters(wanted.counters, storedCounters)
      ) {
        continue;
      }
      if (wanted === undefined && stored !== undefined && sameCounters({}, storedCounters))
        continue;
      report.differences.push(`row ${id}`);
      if (wanted !== undefined) {
        puts.push(rowItem(wanted.structure, wanted.key, wanted.period, wanted.counters));
      } else if (stored !== undefined) {
        deletes.push({ PK: String(stored.PK), SK: String(stored.SK) });
      }
    }
    if (options.write) {
      await writeInBatches(data, puts, deletes);
      report.itemsWritten += puts.length;
      report.itemsDeleted += deletes.length;
    }
  }
  return report;
}

function sameKeys(a: readonly ItemKey[], b: readonly ItemKey[]): boolean {
  return (
    a.length === b.length &&
    a.every((key, index) => rowId(key) === rowId(b[index] ?? { PK: '', SK: '' }))
  );
}

/**
 * The periods the region's ledger implies: each month with an entry or an exit, every month of
 * those years, the years themselves, and the ledger.
 */
function periodsOfLedger(ledger: readonly Record<string, unknown>[]): Set<string> {
  const periods = new Set<string>([ledgerPeriod]);
  for (const item of ledger) {
    for (const name of Object.keys(rowCounters(item))) {
      const year = name.split('@')[1]?.slice(0, 4);
      if (year === undefined) continue;
      periods.add(year);
      for (let month = 1; month <= 12; month += 1) {
        periods.add(`${year}-${String(month).padStart(2, '0')}`);
      }
    }
  }
  return periods;
}

async function readStoredContributions(
  data: DataContext,
  tenantId: string,
): Promise<Map<string, StoredContribution>> {
  const found = new Map<string, StoredContribution>();
  for (const item of await readPartition(data, tenantPrefix(tenantId), 'STATCONTRIB#')) {
    const stored = storedContributionOf(item);
    found.set(`${String(item.sourceId)}#${stored.period}`, stored);
  }
  return found;
}

/** Every support of a structure: its referrals, and the case files grown from them. */
async function readSources(
  data: DataContext,
  tenantId: string,
): Promise<{ sources: Map<string, StatsSource>; stubs: Map<string, SupportStub> }> {
  const sources = new Map<string, StatsSource>();
  const stubs = new Map<string, SupportStub>();
  const sourceOf = (id: string): StatsSource => {
    const found = sources.get(id) ?? {
      referral: undefined,
      supportCase: undefined,
      barrierScores: [],
      journal: [],
    };
    sources.set(id, found);
    return found;
  };
  for (const item of await readPartition(data, tenantPrefix(tenantId), 'REFERRAL#')) {
    if (item.type === supportStubType) {
      const stub = supportStub.parse(stripKeys(item));
      stubs.set(stub.id, stub);
      continue;
    }
    if (item.type !== 'referral') continue;
    const parsed = referral.parse(stripKeys(item));
    sourceOf(parsed.id).referral = parsed;
  }
  for (const item of await readPartition(data, tenantPrefix(tenantId), 'CASE#')) {
    const fields = stripKeys(item);
    switch (item.type) {
      case 'case': {
        const parsed = supportCase.parse(fields);
        sourceOf(parsed.id).supportCase = parsed;
        break;
      }
      case 'barrier-scores': {
        const parsed = barrierScores.parse(fields);
        sourceOf(parsed.caseId).barrierScores = [...sourceOf(parsed.caseId).barrierScores, parsed];
        break;
      }
      case 'journal-entry': {
        const parsed = journalEntry.parse(fields);
        sourceOf(parsed.caseId).journal = [...sourceOf(parsed.caseId).journal, parsed];
        break;
      }
      default:
        break;
    }
  }
  return { sources, stubs };
}

async function writeInBatches(
  { db, tableName }: DataContext,
  puts: Record<string, unknown>[],
  deletes: ItemKey[],
): Promise<void> {
  const requests = [
    ...puts.map((item) => ({ PutRequest: { Item: item } })),
    ...deletes.map((key) => ({ DeleteRequest: { Key: key } })),
  ];
  for (let start = 0; start < requests.length; start += 25) {
    let pending: typeof requests | undefined = requests.slice(start, start + 25);
    for (let attempt = 0; pending !== undefined && pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('stats:rebuild: writes still unprocessed after 8 attempts');
      const result = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = result.UnprocessedItems?.[tableName] as typeof requests | undefined;
      if (pending !== undefined && pending.length > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }
}
