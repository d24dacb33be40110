/**
 * A structure's team, as its structure-admin manages it: its members, kept in the tenant's
 * partition, and what the team list shows of each.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../cases/case-store.ts';
import type { z } from '../common/zod.ts';
import type { DataContext } from '../data/context.ts';
import { tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import type { StructureActor } from '../use-case.ts';
import { user, userKey } from './user.ts';

export type StructureAdminActor = StructureActor & { role: 'structure-admin' };

/** What the team list shows of a member: nothing personal beyond name, address and role. */
export const teamMember = user.pick({
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  role: true,
});
export type TeamMember = z.infer<typeof teamMember>;

const memberAttributes = Object.keys(teamMember.shape);

/** Every member of a structure, in no particular order. */
export async function queryTeam({ db, tableName }: DataContext, tenantId: string) {
  const { partitionKey, sortKey } = tableDefinition;
  const partition = tenantPrefix(tenantId);
  const members: TeamMember[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :users)',
        ProjectionExpression: memberAttributes.map((_, index) => `#m${index}`).join(', '),
        ExpressionAttributeNames: {
          '#pk': partitionKey,
          '#sk': sortKey,
          ...Object.fromEntries(memberAttributes.map((name, index) => [`#m${index}`, name])),
        },
        ExpressionAttributeValues: { ':pk': partition, ':users': userKey(partition, '').SK },
        ExclusiveStartKey: startKey,
      }),
    );
    members.push(...(page.Items ?? []).map((item) => teamMember.parse(stripKeys(item))));
    // A team is a few dozen people at most: one page in practice.
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return members;
}
