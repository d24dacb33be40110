import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/table.ts';
import { makeDynamoClient, toDocumentClient } from '../../shared/data/client.ts';

export interface TestTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  db: DynamoDBDocumentClient;
}

/**
 * A fresh table of the shared definition on the run's DynamoDB Local: each test file gets its
 * own, so no test depends on another's data.
 */
export async function aFreshTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `appui-test-${randomUUID().slice(0, 8)}`;
  const client = makeDynamoClient({ region: 'eu-west-3', endpoint });
  await ensureTable(client, tableName);
  return { endpoint, tableName, client, db: toDocumentClient(client) };
}
