/** A user: who signs in, with one role in one scope (a structure, an organisation, a funder, the platform). */
import { id, isoDateTime, shortText } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import type { Item } from '../data/item.ts';
import {
  funderPrefix,
  type ItemKey,
  indexPartitions,
  orgPrefix,
  platformPartition,
  tenantPrefix,
} from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { roles } from '../measure/vocabulary.ts';

const { byOwner } = tableDefinition.indexes;

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const user = z.strictObject({
  id,
  email: z.email(),
  firstName: shortText,
  lastName: shortText,
  role: z.enum(roles.codes),
  tenantId: id.optional(),
  orgId: id.optional(),
  funderId: id.optional(),
  createdAt: isoDateTime,
});
export type User = z.infer<typeof user>;

/** A user lives in the partition of what it belongs to: a tenant, an organisation, a funder, the platform. */
export function userKey(scopePartition: string, userId: string): ItemKey {
  return { PK: scopePartition, SK: `USER#${userId}` };
}

/** The partition a user belongs to, from the scope its role gives it. */
export function userPartition(user: User): string {
  if (user.tenantId !== undefined) return tenantPrefix(user.tenantId);
  if (user.orgId !== undefined) return orgPrefix(user.orgId);
  if (user.funderId !== undefined) return funderPrefix(user.funderId);
  return platformPartition;
}

/** A user by e-mail address (unique across the platform). */
export function userByEmailIndexKeys(email: string) {
  return {
    [byOwner.partitionKey]: indexPartitions.userByEmail(email),
    [byOwner.sortKey]: 'USER',
  };
}

export function userItem(user: User): Item {
  return {
    ...userKey(userPartition(user), user.id),
    ...userByEmailIndexKeys(user.email),
    type: 'user',
    schemaVersion,
    ...user,
  };
}
