/**
 * Which partitions a piece of code may touch. A scope is built from the verified caller (or,
 * for scheduled and administrative work, declared as a system scope) and made current with
 * `runInScope`; the guard on the DynamoDB client (scope-guard.ts) refuses any key outside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal.ts';
import { isRegionCode, regions } from '../measure/territory.ts';
import {
  funderPrefix,
  indexPartitions,
  orgPrefix,
  platformPartition,
  statsPrefix,
  tenantPrefix,
} from './keys.ts';
import { tagSafePattern } from './tag-value.ts';
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
  const scope = callerScope(principal);
  accessRoles.set(scope, accessRoleOf[principal.role]);
  return scope;
}

function callerScope(principal: Principal): Scope {
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
  const widened = restricted(`${scope.description} + ${added.map(describePartition).join(', ')}`, [
    ...scope.partitions,
    ...added,
  ]);
  const role = accessRoles.get(scope);
  if (role !== undefined) accessRoles.set(widened, role);
  return widened;
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
  // One partition per region: the directory index sorts by département inside it.
  return covered.length > 0 ? [indexPartitions.directory(region)] : [];
}

// ——— The same scopes as IAM sees them (AWS) ———
//
// In AWS the API's own role reaches no caller's item: per request it assumes the access role of
// the caller's kind, tagged with the owners its current scope names (session tags). Each role's
// policy allows DynamoDB only where `dynamodb:LeadingKeys` matches the patterns below, written
// with the same key builders as the scopes, so that the guard and IAM draw one boundary.

/** The session tags an access role's policy reads, as `${aws:PrincipalTag/<tag>}`. */
export const sessionTags = ['tenant', 'org', 'funder', 'region', 'email'] as const;
export type SessionTag = (typeof sessionTags)[number];

/** The IAM roles the API assumes for a caller: one per kind of caller. */
export const accessRoleNames = ['tenant', 'prescriber', 'funder', 'platform'] as const;
export type AccessRole = (typeof accessRoleNames)[number];

/** Which access role each caller's requests run under. */
export const accessRoleOf = {
  referent: 'tenant',
  'structure-admin': 'tenant',
  prescriber: 'prescriber',
  funder: 'funder',
  'platform-admin': 'platform',
} as const satisfies Record<Principal['role'], AccessRole>;

/** The item-level DynamoDB actions a grant may give (transactions are authorised item by item). */
export type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'ConditionCheckItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem';

const read: readonly ItemAction[] = ['GetItem', 'BatchGetItem', 'Query', 'ConditionCheckItem'];
const readWrite: readonly ItemAction[] = [
  ...read,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
];
/** Known keys only: no Query, so nothing can be listed, and nothing deleted. */
const knownKeys: readonly ItemAction[] = [
  'GetItem',
  'BatchGetItem',
  'ConditionCheckItem',
  'PutItem',
  'UpdateItem',
];

/** One kind of partition an access role reaches, and what it may do there. */
export interface PartitionGrant {
  /** Builds the partition from its owner: the same builder the keys and the scopes use. */
  readonly partition: (owner: string) => string;
  /** The session tag naming the owner; none for a partition that has one owner (`PLATFORM`). */
  readonly tag?: SessionTag;
  /** Whether the grant covers `<partition>#…` too (the tenant's index partitions: inbox, caseloads…). */
  readonly nested: boolean;
  readonly actions: readonly ItemAction[];
  /** Why the role reaches it, for the README and the policy's statement. */
  readonly why: string;
}

const tenantGrant = (actions: readonly ItemAction[], why: string): PartitionGrant => ({
  partition: tenantPrefix,
  tag: 'tenant',
  nested: true,
  actions,
  why,
});
const emailClaimGrant: PartitionGrant = {
  // The address is already lower-case in a scope; the policy variable must stay as IAM spells it.
  partition: (owner) => `${indexPartitions.userByEmail('')}${owner}`,
  tag: 'email',
  nested: false,
  actions: ['GetItem', 'Query', 'ConditionCheckItem', 'PutItem', 'DeleteItem'],
  why: 'the claim on a new user’s e-mail address, written with the user (and taken back if Cognito refuses)',
};
const directoryGrant = (why: string): PartitionGrant => ({
  partition: indexPartitions.directory,
  tag: 'region',
  nested: false,
  actions: ['Query'],
  why,
});

/**
 * What each access role may reach: the partitions of `scopeFor` for that kind of caller, and those
 * its use cases widen the scope to (`reaching`), each under the session tag that names its owner.
 */
