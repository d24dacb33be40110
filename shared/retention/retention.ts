/**
 * Retention, once a day: a closed case whose last contact is more than two years old, and a
 * declined, withdrawn or expired referral ended more than six months ago (platform settings), are
 * erased for good. Everything the table holds about the person goes — referral, case file
 * (scores, journal, appointments, alerts, history), access log — and a pseudonymous stub takes the
 * referral's place, holding the support's statistics contribution as it stood, so every indicator
 * stays as it was. The prescriber's follow-up keeps its status and outcome, not the names.
 *
 * The job reads the purge index up to the day whose period has run out (never a Scan: its cost
 * follows what is due), checks each item again on a fresh read, and erases it. A dry run does the
 * same reads and writes nothing. A second run finds nothing more: erased items leave the index.
 */

import { caseKey, type SupportCase, supportCase } from '../cases/case.ts';
import { acceptedOn } from '../cases/case-rules.ts';
import { stripKeys } from '../cases/case-store.ts';
import { barrierScores } from '../cases/diagnostic/barrier-scores.ts';
import { journalEntry } from '../cases/journal/journal-entry.ts';
import { dateIn } from '../common/dates.ts';
import { isoDate } from '../common/fields.ts';
import { parseOrRefuse } from '../common/validation.ts';
import { z } from '../common/zod.ts';
import type { DataContext } from '../data/context.ts';
import { runInScope, systemScope } from '../data/scope.ts';
import { type Referral, referral, referralKey } from '../referrals/referral.ts';
import { referralFollowUpKey } from '../referrals/referral-follow-up.ts';
import { getFollowUp } from '../referrals/referral-store.ts';
import { ageBandOn } from '../stats/contributions.ts';
import { contributionsFor, ReferenceCache } from '../stats/projection.ts';
import { type SupportStub, snapshotOf, supportStubItem, supportStubType } from '../stats/stub.ts';
import type { Settings } from '../use-case.ts';
import { type PurgeKind, purgeShards } from './purge-index.ts';
import {
  caseRetentionStart,
  lastDueStart,
  purgeOn,
  referralRetentionStart,
  retentionOver,
} from './retention-rules.ts';
import {
  type ErasureWrite,
  eraseTogether,
  maxTransactionWrites,
  queryPurgeDue,
  readSupport,
  type StoredItem,
  type SupportItems,
} from './retention-store.ts';
export interface RetentionDeps extends DataContext {
  now: () => Date;
  settings: Pick<Settings, 'personalDataRetentionYears' | 'declinedReferralRetentionMonths'>;
}

export const retentionOptions = z.strictObject({
  /** The day of the run (`--date`); the UTC day of `now` when absent. */
  date: isoDate.optional(),
  /** List what would go, write nothing. */
  dryRun: z.boolean().default(false),
  /** Items per Query page of the purge index. */
  pageSize: z.int().min(1).max(1_000).default(100),
});
export type RetentionOptions = z.input<typeof retentionOptions>;

/** One support erased (or, in a dry run, that would be): ids, kind and dates only. */
export interface Erasure {
  kind: 'case' | 'referral';
  tenantId: string;
  /** The referral's id, which is also its case's. */
  id: string;
  /** The day retention ran from (last contact or exit; end of the referral). */
  since: string;
  /** The first day it was due for erasure. */
  purgeOn: string;
  /** Items deleted or replaced (the stub counts as one); in a dry run, those that would be. */
  items: number;
  /** Transactions written (0 in a dry run). */
  transactions: number;
}

export interface RetentionReport {
  date: string;
  dryRun: boolean;
  erasures: Erasure[];
  /** Entries read from the purge index. */
  itemsRead: number;
  /** Of those, the ones a fresh read showed not (or no longer) due: left as they are. */
  skipped: number;
  /** Query pages of the purge index. */
  pages: number;
  /** Ids (tenant/id) whose erasure failed; they stay in the index for the next run. */
  failed: string[];
}

/** Some supports could not be erased (the others were); they stay due for the next run. */
export class RetentionIncompleteError extends Error {
  override readonly name = 'RetentionIncompleteError';
  constructor(
    readonly report: RetentionReport,
    options?: ErrorOptions,
  ) {
    super(`retention could not erase ${report.failed.length} support(s)`, options);
  }
}

/** `makeRetention(deps)(options)`: one run of the retention job, in the system scope. */
export function makeRetention(deps: RetentionDeps) {
  return (options: RetentionOptions = {}): Promise<RetentionReport> => {
    const checked = parseOrRefuse(retentionOptions, options);
    return runInScope(systemScope('personal data retention'), () => retain(deps, checked));
  };
}

interface Periods {
  today: string;
  caseMonths: number;
  referralMonths: number;
}

