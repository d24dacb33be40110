/**
 * Which DynamoDB the operator scripts (`npm run sweep`, `npm run stats:rebuild`) work on:
 * DYNAMODB_ENDPOINT when it is set; otherwise the DynamoDB Local of a running `npm start` (it
 * says where in `.data/local-stack.json`); otherwise one started on `.data/dynamodb` for the
 * time of the script. Table: TABLE_NAME, `appui-local` by default.
 */
import { join, resolve } from 'node:path';
import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { runningStackEndpoint } from '../infra/local/stack-state.ts';
import { makeDynamoClient } from '../shared/data/client.ts';
import { tableName as tableNameOf } from '../shared/data/table.ts';

export const region = 'eu-west-3';
const dataDir = resolve(process.env.APPUI_DATA_DIR ?? '.data');
export const table = process.env.TABLE_NAME ?? tableNameOf('local');

export interface Connection {
  endpoint: string;
  /** Where it comes from, said to the user. */
  origin: string;
  stop: () => Promise<void>;
}

export async function connect(): Promise<Connection> {
  const given = process.env.DYNAMODB_ENDPOINT;
  if (given !== undefined && given !== '') {
    if (!URL.canParse(given))
      throw new Error(`DYNAMODB_ENDPOINT doit être une URL, pas « ${given} ».`);
    return { endpoint: given, origin: `DYNAMODB_ENDPOINT (${given})`, stop: async () => {} };
  }
  const running = runningStackEndpoint(dataDir);
  if (running !== undefined) {
    return {
      endpoint: running,
      origin: `le DynamoDB Local de « npm start » (${running})`,
      stop: async () => {},
    };
  }
  const dbPath = join(dataDir, 'dynamodb');
  const dynamo = await startDynamoDbLocal({ dbPath });
  return {
    endpoint: dynamo.endpoint,
    origin: `un DynamoDB Local démarré sur ${dbPath}`,
    stop: dynamo.stop,
  };
}

export async function tableExists(endpoint: string): Promise<boolean> {
  const client = makeDynamoClient({ region, endpoint });
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return true;
  } catch (error: unknown) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  } finally {
    client.destroy();
  }
}
