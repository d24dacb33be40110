import { tenantPrefix } from '../data/keys.ts';
import type { Write } from '../data/write.ts';

import { userKey } from '../identity/user.ts';
/** The roles that can be a case's référent unique (in a small structure, its director too). */
export const referentRoles = ['referent', 'structure-admin'];

/** A write that holds only if `userId` is a référent (or the admin) of the tenant. */
export function referentCheck(tenantId: string, userId: string): Write {
  return {
    kind: 'check',
    key: userKey(tenantPrefix(tenantId), userId),
    attribute: 'role',
    oneOf: referentRoles,
  };
}
