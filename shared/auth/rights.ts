/**
 * Who may do what: one table, read by the API's guard, the authorization tests and the README.
 * A role absent from an operation's list gets 403. Ownership comes on top: a référent reaches
 * only the cases assigned to them (others answer 404), everyone only their own tenant (404).
 */
import type { Role } from '../measure/vocabulary.ts';

export const rights = {
  'directory.list': ['prescriber'],
  'referral.file': ['prescriber'],
  'referral.list': ['prescriber'],
  'referral.get': ['prescriber'],
  'referral.withdraw': ['prescriber'],
  'inbox.list': ['referent', 'structure-admin'],
  'inbox.get': ['referent', 'structure-admin'],
  'inbox.accept': ['referent', 'structure-admin'],
  'inbox.decline': ['referent', 'structure-admin'],
  'case.list': ['referent', 'structure-admin'],
  'case.get': ['referent', 'structure-admin'],
  'case.diagnostic': ['referent', 'structure-admin'],
  'case.contract': ['referent', 'structure-admin'],
  'case.journal': ['referent', 'structure-admin'],
  'case.appointment': ['referent', 'structure-admin'],
  'case.attendance': ['referent', 'structure-admin'],
  'case.renewal.request': ['referent', 'structure-admin'],
  'case.renewal.decide': ['structure-admin'],
  'case.exit': ['referent', 'structure-admin'],
  'case.exit.correct': ['referent', 'structure-admin'],
  'case.reassign': ['structure-admin'],
  'case.access-log': ['structure-admin'],
  'case.rectify': ['referent', 'structure-admin'],
  'case.history': ['referent', 'structure-admin'],
  'person.export': ['structure-admin'],
  'alert.list': ['referent', 'structure-admin'],
  'alert.count': ['referent', 'structure-admin'],
  'alert.acknowledge': ['referent', 'structure-admin'],
  'stats.territory': ['funder'],
  'stats.territory.export': ['funder'],
  'stats.structure': ['structure-admin'],
  'stats.structure.export': ['structure-admin'],
  'team.list': ['structure-admin'],
  'team.invite': ['structure-admin'],
  'platform.structure.create': ['platform-admin'],
  'platform.org.create': ['platform-admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof rights;

export function isAllowed(role: Role, operation: Operation): boolean {
  const allowed: readonly Role[] = rights[operation];
  return allowed.includes(role);
}
