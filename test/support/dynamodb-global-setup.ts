import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's URL, shared by every integration test file of the run. */
    dynamoEndpoint: string;
  }
}

/** Starts one in-memory DynamoDB Local for the whole integration run, on a free port. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const dynamo = await startDynamoDbLocal();
  console.log(
    `Integration tests on Node ${process.version}, DynamoDB Local at ${dynamo.endpoint} (up in ${Math.round(performance.now() - started)} ms)`,
  );
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return dynamo.stop;
}
