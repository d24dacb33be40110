/**
 * Every key Appui writes or reads is built here, and nowhere else. Tenant items lead with
 * `TENANT#<id>`, so that the scope guard (and IAM's `dynamodb:LeadingKeys` in AWS) can refuse
 * anything outside the caller's structure.
 */
import { tableDefinition } from './table.ts';

const { indexes } = tableDefinition;

export interface ItemKey {
  PK: string;
  SK: string;
}

/** The leading part of every key of one tenant (structure). */
export const tenantPrefix = (tenantId: string): string => `TENANT#${tenantId}`;
export const orgPrefix = (orgId: string): string => `ORG#${orgId}`;
export const funderPrefix = (funderId: string): string => `FUNDER#${funderId}`;
export const platformPartition = 'PLATFORM';
/**
 * The leading part of the statistics of one region: counters per scope (region, département,
 * structure) and period, never a person. Funders read here and nowhere in a tenant.
 */
export const statsPrefix = (region: string): string => `STATS#${region}`;

export const keys = {
  structure: (tenantId: string): ItemKey => ({ PK: tenantPrefix(tenantId), SK: 'STRUCTURE' }),
  prescriberOrg: (orgId: string): ItemKey => ({ PK: orgPrefix(orgId), SK: 'ORG' }),
  funder: (funderId: string): ItemKey => ({ PK: funderPrefix(funderId), SK: 'FUNDER' }),
  /** A user lives in the partition of what it belongs to: a tenant, an organisation, a funder, the platform. */
  user: (scopePartition: string, userId: string): ItemKey => ({
    PK: scopePartition,
    SK: `USER#${userId}`,
  }),
  /** What a prescriber organisation sees of a referral it filed: status, dates, outcome. */
  orgReferral: (orgId: string, referralId: string): ItemKey => ({
    PK: orgPrefix(orgId),
    SK: `REFERRAL#${referralId}`,
  }),
  referral: (tenantId: string, referralId: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `REFERRAL#${referralId}`,
  }),
  /** The case root; every item of the case file sorts under it, so one Query reads the whole file. */
  case: (tenantId: string, caseId: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: caseFilePrefix(caseId),
  }),
  barrierScores: (tenantId: string, caseId: string, stage: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `${caseFilePrefix(caseId)}#SCORES#${stage}`,
  }),
  journalEntry: (tenantId: string, caseId: string, date: string, entryId: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `${caseFilePrefix(caseId)}#JOURNAL#${date}#${entryId}`,
  }),
  appointment: (tenantId: string, caseId: string, appointmentId: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `${caseFilePrefix(caseId)}#APPOINTMENT#${appointmentId}`,
  }),
  /**
   * A line of the case's history (a rectification and the values it replaced): under the case
   * file, so retention erases it with the file.
   */
  caseHistory: (tenantId: string, caseId: string, at: string, entryId: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `${caseHistoryPrefix(caseId)}${at}#${entryId}`,
  }),
  /** Kept apart from the case file, so reading the file does not read its ever-growing log. */
  accessLogEntry: (tenantId: string, caseId: string, at: string, entryId: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `${accessLogPrefix(caseId)}${at}#${entryId}`,
  }),
  /** A create request's answer, remembered per caller and tenant for a day. */
  idempotency: (tenantId: string, callerId: string, idempotencyKey: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `IDEMPOTENCY#${callerId}#${idempotencyKey}`,
  }),
  /**
   * The counters of one scope for one period (`2026`, `2026-03`, or `ALL` for the monthly ledger
   * of entries and exits): a region's partition per period holds every scope of the region.
   */
  statsRow: (region: string, period: string, scope: StatsScopeKey): ItemKey => ({
    PK: `${statsPrefix(region)}#${period}`,
    SK: statsScopeSortKey(scope),
  }),
  /** The same counters of a structure, kept in its own partition for its structure-admin. */
  structureStatsRow: (tenantId: string, period: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `STATS#${period}`,
  }),
  /** What one case (or referral) adds to the counters of one period: the projector's memory. */
  statsContribution: (tenantId: string, sourceId: string, period: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `${statsContributionPrefix(sourceId)}${period}`,
  }),
  seedMarker: (name: string): ItemKey => ({ PK: platformPartition, SK: `SEED#${name}` }),
  /** That a user's e-mail digest of a day (in the structure's time zone) went out: sent once. */
  digestMarker: (tenantId: string, userId: string, date: string): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `DIGEST#${userId}#${date}`,
  }),
  /** An alert sorts under what it is about: a case's are part of its file. */
  alert: (
    tenantId: string,
    subject: { type: 'case' | 'referral'; id: string },
    kind: string,
    dueOn: string,
  ): ItemKey => ({
    PK: tenantPrefix(tenantId),
    SK: `${alertPrefix(subject)}${kind}#${dueOn}`,
  }),
  /**
   * Who holds an e-mail address: created with the user in the same transaction, so two accounts
   * never share one. Its partition is the e-mail index's, so one widened scope covers both.
   */
  emailClaim: (email: string): ItemKey => ({
    PK: indexPartitions.userByEmail(email),
    SK: 'CLAIM',
  }),
} as const;

