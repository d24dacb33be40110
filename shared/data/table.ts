import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one definition of Appui's single table: key attributes, indexes, stream and TTL.
 * The CDK data stack and the local stack are both built from it; nothing else spells a key schema.
 */
export const tableDefinition = {
  /** Base name; a stage suffix is added by whoever deploys it (`appui-dev`, `appui-prod`). */
  baseName: 'appui',
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: {
    /** Overloaded index: inboxes, caseloads, team lists, directory of structures by territory. */
    byRelation: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Second overloaded index: a prescriber organisation's referrals across structures, users by e-mail. */
    byOwner: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /** Sparse index of due dates: only items with a pending deadline carry its keys. */
    byDueDate: { name: 'DUE', partitionKey: 'DUEPK', sortKey: 'DUESK' },
    /**
     * Sparse index of what retention will erase: closed cases and unanswered-for-good referrals,
     * by kind and the day their retention period started from.
     */
    byPurgeDate: { name: 'PURGE', partitionKey: 'PURGEPK', sortKey: 'PURGESK' },
  },
  stream: 'NEW_AND_OLD_IMAGES',
  ttlAttribute: 'expiresAt',
} as const;

export type IndexName =
  (typeof tableDefinition.indexes)[keyof typeof tableDefinition.indexes]['name'];

/** The table's name for a stage: `appui-<stage>`. */
export function tableName(stage: string): string {
  return `${tableDefinition.baseName}-${stage}`;
}

/** Every key attribute the table and its indexes use, all of them strings. */
export function keyAttributes(): string[] {
  const { partitionKey, sortKey, indexes } = tableDefinition;
  return [
    partitionKey,
    sortKey,
    ...Object.values(indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
}

/** The CreateTable request for DynamoDB Local and integration tests (on-demand, all projections). */
export function createTableInput(name: string): CreateTableCommandInput {
  const { partitionKey, sortKey, indexes, stream } = tableDefinition;
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes().map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.values(indexes).map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: stream },
  };
}
