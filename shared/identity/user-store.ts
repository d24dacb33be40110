/** Reads of users across the platform: by e-mail address, on the user-by-e-mail index. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { tableDefinition } from '../data/table.ts';
import { type User, user, userByEmailIndexKeys } from './user.ts';

const { byOwner } = tableDefinition.indexes;

/** Who holds `email` across the platform (one Query on the e-mail index); undefined when nobody. */
export async function findUserByEmail(
  { db, tableName }: DataContext,
  email: string,
): Promise<User | undefined> {
  const key = userByEmailIndexKeys(email);
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: byOwner.name,
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': byOwner.partitionKey, '#sk': byOwner.sortKey },
      ExpressionAttributeValues: {
        ':pk': key[byOwner.partitionKey],
        ':sk': key[byOwner.sortKey],
      },
      Limit: 1,
    }),
  );
  const [item] = Items ?? [];
  return item === undefined ? undefined : user.parse(stripKeys(item));
}

/** The index partition a lookup of `email` reads: what a scope must reach to make it. */
export function userByEmailPartition(email: string): string {
  return userByEmailIndexKeys(email)[byOwner.partitionKey] ?? '';
}
