/**
 * Which partitions a piece of code may touch. A scope is built from the verified caller (or,
 * for scheduled and administrative work, declared as a system scope) and made current with
 * `runInScope`; the guard on the DynamoDB client (scope-guard.ts) refuses any key outside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal.ts';
import { isRegionCode, regions } from '../domain/territory.ts';
import {
  funderPrefix,
  indexKeys,
  orgPrefix,
  platformPartition,
  statsPrefix,
  tenantPrefix,
} from './keys.ts';
import { tableDefinition } from './table.ts';

export interface Scope {
  /** What the scope is for, safe to log: a role and partition prefixes, or a system reason. */
  readonly description: string;
  /** Partition-key prefixes the holder may touch: a key is inside `p` when it is `p` or starts with `p#`. */
  readonly partitions: readonly string[];
  /** Only a system scope has it: every key, every command. */
  readonly unrestricted?: true;
}

/** The partitions the verified caller may touch, and nothing more. */
export function scopeFor(principal: Principal): Scope {
  switch (principal.role) {
    case 'referent':
    case 'structure-admin':
      return roleScope(principal.role, [tenantPrefix(principal.tenantId)]);
    case 'prescriber':
      return roleScope(principal.role, [
        orgPrefix(principal.orgId),
        ...directoryPartitions(principal.region, principal.departements),
      ]);
    case 'funder':
      return roleScope(principal.role, [
        funderPrefix(principal.funderId),
        statsPrefix(principal.region),
      ]);
    case 'platform-admin':
      return roleScope(principal.role, [platformPartition]);
  }
}

/**
 * A scope that may also touch `partitions`: for a use case that has checked the caller may
 * reach them (a prescriber filing a referral into a structure of its territory, a
 * platform-admin creating a tenant). A system scope stays as it is.
 */
export function widenScope(scope: Scope, ...partitions: string[]): Scope {
  if (scope.unrestricted === true) return scope;
  const added = partitions.filter((partition) => !scope.partitions.includes(partition));
  if (added.length === 0) return scope;
  return restricted(`${scope.description} + ${added.map(describePartition).join(', ')}`, [
    ...scope.partitions,
    ...added,
  ]);
}

/**
 * The unrestricted scope of work no caller drives: the scheduled sweep, the stream projector,
 * the seed, admin tooling and test set-up. Always explicit, with its reason.
 */
export function systemScope(reason: string): Scope {
  if (reason.trim() === '') throw new RangeError('a system scope needs a reason');
  return Object.freeze({
    description: `system: ${reason}`,
    partitions: Object.freeze([]),
    unrestricted: true,
  });
}

/** Whether a partition-key value lies inside the scope (`TENANT#a` covers `TENANT#a#INBOX`, not `TENANT#ab`). */
export function isKeyInScope(scope: Scope, partitionKey: string): boolean {
  if (scope.unrestricted === true) return true;
  return scope.partitions.some(
    (partition) => partitionKey === partition || partitionKey.startsWith(`${partition}#`),
  );
}

const storage = new AsyncLocalStorage<Scope>();

/** Runs `fn` (and everything it awaits) with `scope` as the current scope. */
export function runInScope<T>(scope: Scope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the code running now; undefined outside `runInScope`. */
export function currentScope(): Scope | undefined {
  return storage.getStore();
}

const kindsWithId = new Set(['TENANT', 'ORG', 'FUNDER', 'DIRECTORY', 'STATS']);
const namedKinds = new Set([...kindsWithId, 'EMAIL', platformPartition]);
/** Ids are UUIDs, départements are INSEE codes; anything else might be personal and is hidden. */
const safeId =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9][0-9AB][0-9]?)$/i;

/**
 * A partition key as it may be logged: its kind and, for tenants, organisations, funders and
 * the directory, the id when it looks like one. E-mail addresses and anything unexpected are hidden.
 */
export function describePartition(partitionKey: string): string {
  const [kind = '', id, ...rest] = partitionKey.split('#');
  if (!namedKinds.has(kind)) return '<unrecognised partition>';
  if (id === undefined) return kind;
  const shown = kindsWithId.has(kind) && safeId.test(id) ? id : '…';
  return `${kind}#${shown}${rest.length > 0 ? '#…' : ''}`;
}

function roleScope(role: Principal['role'], partitions: readonly string[]): Scope {
  return restricted(`${role} of ${partitions.map(describePartition).join(', ')}`, partitions);
}

function restricted(description: string, partitions: readonly string[]): Scope {
  for (const partition of partitions) assertPartition(partition);
  return Object.freeze({ description, partitions: Object.freeze([...partitions]) });
}

/** A bare kind (`TENANT`) or a dangling `#` would cover every owner of that kind. */
function assertPartition(partition: string): void {
  const ownsOne =
    partition === platformPartition ||
    (/^[A-Z]+#/.test(partition) && !partition.endsWith('#') && !partition.includes('##'));
  if (!ownsOne) {
    throw new RangeError(`not a scope partition: ${describePartition(partition)}`);
  }
}

/**
 * The directory partitions listing the structures of a territory: its départements, or all
 * those of its region when none is listed. Built by keys.ts, which today files the directory
 * by region, so they come down to one partition.
 */
function directoryPartitions(region: string, departements: readonly string[]): string[] {
  const covered =
    departements.length > 0
      ? departements
      : isRegionCode(region)
        ? regions[region].departements
        : [];
  const { partitionKey } = tableDefinition.indexes.byRelation;
  return [
    ...new Set(
      covered.map((departement) => indexKeys.directory(region, departement, '')[partitionKey]),
    ),
  ];
}