async function retain(
  deps: RetentionDeps,
  options: z.output<typeof retentionOptions>,
): Promise<RetentionReport> {
  const today = options.date ?? deps.now().toISOString().slice(0, 10);
  const periods: Periods = {
    today,
    caseMonths: deps.settings.personalDataRetentionYears * 12,
    referralMonths: deps.settings.declinedReferralRetentionMonths,
  };
  const report: RetentionReport = {
    date: today,
    dryRun: options.dryRun,
    erasures: [],
    itemsRead: 0,
    skipped: 0,
    pages: 0,
    failed: [],
  };
  const errors: unknown[] = [];
  const references = new ReferenceCache(deps);
  const kinds: [PurgeKind, number][] = [
    ['CASE', periods.caseMonths],
    ['REFERRAL', periods.referralMonths],
  ];
  for (const [kind, months] of kinds) {
    const upTo = lastDueStart(today, months);
    for (let shard = 0; shard < purgeShards; shard += 1) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await queryPurgeDue(deps, shard, kind, upTo, options.pageSize, startKey);
        report.pages += 1;
        report.itemsRead += page.items.length;
        // One support at a time: an erasure is a few transactions, the job has all night.
        for (const entry of page.items) {
          const tenantId = String(entry.tenantId);
          const id = String(entry.id);
          try {
            const erasure = await eraseOne(deps, references, periods, entry, options.dryRun);
            if (erasure === undefined) report.skipped += 1;
            else report.erasures.push(erasure);
          } catch (error: unknown) {
            report.failed.push(`${tenantId}/${id}`);
            errors.push(error);
          }
        }
        startKey = page.next;
      } while (startKey !== undefined);
    }
  }
  if (report.failed.length > 0) {
    throw new RetentionIncompleteError(report, { cause: new AggregateError(errors) });
  }
  return report;
}

/** Erases the support an index entry stands for, when a fresh read shows it due. */
async function eraseOne(
  deps: RetentionDeps,
  references: ReferenceCache,
  periods: Periods,
  entry: StoredItem,
  dryRun: boolean,
): Promise<Erasure | undefined> {
  const tenantId = String(entry.tenantId);
  if (entry.type === 'case') {
    const id = supportCase.parse(stripKeys(entry)).id;
    return eraseCase(deps, references, periods, tenantId, id, dryRun);
  }
  if (entry.type === 'referral') {
    const id = referral.parse(stripKeys(entry)).id;
    return eraseReferral(deps, references, periods, tenantId, id, dryRun);
  }
  throw new TypeError(`an item of type "${String(entry.type)}" is in the purge index`);
}

async function eraseCase(
  deps: RetentionDeps,
  references: ReferenceCache,
  periods: Periods,
  tenantId: string,
  id: string,
  dryRun: boolean,
): Promise<Erasure | undefined> {
  const support = await readSupport(deps, tenantId, id);
  const rootKey = caseKey(tenantId, id);
  const root = support.caseFile.find((item) => item.SK === rootKey.SK);
  if (root === undefined) return undefined;
  const current = supportCase.parse(stripKeys(root));
  const since = caseRetentionStart(current);
  if (since === undefined || !retentionOver(since, periods.caseMonths, periods.today)) {
    return undefined;
  }
  const place = referralPlace(support, tenantId, id);
  if (place.referral === undefined && !place.stubbed) {
    // Without its referral the support's contribution cannot be frozen: left for a person to see.
    throw new Error(`case ${id} has neither its referral nor a stub`);
  }
  // A run stopped half-way left the stub in place: the file under it no longer counts.
  const stubWrite =
    place.referral === undefined
      ? undefined
      : await stubFor(deps, references, place.referral, current, support, place.version);
  const followUp = await followUpWrite(deps, place.referral?.orgId ?? current.orgId, id);
  const writes: ErasureWrite[] = [
    // The stub first: from the first deletion on, the statistics read its frozen contribution.
    ...(stubWrite === undefined ? [] : [stubWrite]),
    ...followUp,
    ...deletions([...place.others, ...support.caseFile, ...support.accessLog], rootKey.SK),
    // The root last: it holds the purge-index entry, so a run stopped before it finds the rest.
    { kind: 'delete', key: rootKey, version: current.version },
  ];
  return finish(deps, dryRun, writes, {
    kind: 'case',
    tenantId,
    id,
    since,
    purgeOn: purgeOn(since, periods.caseMonths),
  });
}

