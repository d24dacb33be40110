import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's URL, shared by every integration test file of the run. */
    dynamoEndpoint: string;
  }
}

/** The run's DynamoDB Local and how many projects still use it: each project runs this setup. */
interface Shared {
  dynamo: Promise<DynamoDbLocal>;
  users: number;
}
const shared = Symbol.for('appui.test.dynamodb-local');
const run = globalThis as typeof globalThis & { [shared]?: Shared };

/**
 * Starts one in-memory DynamoDB Local for the whole run, on a free port, whichever projects
 * (integration, e2e) use it. It keeps one database per access key id (no `-sharedDb`):
 * dynamodb-database.ts gives each test file its own, so files run side by side, each with
 * only its own tables and stream records to look through.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let current = run[shared];
  if (current === undefined) {
    const started = performance.now();
    const dynamo = startDynamoDbLocal({ sharedDb: false });
    current = { dynamo, users: 0 };
    run[shared] = current;
    const { endpoint } = await dynamo;
    console.log(
      `Integration tests on Node ${process.version}, DynamoDB Local at ${endpoint} (up in ${Math.round(performance.now() - started)} ms)`,
    );
  }
  const running = current;
  running.users += 1;
  project.provide('dynamoEndpoint', (await running.dynamo).endpoint);
  return async () => {
    running.users -= 1;
    if (running.users > 0) return;
    run[shared] = undefined;
    await (await running.dynamo).stop();
  };
}
