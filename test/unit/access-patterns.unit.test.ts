import { describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/auth/principal.ts';
import {
  funderPrefix,
  indexPartitions,
  orgPrefix,
  platformPartition,
  statsPrefix,
  tenantPrefix,
} from '../../shared/data/keys.ts';
import {
  type AccessSession,
  accessRoleOf,
  accessSessionOf,
  isKeyInScope,
  leadingKeyPatterns,
  partitionGrants,
  principalTagVariable,
  type Scope,
  scopeFor,
  sessionTags,
  systemScope,
  widenScope,
} from '../../shared/data/scope.ts';

const tenantA = '0192f0a0-0000-7000-8000-00000000000a';
const tenantB = '0192f0a0-0000-7000-8000-00000000000b';
const orgA = '0192f0a0-0000-7000-8000-0000000000c0';
const orgB = '0192f0a0-0000-7000-8000-0000000000c1';
const funderA = '0192f0a0-0000-7000-8000-0000000000f0';
const funderB = '0192f0a0-0000-7000-8000-0000000000f1';
const userId = '0192f0a0-0000-7000-8000-0000000000d0';

const referent: Principal = { role: 'referent', userId, tenantId: tenantA };
const callers: Record<string, Principal> = {
  referent,
  'structure-admin': { role: 'structure-admin', userId, tenantId: tenantA },
  prescriber: { role: 'prescriber', userId, orgId: orgA, region: '04', departements: ['974'] },
  funder: { role: 'funder', userId, funderId: funderA, region: '04', departements: [] },
  'platform-admin': { role: 'platform-admin', userId },
};

/** IAM's `StringLike`: `*` is any run of characters, `?` any one; the rest is literal. */
function stringLike(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((character) =>
      character === '*'
        ? '.*'
        : character === '?'
          ? '.'
          : character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** The role's LeadingKeys patterns with the session's tags substituted, as IAM does. */
function iamPatterns(session: AccessSession): string[] {
  return partitionGrants[session.role].flatMap((grant) => {
    const value = grant.tag === undefined ? '' : session.tags[grant.tag];
    if (grant.tag !== undefined && value === undefined) return [];
    return leadingKeyPatterns(grant).map((pattern) =>
      sessionTags.reduce(
        (text, tag) => text.replaceAll(principalTagVariable(tag), session.tags[tag] ?? '\u0000'),
        pattern,
      ),
    );
  });
}

function iamAllows(session: AccessSession, partitionKey: string): boolean {
  return iamPatterns(session).some((pattern) => stringLike(pattern, partitionKey));
}

/** Keys every role must be refused, whoever it is: other owners, bare kinds, look-alikes. */
const foreignKeys = [
  tenantPrefix(tenantB),
  `${tenantPrefix(tenantB)}#INBOX`,
  `${tenantPrefix(tenantA)}b`,
  'TENANT',
  'TENANT#',
  orgPrefix(orgB),
  `${orgPrefix(orgB)}#REFERRAL`,
  funderPrefix(funderB),
  statsPrefix('11'),
  `${statsPrefix('11')}#2026`,
  indexPartitions.directory('11'),
  indexPartitions.due('Europe/Paris', 0),
  'HEALTH',
];

function sessionOf(scope: Scope): AccessSession {
  const session = accessSessionOf(scope);
  if (session === undefined) throw new Error('a caller scope has an access session');
  return session;
}

describe('the guard’s scope and the IAM LeadingKeys patterns', () => {
  for (const [role, principal] of Object.entries(callers)) {
    describe(role, () => {
      const scope = scopeFor(principal);
      const session = sessionOf(scope);

      it(`runs under the ${accessRoleOf[principal.role]} access role`, () => {
        expect(session.role).toBe(accessRoleOf[principal.role]);
      });

      it('lets IAM allow every partition of the scope, and what lies under it', () => {
        for (const partition of scope.partitions) {
          expect(iamAllows(session, partition), partition).toBe(true);
        }
      });

      it('never lets IAM allow a key the guard refuses', () => {
        const samples = [
          ...foreignKeys,
          ...scope.partitions.flatMap((partition) => [partition, `${partition}#INBOX`]),
        ];
        for (const key of samples) {
          if (iamAllows(session, key)) expect(isKeyInScope(scope, key), key).toBe(true);
        }
      });

      it('refuses other owners’ keys in both layers', () => {
        for (const key of foreignKeys) {
          expect(isKeyInScope(scope, key), key).toBe(false);
          expect(iamAllows(session, key), key).toBe(false);
        }
      });
    });
  }

  it('agrees on a structure’s index partitions: inbox, caseload, cases, alerts', () => {
    const scope = scopeFor(referent);
    const session = sessionOf(scope);
    for (const key of [
      indexPartitions.inbox(tenantA),
      indexPartitions.caseload(tenantA, userId),
      indexPartitions.structureCases(tenantA),
      indexPartitions.userAlerts(tenantA, userId),
    ]) {
      expect(isKeyInScope(scope, key)).toBe(true);
      expect(iamAllows(session, key)).toBe(true);
    }
  });
});

describe('accessSessionOf', () => {
  it('tags a structure’s session with its tenant only', () => {
    expect(accessSessionOf(scopeFor({ role: 'referent', userId, tenantId: tenantA }))).toEqual({
      role: 'tenant',
      tags: { tenant: tenantA },
    });
  });

  it('tags a prescriber filing a referral with the structure it reaches', () => {
    const prescriber = scopeFor({
      role: 'prescriber',
      userId,
      orgId: orgA,
      region: '04',
      departements: ['974'],
    });
    const filing = widenScope(prescriber, tenantPrefix(tenantB));

    expect(accessSessionOf(filing)).toEqual({
      role: 'prescriber',
      tags: { tenant: tenantB, org: orgA, region: '04' },
    });
    expect(iamAllows(sessionOf(filing), tenantPrefix(tenantB))).toBe(true);
    expect(iamAllows(sessionOf(prescriber), tenantPrefix(tenantB))).toBe(false);
  });

  it('tags a structure answering a referral with the prescribing organisation', () => {
    const answering = widenScope(
      scopeFor({ role: 'referent', userId, tenantId: tenantA }),
      orgPrefix(orgA),
    );

    expect(accessSessionOf(answering)).toEqual({
      role: 'tenant',
      tags: { tenant: tenantA, org: orgA },
    });
  });

  it('tags a platform-admin creating a structure with its tenant, region and e-mail claim', () => {
    const creating = widenScope(
      scopeFor({ role: 'platform-admin', userId }),
      tenantPrefix(tenantA),
      indexPartitions.directory('04'),
      indexPartitions.userByEmail('Direction@Exemple.fr'),
    );

    expect(accessSessionOf(creating)).toEqual({
      role: 'platform',
      tags: { tenant: tenantA, region: '04', email: 'direction@exemple.fr' },
    });
    expect(iamAllows(sessionOf(creating), platformPartition)).toBe(true);
  });

  it('has no session for a system scope: it never runs on a caller’s behalf', () => {
    expect(accessSessionOf(systemScope('deadline sweep'))).toBeUndefined();
  });

  it('refuses a partition beyond the role', () => {
    const funder = scopeFor({
      role: 'funder',
      userId,
      funderId: funderA,
      region: '04',
      departements: [],
    });

    expect(() => accessSessionOf(widenScope(funder, tenantPrefix(tenantA)))).toThrow(
      /beyond the funder access role/,
    );
  });

  it('refuses two owners of one kind: one session names one tenant', () => {
    const scope = widenScope(
      scopeFor({ role: 'referent', userId, tenantId: tenantA }),
      tenantPrefix(tenantB),
    );

    expect(() => accessSessionOf(scope)).toThrow(/two owners of tenant/);
  });

  it('tags an address with an apostrophe in STS’s alphabet, as its partition spells it', () => {
    const scope = widenScope(
      scopeFor({ role: 'structure-admin', userId, tenantId: tenantA }),
      indexPartitions.userByEmail("o'brien@exemple.fr"),
    );

    expect(accessSessionOf(scope)?.tags.email).toBe('o=27brien@exemple.fr');
  });

  it('refuses an owner STS cannot carry as a tag value', () => {
    const scope = widenScope(
      scopeFor({ role: 'structure-admin', userId, tenantId: tenantA }),
      "EMAIL#o'brien@exemple.fr",
    );

    expect(() => accessSessionOf(scope)).toThrow(/cannot be a session tag value/);
  });

  it('refuses a scope that no caller made', () => {
    expect(() =>
      accessSessionOf({ description: 'hand-made', partitions: [tenantPrefix(tenantA)] }),
    ).toThrow(/not built by scopeFor/);
  });
});