async function eraseReferral(
  deps: RetentionDeps,
  references: ReferenceCache,
  periods: Periods,
  tenantId: string,
  id: string,
  dryRun: boolean,
): Promise<Erasure | undefined> {
  const support = await readSupport(deps, tenantId, id);
  const place = referralPlace(support, tenantId, id);
  const current = place.referral;
  if (current === undefined || place.version === undefined) return undefined;
  const since = referralRetentionStart(current.status, current.answeredAt);
  if (since === undefined || !retentionOver(since, periods.referralMonths, periods.today)) {
    return undefined;
  }
  const stubWrite = await stubFor(deps, references, current, undefined, support, place.version);
  const writes: ErasureWrite[] = [
    ...deletions([...place.others, ...support.caseFile, ...support.accessLog], undefined),
    ...(await followUpWrite(deps, current.orgId, id)),
    // The stub last: replacing the referral takes it out of the purge index.
    ...(stubWrite === undefined ? [] : [stubWrite]),
  ];
  return finish(deps, dryRun, writes, {
    kind: 'referral',
    tenantId,
    id,
    since,
    purgeOn: purgeOn(since, periods.referralMonths),
  });
}

/** What stands at the referral's key (the referral, or a stub already), and what sorts under it. */
function referralPlace(support: SupportItems, tenantId: string, id: string) {
  const { SK } = referralKey(tenantId, id);
  const item = support.referral.find((candidate) => candidate.SK === SK);
  const parsed =
    item === undefined || item.type === supportStubType
      ? undefined
      : referral.parse(stripKeys(item));
  return {
    referral: parsed,
    version: parsed?.version,
    stubbed: item?.type === supportStubType,
    /** The alerts raised about the referral. */
    others: support.referral.filter((candidate) => candidate.SK !== SK),
  };
}

/** The stub that replaces the referral, with the support's contribution as it stands now. */
async function stubFor(
  deps: RetentionDeps,
  references: ReferenceCache,
  current: Referral,
  file: SupportCase | undefined,
  support: SupportItems,
  version: number | undefined,
): Promise<ErasureWrite | undefined> {
  if (version === undefined) return undefined;
  const structureOf = await references.structure(current.tenantId);
  if (structureOf === undefined) {
    throw new Error(`structure ${current.tenantId} is gone: its supports go with its offboarding`);
  }
  const ofType = (type: string) =>
    support.caseFile.filter((item) => item.type === type).map(stripKeys);
  const contributions = await contributionsFor(references, structureOf, {
    referral: current,
    supportCase: file,
    barrierScores: ofType('barrier-scores').map((item) => barrierScores.parse(item)),
    journal: ofType('journal-entry').map((item) => journalEntry.parse(item)),
  });
  const enteredOn = file === undefined ? undefined : acceptedOn(file);
  const month = (day: string | undefined) => day?.slice(0, 7);
  const stub: SupportStub = {
    id: current.id,
    tenantId: current.tenantId,
    erasedAt: deps.now().toISOString(),
    referredMonth: dateIn(current.timeZone, new Date(current.submittedAt)).slice(0, 7),
    enteredMonth: month(enteredOn),
    exitedMonth: month(file?.exit?.date),
    gender: (file?.person ?? current.person).gender,
    ageBandAtEntry:
      enteredOn === undefined || file === undefined
        ? undefined
        : ageBandOn(file.person.birthDate, enteredOn),
    exitOutcome: file?.exit?.outcome,
    statsSnapshot: snapshotOf(contributions),
  };
  const item = supportStubItem(stub);
  return { kind: 'stub', item, replacesVersion: version };
}

/** What the prescriber keeps once the person is erased: status and outcome, no names. */
export const erasedPerson = { firstName: 'Données', lastName: 'effacées' } as const;

async function followUpWrite(
  deps: RetentionDeps,
  orgId: string,
  referralId: string,
): Promise<ErasureWrite[]> {
  const followUp = await getFollowUp(deps, orgId, referralId);
  if (followUp === undefined) return [];
  return [
    {
      kind: 'set',
      key: referralFollowUpKey(orgId, referralId),
      values: { person: erasedPerson },
    },
  ];
}

/** Deletes of every item but `except` (written apart, with its condition). */
function deletions(items: readonly StoredItem[], except: string | undefined): ErasureWrite[] {
  return items
    .filter((item) => item.SK !== except)
    .map((item): ErasureWrite => ({ kind: 'delete', key: { PK: item.PK, SK: item.SK } }));
}

/**
 * Writes the erasure in order, in transactions of at most 100 writes. More than 100 items (a year
 * of weekly entries, appointments and access-log lines) take several: the stub of a case goes in
 * the first, the case root in the last, so that whatever stops a run half-way, the statistics
 * already read the stub and the case is still in the purge index for the next run to finish.
 */
async function finish(
  deps: RetentionDeps,
  dryRun: boolean,
  writes: ErasureWrite[],
  erasure: Omit<Erasure, 'items' | 'transactions'>,
): Promise<Erasure> {
  const items = writes.filter((write) => write.kind !== 'set').length;
  if (dryRun) return { ...erasure, items, transactions: 0 };
  let transactions = 0;
  for (let start = 0; start < writes.length; start += maxTransactionWrites) {
    await eraseTogether(deps.db, deps.tableName, writes.slice(start, start + maxTransactionWrites));
    transactions += 1;
  }
  return { ...erasure, items, transactions };
}
