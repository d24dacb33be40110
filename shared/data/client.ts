import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoConnection {
  region: string;
  /** DynamoDB Local's URL; undefined in AWS. */
  endpoint?: string | undefined;
  /**
   * Whose credentials sign the requests, in AWS: an access role's session (tenant-credentials.ts);
   * the function's own role when absent.
   */
  credentials?: DynamoDBClientConfig['credentials'];
}

/**
 * Credentials DynamoDB Local accepts. It checks no secret, but started without `-sharedDb` it
 * keeps one database per access key id: `DYNAMODB_LOCAL_DATABASE` chooses which (the tests give
 * each test file its own), `local` otherwise.
 */
export function localCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: process.env.DYNAMODB_LOCAL_DATABASE ?? 'local',
    secretAccessKey: 'local',
  };
}

/** The low-level client, for table administration (local stack and tests). */
export function makeDynamoClient({
  region,
  endpoint,
  credentials,
}: DynamoConnection): DynamoDBClient {
  if (endpoint !== undefined) {
    return new DynamoDBClient({
      region,
      endpoint,
      credentials: localCredentials(),
      maxAttempts: 3,
    });
  }
  return new DynamoDBClient(credentials === undefined ? { region } : { region, credentials });
}

/** Wraps a client so items read and write as plain objects; `removeUndefinedValues` keeps optional fields optional. */
export function toDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** The document client, built once per process. */
export function makeDocumentClient(connection: DynamoConnection): DynamoDBDocumentClient {
  return toDocumentClient(makeDynamoClient(connection));
}
