import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/table.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { aFreshTable } from '../support/table.ts';

describe('ensureTable on DynamoDB Local', () => {
  it('creates the table of the shared definition, with its indexes, stream and TTL', async () => {
    const { client, tableName } = await aFreshTable();
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      Object.values(tableDefinition.indexes)
        .map((index) => index.name)
        .sort(),
    );
    expect(Table?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: tableDefinition.ttlAttribute,
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('leaves an existing table alone', async () => {
    const { client, tableName } = await aFreshTable();
    expect(await ensureTable(client, tableName)).toBe(false);
  });
});
