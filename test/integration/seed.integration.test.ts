import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../infra/local/demo-data.ts';
import { seedDemoData } from '../../infra/local/seed.ts';
import { tenantPrefix } from '../../shared/data/keys.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { directoryIndexKeys } from '../../shared/organisations/structure.ts';
import { aFreshTable } from '../support/table.ts';

const now = new Date('2026-11-23T09:00:00Z');
const { byRelation } = tableDefinition.indexes;

describe('seedDemoData', () => {
  it('writes the demo world once, then leaves it as it is', async () => {
    const { db, tableName } = await aFreshTable();
    const first = await seedDemoData(db, tableName, now);
    expect(first).toMatchObject({ seeded: true });
    const second = await seedDemoData(db, tableName, new Date('2026-12-01T09:00:00Z'));
    expect(second).toEqual({ seeded: false, seededAt: now.toISOString() });
  });

  it('makes each structure’s inbox and the directory readable by Query on known keys', async () => {
    const { db, tableName } = await aFreshTable();
    await seedDemoData(db, tableName, now);
    const [reunion] = buildDemoData(now).structures;
    if (reunion === undefined) throw new Error('the demo has no structure');

    const inbox = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: byRelation.name,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :submitted)',
        ExpressionAttributeNames: { '#pk': byRelation.partitionKey, '#sk': byRelation.sortKey },
        ExpressionAttributeValues: {
          ':pk': `${tenantPrefix(reunion.id)}#INBOX`,
          ':submitted': 'submitted#',
        },
      }),
    );
    expect(inbox.Items?.length).toBe(3);
    expect(
      inbox.Items?.every((item) => item.status === 'submitted' && item.tenantId === reunion.id),
    ).toBe(true);

    const directoryKey = directoryIndexKeys('04', '974', reunion.id);
    const directory = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: byRelation.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': byRelation.partitionKey },
        ExpressionAttributeValues: { ':pk': directoryKey[byRelation.partitionKey] },
      }),
    );
    expect(directory.Items?.map((item) => item.name)).toEqual([reunion.name]);
  });
});