/** A scope of the statistics: the region, one of its départements, one structure. */
export type StatsScopeKey =
  | { kind: 'region' }
  | { kind: 'departement'; departement: string }
  | { kind: 'structure'; departement: string; tenantId: string };

/** Region first, then départements, then structures by département: one Query reads them in order. */
export function statsScopeSortKey(scope: StatsScopeKey): string {
  switch (scope.kind) {
    case 'region':
      return 'A#REGION';
    case 'departement':
      return `D#${scope.departement}`;
    case 'structure':
      return `S#${scope.departement}#${scope.tenantId}`;
  }
}

export function statsContributionPrefix(sourceId: string): string {
  return `STATCONTRIB#${sourceId}#`;
}

/** The sort-key prefix shared by a case root and every item of its file. */
export function caseFilePrefix(caseId: string): string {
  return `CASE#${caseId}`;
}

/** The sort-key prefix of every alert about a case or a referral (they sort under it). */
export function alertPrefix(subject: { type: 'case' | 'referral'; id: string }): string {
  return `${subject.type === 'case' ? caseFilePrefix(subject.id) : `REFERRAL#${subject.id}`}#ALERT#`;
}

/** The sort-key prefix of a case's history lines, oldest first. */
export function caseHistoryPrefix(caseId: string): string {
  return `${caseFilePrefix(caseId)}#HISTORY#`;
}

export function accessLogPrefix(caseId: string): string {
  return `ACCESS#${caseId}#`;
}

/** Index partitions, named by what they list: what a Query on an index reads. */
export const indexPartitions = {
  directory: (region: string): string => `DIRECTORY#${region}`,
  inbox: (tenantId: string): string => `${tenantPrefix(tenantId)}#INBOX`,
  caseload: (tenantId: string, referentId: string): string =>
    `${tenantPrefix(tenantId)}#REFERENT#${referentId}`,
  structureCases: (tenantId: string): string => `${tenantPrefix(tenantId)}#CASES`,
  userByEmail: (email: string): string => `EMAIL#${email.toLowerCase()}`,
  /** A user's alerts (GSI1), and a structure's (GSI2). */
  userAlerts: (tenantId: string, userId: string): string =>
    `${tenantPrefix(tenantId)}#ALERTS#${userId}`,
  structureAlerts: (tenantId: string): string => `${tenantPrefix(tenantId)}#ALERTS`,
  /**
   * Due dates, by time zone (each zone's morning sweep reads its own) and shard (so that no
   * partition runs hot). Only items with a pending deadline are there.
   */
  due: (timeZone: string, shard: number): string => `DUE#${timeZone}#${shard}`,
  /**
   * What retention will erase, by shard (every tenant's, read by the retention job only). Only
   * closed cases and declined, withdrawn or expired referrals are there.
   */
  purge: (shard: number): string => `PURGE#${shard}`,
} as const;

/** How many partitions the purge index is spread over. */
export const purgeShards = 4;

/** What the purge index lists: a closed case, or a referral that will never become one. */
export type PurgeKind = 'CASE' | 'REFERRAL';

