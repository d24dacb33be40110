/**
 * Keeps the statistics counters from what the table holds. Whatever record woke it up, the
 * projector reads the person's referral and case file as they are now, computes their
 * contribution and moves the counters by the difference with the one it stored last time. So a
 * record delivered twice, late or out of order changes nothing, and a corrected exit moves the
 * counts. Both the stream consumer and `npm run stats:rebuild` use `contributionsFor`.
 */

import { readCaseFile } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import type { ItemKey } from '../data/keys.ts';
import { prescriberKinds } from '../measure/vocabulary.ts';
import type { Structure } from '../organisations/structure.ts';
import { getStructure } from '../organisations/structure-store.ts';
import {
  type Contributions,
  contributionsOf,
  type StatsContext,
  type StatsSource,
  sameCounters,
} from './contributions.ts';
import { getPrescriberKind, readReferralOrStub } from './stats-reads.ts';
import {
  ContributionMovedError,
  readContributions,
  replaceContribution,
  rowsOf,
} from './stats-store.ts';
import { contributionsOfStub } from './stub.ts';

/** One person's support: a referral's id, which is also its case's. */
export interface SourceRef {
  tenantId: string;
  sourceId: string;
}

const tenantPattern = /^TENANT#([0-9a-f-]{36})$/;
const sourcePattern =
  /^(?:REFERRAL#([0-9a-f-]{36})|CASE#([0-9a-f-]{36})(?:#(?:SCORES|JOURNAL)#.*)?)$/;

/**
 * The support a changed item belongs to, from its key alone (so a removal is seen too), or
 * undefined when the item plays no part in the statistics (alerts, appointments, logs, counters).
 */
export function sourceOfKey(key: { PK?: unknown; SK?: unknown }): SourceRef | undefined {
  if (typeof key.PK !== 'string' || typeof key.SK !== 'string') return undefined;
  const tenant = tenantPattern.exec(key.PK)?.[1];
  const match = sourcePattern.exec(key.SK);
  const sourceId = match?.[1] ?? match?.[2];
  return tenant === undefined || sourceId === undefined
    ? undefined
    : { tenantId: tenant, sourceId };
}

/** Structures and organisations read once per batch (or per rebuild): they change rarely. */
export class ReferenceCache {
  private readonly structures = new Map<string, Promise<Structure | undefined>>();
  private readonly kinds = new Map<string, Promise<string | undefined>>();

  constructor(private readonly data: DataContext) {}

  structure(tenantId: string): Promise<Structure | undefined> {
    let found = this.structures.get(tenantId);
    if (found === undefined) {
      found = getStructure(this.data, tenantId);
      this.structures.set(tenantId, found);
    }
    return found;
  }

  prescriberKind(orgId: string): Promise<string | undefined> {
    let found = this.kinds.get(orgId);
    if (found === undefined) {
      found = getPrescriberKind(this.data, orgId);
      this.kinds.set(orgId, found);
    }
    return found;
  }
}

export function statsContextOf(
  structureOf: Structure,
  prescriberKind: string | undefined,
): StatsContext {
  const kind = prescriberKinds.codes.find((code) => code === prescriberKind);
  return {
    timeZone: structureOf.timeZone,
    conventionAmountPerSupportCents: structureOf.conventionAmountPerSupportCents,
    esfPercent: structureOf.cofinancing.esfPercent,
    statePercent: structureOf.cofinancing.statePercent,
    prescriberKind: kind,
  };
}

/** The contributions of one support, from its items as they are. */
export async function contributionsFor(
  references: ReferenceCache,
  structureOf: Structure,
  source: StatsSource,
): Promise<Contributions> {
  const orgId = source.referral?.orgId ?? source.supportCase?.orgId;
  const kind = orgId === undefined ? undefined : await references.prescriberKind(orgId);
  return contributionsOf(source, statsContextOf(structureOf, kind));
}

export interface ProjectionResult {
  /** Periods whose contribution changed (zero when the record had been seen already). */
  periodsMoved: number;
  /** Attempts beyond the first, after another writer moved a contribution first. */
  retries: number;
}

const maxAttempts = 8;

/** Brings the counters in line with one support as it is now. */
export async function projectSource(
  data: DataContext,
  references: ReferenceCache,
  { tenantId, sourceId }: SourceRef,
): Promise<ProjectionResult> {
  const structureOf = await references.structure(tenantId);
  // A structure that left the service takes its figures with it (offboarding deletes the rows).
  if (structureOf === undefined) return { periodsMoved: 0, retries: 0 };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const periodsMoved = await projectOnce(data, references, structureOf, sourceId);
      return { periodsMoved, retries: attempt };
    } catch (error: unknown) {
      if (!(error instanceof ContributionMovedError) || attempt + 1 >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
    }
  }
}

async function projectOnce(
  data: DataContext,
  references: ReferenceCache,
  structureOf: Structure,
  sourceId: string,
): Promise<number> {
  const [{ referral, stub }, file, stored] = await Promise.all([
    readReferralOrStub(data, structureOf.id, sourceId),
    // Counts need no note: they stay sealed, and the projector holds no key.
    readCaseFile(data, structureOf.id, sourceId, { notes: 'sealed' }),
    readContributions(data, structureOf.id, sourceId),
  ]);
  // Once retention has erased the person, the stub's frozen contribution stands for them.
  const wanted =
    stub !== undefined
      ? contributionsOfStub(stub)
      : await contributionsFor(references, structureOf, {
          referral,
          supportCase: file?.supportCase,
          barrierScores: file?.barrierScores ?? [],
          journal: file?.journal ?? [],
        });
  let moved = 0;
  for (const period of new Set([...stored.keys(), ...wanted.keys()])) {
    const before = stored.get(period);
    const counters = wanted.get(period);
    const rows = rowsOf(structureOf, period);
    if (
      before !== undefined &&
      counters !== undefined &&
      sameCounters(before.counters, counters) &&
      sameRows(before.rows, rows)
    ) {
      continue;
    }
    await replaceContribution(data, {
      tenantId: structureOf.id,
      sourceId,
      period,
      before,
      after: counters === undefined ? undefined : { counters, rows },
      structure: structureOf,
    });
    moved += 1;
  }
  return moved;
}

function sameRows(a: readonly ItemKey[], b: readonly ItemKey[]): boolean {
  return (
    a.length === b.length &&
    a.every((row, index) => row.PK === b[index]?.PK && row.SK === b[index]?.SK)
  );
}
