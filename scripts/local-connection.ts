/**
 * Which DynamoDB the operator scripts (`npm run sweep`, `npm run stats:rebuild`) work on:
 * DYNAMODB_ENDPOINT when it is set; otherwise the DynamoDB Local of a running `npm start` (it
 * says where in `.data/local-stack.json`); otherwise one started on `.data/dynamodb` for the
 * time of the script. Table: TABLE_NAME, `appui-local` by default.
 */
import { join, resolve } from 'node:path';
import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { runningStackEndpoint } from '../infra/local/stack-state.ts';
import { loadTenantKeys } from '../shared/crypto/config.ts';
import { localKeysDir } from '../shared/crypto/defaults.ts';
import type { TenantKeys } from '../shared/crypto/tenant-keys.ts';
import { makeDynamoClient } from '../shared/data/client.ts';
import { makeGuardedDocumentClient } from '../shared/data/scope-guard.ts';
import { tableName as tableNameOf } from '../shared/data/table.ts';
import { ValidationError } from '../shared/errors.ts';

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

/**
 * The tenant keys of an operator script: KMS keys with `APPUI_NOTE_KEYS=kms` (in AWS, with the
 * operator's own credentials), otherwise the local stack's key files under `.data/keys` (or
 * `$APPUI_DATA_DIR/keys`, or `APPUI_KEYS_DIR`).
 */
export function operatorTenantKeys(config: { stage: string; region: string }): TenantKeys {
  process.env.APPUI_KEYS_DIR ??= localKeysDir(process.env.APPUI_DATA_DIR ?? '.data');
  return loadTenantKeys({ ...config, sessionOfNow: () => undefined });
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

/**
 * Runs `work` with a guarded client on the table, after saying which DynamoDB it is, and stops
 * what it started; answers 1 when the table is not there (`npm start` creates it).
 */
export async function withLocalTable(
  work: (db: DynamoDBDocumentClient) => Promise<number>,
): Promise<number> {
  const connection = await connect();
  const db = makeGuardedDocumentClient({ region, endpoint: connection.endpoint });
  try {
    console.log(`Base : ${connection.origin}, table ${table}.`);
    if (!(await tableExists(connection.endpoint))) {
      console.error(
        `La table ${table} n’existe pas : lancez « npm start » une fois, il la crée avec les données de démonstration.`,
      );
      return 1;
    }
    return await work(db);
  } finally {
    db.destroy();
    await connection.stop();
  }
}

/**
 * Runs a script's `main` and sets the exit code: what it answers; 2 with the usage for a
 * mistyped option or value (said field by field, in French); 1 with one sentence for anything else.
 */
export function runScript(
  main: (args: string[]) => Promise<number>,
  { usage, failure }: { usage: string; failure: string },
): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof ValidationError) {
        for (const field of error.invalidFields) console.error(`${field.name} : ${field.reason}`);
        console.error(`\n${usage}`);
        process.exitCode = 2;
        return;
      }
      if (
        error instanceof TypeError &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS')
      ) {
        console.error(`${error.message}\n\n${usage}`);
        process.exitCode = 2;
        return;
      }
      console.error(`${failure} : ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
