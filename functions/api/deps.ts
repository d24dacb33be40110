import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What the API's routes need from the outside world; built once per process. */
export interface ApiDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The clock, injectable so that tests fix the date. */
  now: () => Date;
}
