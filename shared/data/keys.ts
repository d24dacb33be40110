/**
 * The partitions of the table: what each key leads with. Each entity builds its own keys from
 * these (shared/<feature>/<entity>.ts); the scope (./scope.ts) grants callers these partitions.
 * Tenant items lead with `TENANT#<id>`, so that the scope guard (and IAM's
 * `dynamodb:LeadingKeys` in AWS) can refuse anything outside the caller's structure.
 */
import { tagSafe } from './tag-value.ts';

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

/** Index partitions, named by what they list: what a Query on an index reads. */
export const indexPartitions = {
  directory: (region: string): string => `DIRECTORY#${region}`,
  inbox: (tenantId: string): string => `${tenantPrefix(tenantId)}#INBOX`,
  caseload: (tenantId: string, referentId: string): string =>
    `${tenantPrefix(tenantId)}#REFERENT#${referentId}`,
  structureCases: (tenantId: string): string => `${tenantPrefix(tenantId)}#CASES`,
  /**
   * Who holds an address: the lower-case address in STS's alphabet (`o=27neil@…`), since it is
   * also the session tag the tenant and platform access roles' policies read (tag-value.ts).
   */
  userByEmail: (email: string): string => `EMAIL#${tagSafe(email.toLowerCase())}`,
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

/** A stable shard in `0..shards-1` for a sort key. */
export function shardOf(sortKey: string, shards: number): number {
  let hash = 0;
  for (const character of sortKey) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return hash % shards;
}

/** A create request's answer, remembered per caller and tenant for a day. */
export function idempotencyRecordKey(tenantId: string, callerId: string, key: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `IDEMPOTENCY#${callerId}#${key}` };
}

/** That the demo world (or another seed) was written once. */
export function seedMarkerKey(name: string): ItemKey {
  return { PK: platformPartition, SK: `SEED#${name}` };
}