/**
 * The sort key of an item in the purge index: its kind, then the day its retention period
 * started from (a case's last contact or exit, a referral's answer), then where it is. The
 * period itself is a platform setting applied when the index is read, so changing the setting
 * needs no rewrite of the items.
 */
export function purgeSortKey(
  kind: PurgeKind,
  since: string,
  tenantId: string,
  sortKey: string,
): string {
  return `${kind}#${since}#${tenantId}#${sortKey}`;
}

/** How many partitions each time zone's due dates are spread over. */
export const dueShards = 4;

/** The shard of an item, stable for its sort key. */
export function dueShardOf(sortKey: string): number {
  return hashOf(sortKey) % dueShards;
}

/** The purge-index shard of an item, stable for its sort key. */
export function purgeShardOf(sortKey: string): number {
  return hashOf(sortKey) % purgeShards;
}

function hashOf(sortKey: string): number {
  let hash = 0;
  for (const character of sortKey) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return hash;
}

/** Index keys, named by what they list. Attribute names come from the table definition. */
export const indexKeys = {
  /** Structures of a region by département, for prescribers choosing where to refer (one Query). */
  directory: (region: string, departement: string, tenantId: string) => ({
    [indexes.byRelation.partitionKey]: indexPartitions.directory(region),
    [indexes.byRelation.sortKey]: `${departement}#${tenantId}`,
  }),
  /** A structure's referral inbox, by status then date. */
  inbox: (tenantId: string, status: string, submittedAt: string, referralId: string) => ({
    [indexes.byRelation.partitionKey]: indexPartitions.inbox(tenantId),
    [indexes.byRelation.sortKey]: `${status}#${submittedAt}#${referralId}`,
  }),
  /** A référent's caseload, by phase. */
  caseload: (tenantId: string, referentId: string, phase: string, caseId: string) => ({
    [indexes.byRelation.partitionKey]: indexPartitions.caseload(tenantId, referentId),
    [indexes.byRelation.sortKey]: `${phase}#${caseId}`,
  }),
  /** Every case of a structure, by phase (the structure-admin's caseload). */
  structureCases: (tenantId: string, phase: string, caseId: string) => ({
    [indexes.byOwner.partitionKey]: indexPartitions.structureCases(tenantId),
    [indexes.byOwner.sortKey]: `${phase}#${caseId}`,
  }),
  /** An item in the due-date index: the sweep of `timeZone` reads it from `dueOn` on. */
  due: (timeZone: string, tenantId: string, sortKey: string, dueOn: string) => ({
    [indexes.byDueDate.partitionKey]: indexPartitions.due(timeZone, dueShardOf(sortKey)),
    [indexes.byDueDate.sortKey]: `${dueOn}#${tenantId}#${sortKey}`,
  }),
  /** An item in the purge index: retention reads it once its period from `since` has passed. */
  purge: (kind: PurgeKind, since: string, tenantId: string, sortKey: string) => ({
    [indexes.byPurgeDate.partitionKey]: indexPartitions.purge(purgeShardOf(sortKey)),
    [indexes.byPurgeDate.sortKey]: purgeSortKey(kind, since, tenantId, sortKey),
  }),
  userAlerts: (
    tenantId: string,
    recipientId: string,
    status: string,
    dueOn: string,
    alertSortKey: string,
  ) => ({
    [indexes.byRelation.partitionKey]: indexPartitions.userAlerts(tenantId, recipientId),
    [indexes.byRelation.sortKey]: `${status}#${dueOn}#${alertSortKey}`,
  }),
  structureAlerts: (tenantId: string, status: string, dueOn: string, alertSortKey: string) => ({
    [indexes.byOwner.partitionKey]: indexPartitions.structureAlerts(tenantId),
    [indexes.byOwner.sortKey]: `${status}#${dueOn}#${alertSortKey}`,
  }),
  /** A user by e-mail address (unique across the platform). */
  userByEmail: (email: string) => ({
    [indexes.byOwner.partitionKey]: indexPartitions.userByEmail(email),
    [indexes.byOwner.sortKey]: 'USER',
  }),
} as const;
