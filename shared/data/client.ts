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
  /**
   * How long one attempt may take before the SDK gives up on it and retries: a request DynamoDB
   * never answers becomes a `TimeoutError` (a 503 for the caller) instead of a hung request.
   */
  requestTimeoutMs?: number | undefined;
}

/**
 * One attempt's limits. In AWS DynamoDB answers in milliseconds: two seconds is a lost request,
 * and three attempts stay inside the functions' ten seconds. DynamoDB Local on a loaded machine
 * may take seconds for a large query: it gets more.
 */
const awsRequestTimeoutMs = 2_000;
const localRequestTimeoutMs = 10_000;
const connectionTimeoutMs = 1_000;

function requestHandler(requestTimeoutMs: number): DynamoDBClientConfig['requestHandler'] {
  return {
    connectionTimeout: connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    throwOnRequestTimeout: true,
  };
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
  requestTimeoutMs,
}: DynamoConnection): DynamoDBClient {
  if (endpoint !== undefined) {
    return new DynamoDBClient({
      region,
      endpoint,
      credentials: localCredentials(),
      maxAttempts: 3,
      requestHandler: requestHandler(requestTimeoutMs ?? localRequestTimeoutMs),
    });
  }
  const limits = {
    region,
    requestHandler: requestHandler(requestTimeoutMs ?? awsRequestTimeoutMs),
  };
  return new DynamoDBClient(credentials === undefined ? limits : { ...limits, credentials });
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