export const partitionGrants: Record<AccessRole, readonly PartitionGrant[]> = {
  tenant: [
    tenantGrant(readWrite, 'the structure’s own partition and its index partitions'),
    {
      partition: orgPrefix,
      tag: 'org',
      nested: false,
      actions: ['UpdateItem', 'ConditionCheckItem'],
      why: 'the follow-up of a referral it answers or a case it closes, in the prescribing organisation’s partition',
    },
    emailClaimGrant,
  ],
  prescriber: [
    {
      partition: orgPrefix,
      tag: 'org',
      nested: true,
      actions: readWrite,
      why: 'the organisation’s own partition: its users and the follow-ups of its referrals',
    },
    directoryGrant('the directory of the structures of its region'),
    tenantGrant(
      knownKeys,
      'the structure it files a referral to (or withdraws one from): known keys only, never a Query',
    ),
  ],
  funder: [
    {
      partition: funderPrefix,
      tag: 'funder',
      nested: true,
      actions: read,
      why: 'the funder body’s own partition',
    },
    {
      partition: statsPrefix,
      tag: 'region',
      nested: true,
      actions: read,
      why: 'the statistics of its region, counts only',
    },
  ],
  platform: [
    {
      partition: () => platformPartition,
      nested: true,
      actions: readWrite,
      why: 'the platform’s partition',
    },
    tenantGrant(knownKeys, 'a structure it creates, with its first user'),
    {
      partition: orgPrefix,
      tag: 'org',
      nested: false,
      actions: knownKeys,
      why: 'a prescriber organisation it creates, with its first user',
    },
    directoryGrant('the directory a new structure is listed in'),
    emailClaimGrant,
  ],
};

/** The policy variable of a session tag, as IAM substitutes it. */
export function principalTagVariable(tag: SessionTag): string {
  return `\${aws:PrincipalTag/${tag}}`;
}

/** The `dynamodb:LeadingKeys` patterns (IAM `StringLike`) of one grant. */
export function leadingKeyPatterns(grant: PartitionGrant): string[] {
  const base = grant.partition(grant.tag === undefined ? '' : principalTagVariable(grant.tag));
  return grant.nested ? [base, `${base}#*`] : [base];
}

/** The access role and session tags a request in `scope` runs under, in AWS. */
export interface AccessSession {
  readonly role: AccessRole;
  /** One value per tag; sorted by tag, so that equal sessions have equal keys. */
  readonly tags: Readonly<Partial<Record<SessionTag, string>>>;
}

/**
 * The access session of a caller's scope (widened or not): its role, and a tag per owner of the
 * partitions it lists. Undefined for a system scope, which no caller drives. Throws when the scope
 * names a partition its role has no grant for, or two owners of one kind: either is a bug, and
 * IAM would refuse the request anyway.
 */
export function accessSessionOf(scope: Scope): AccessSession | undefined {
  if (scope.unrestricted === true) return undefined;
  const role = accessRoles.get(scope);
  if (role === undefined) {
    throw new RangeError(`${scope.description} was not built by scopeFor: no access role`);
  }
  const tags: Partial<Record<SessionTag, string>> = {};
  for (const partition of scope.partitions) {
    const owned = ownerOf(role, partition);
    if (owned === undefined) {
      throw new RangeError(`${describePartition(partition)} is beyond the ${role} access role`);
    }
    if (owned.tag === undefined) continue;
    const known = tags[owned.tag];
    if (known !== undefined && known !== owned.owner) {
      throw new RangeError(`${scope.description} names two owners of ${owned.tag}`);
    }
    // Owners are in STS's alphabet by construction: ids, codes, addresses through `tagSafe`.
    if (!tagSafePattern.test(owned.owner)) {
      throw new RangeError(`${describePartition(partition)} cannot be a session tag value`);
    }
    tags[owned.tag] = owned.owner;
  }
  const sorted = Object.fromEntries(
    sessionTags.flatMap((tag) => (tags[tag] === undefined ? [] : [[tag, tags[tag]]])),
  );
  return { role, tags: sorted };
}

/** The grant of `role` that covers `partition` as a whole, and the owner it names. */
function ownerOf(
  role: AccessRole,
  partition: string,
): { tag: SessionTag | undefined; owner: string } | undefined {
  const marker = '\u0000';
  for (const grant of partitionGrants[role]) {
    if (grant.tag === undefined) {
      if (grant.partition('') === partition) return { tag: undefined, owner: '' };
      continue;
    }
    const [head = '', tail = ''] = grant.partition(marker).split(marker);
    if (!partition.startsWith(head) || !partition.endsWith(tail)) continue;
    const owner = partition.slice(head.length, partition.length - tail.length);
    if (owner !== '' && !owner.includes('#')) return { tag: grant.tag, owner };
  }
  return undefined;
}

/** The access role of each caller's scope, and of the scopes widened from it. */
const accessRoles = new WeakMap<Scope, AccessRole>();
