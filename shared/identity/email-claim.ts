/**
 * Who holds an e-mail address: created with the user in the same transaction, so two accounts
 * never share one. Its partition is the e-mail index's, so one widened scope covers both.
 */
import type { Item } from '../data/item.ts';
import { type ItemKey, indexPartitions } from '../data/keys.ts';
import type { User } from './user.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export function emailClaimKey(email: string): ItemKey {
  return { PK: indexPartitions.userByEmail(email), SK: 'CLAIM' };
}

/** The item that reserves an e-mail address for one user across the platform. */
export function emailClaimItem(account: User): Item {
  return {
    ...emailClaimKey(account.email),
    type: 'email-claim',
    schemaVersion,
    userId: account.id,
    createdAt: account.createdAt,
  };
}
