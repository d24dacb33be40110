/**
 * `npm start` as a user runs it: a real Node process, a real DynamoDB Local, real signals.
 * Each test uses its own data folder and port, so the Java processes it looks for are its own.
 */
import { execFileSync } from 'node:child_process';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { makeDynamoClient } from '../../shared/data/client.ts';
import { tableName } from '../../shared/data/table.ts';
import { type ScriptRun, scriptRunner, waitForOutput } from '../support/processes.ts';

const { aDataFolder, run } = scriptRunner('appui-stack-');

interface RunningStack extends ScriptRun {
  url: string;
  dynamoEndpoint: string;
}

/** Runs the start script and waits until it says it is running (or stops trying). */
async function startStack(
  dataDir: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningStack> {
  const port = await freePort();
  const stack = run('infra/local/start.ts', args, {
    PORT: String(port),
    APPUI_DATA_DIR: dataDir,
    ...env,
  });
  try {
    await waitForOutput(stack, 'Appui is running at', 60_000);
  } catch {
    // It ended, or never said so: the test reads its output and exit code.
    return { ...stack, url: '', dynamoEndpoint: '' };
  }
  const dynamoEndpoint = /DynamoDB Local is up on (\S+)/.exec(stack.output())?.[1] ?? '';
  return { ...stack, url: `http://127.0.0.1:${port}`, dynamoEndpoint };
}

/** The DynamoDB Local processes (Java, and the watchdog in front of it) holding this data folder. */
function dynamoProcessesOf(dataDir: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(dataDir) && line.includes('DynamoDBLocal.jar'));
}

async function noDynamoLeft(dataDir: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  while (dynamoProcessesOf(dataDir).length > 0 && Date.now() < deadline) {
    await new Promise((wait) => setTimeout(wait, 200));
  }
  return dynamoProcessesOf(dataDir);
}

const marker = { PK: { S: 'TEST#local-stack' }, SK: { S: 'KEEP' } };

// Each test starts the whole stack (Java, seed, static pages, projector), some twice: on two cores
// shared with the rest of the suite that takes far longer than the default 30 s.
describe('npm start', { timeout: 180_000 }, () => {
  it('serves /health, keeps data across a restart, and stops Java on SIGTERM and Ctrl-C', async () => {
    const dataDir = aDataFolder();
    const first = await startStack(dataDir);
    expect(first.output()).toContain('Seeded the demo data');
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(dynamoProcessesOf(dataDir).length).toBeGreaterThan(0);

    const client = makeDynamoClient({ region: 'eu-west-3', endpoint: first.dynamoEndpoint });
    await client.send(
      new PutItemCommand({
        TableName: tableName('local'),
        Item: { ...marker, note: { S: 'kept' } },
      }),
    );
    client.destroy();

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await noDynamoLeft(dataDir)).toEqual([]);

    const second = await startStack(dataDir);
    expect(second.output()).toContain('Demo data already there');
    const again = makeDynamoClient({ region: 'eu-west-3', endpoint: second.dynamoEndpoint });
    const kept = await again.send(
      new GetItemCommand({ TableName: tableName('local'), Key: marker }),
    );
    again.destroy();
    expect(kept.Item?.note).toEqual({ S: 'kept' });

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(await noDynamoLeft(dataDir)).toEqual([]);
  });

  it('starts from an empty database with --fresh', async () => {
    const dataDir = aDataFolder();
    const first = await startStack(dataDir);
    const client = makeDynamoClient({ region: 'eu-west-3', endpoint: first.dynamoEndpoint });
    await client.send(new PutItemCommand({ TableName: tableName('local'), Item: marker }));
    client.destroy();
    first.child.kill('SIGTERM');
    await first.exited;

    const fresh = await startStack(dataDir, ['--fresh']);
    expect(fresh.output()).toContain('Seeded the demo data');
    const again = makeDynamoClient({ region: 'eu-west-3', endpoint: fresh.dynamoEndpoint });
    const gone = await again.send(
      new GetItemCommand({ TableName: tableName('local'), Key: marker }),
    );
    again.destroy();
    expect(gone.Item).toBeUndefined();
    fresh.child.kill('SIGTERM');
    await fresh.exited;
  });

  it('leaves no Java behind when its Node process is killed with SIGKILL', async () => {
    const dataDir = aDataFolder();
    const stack = await startStack(dataDir);
    expect(dynamoProcessesOf(dataDir).length).toBeGreaterThan(0);
    stack.child.kill('SIGKILL');
    await stack.exited;
    expect(await noDynamoLeft(dataDir)).toEqual([]);
  });

  it('says in one sentence how to install Java when it is missing, and starts nothing', async () => {
    const dataDir = aDataFolder();
    const stack = await startStack(dataDir, [], { PATH: '/nonexistent' });
    expect(await stack.exited).toBe(1);
    expect(stack.output()).toContain(
      'DynamoDB Local needs Java 17 or newer, and no Java was found.',
    );
    expect(stack.output()).toContain('apt-get install -y openjdk-17-jre-headless');
    expect(stack.output()).toContain('brew install openjdk@17');
    expect(dynamoProcessesOf(dataDir)).toEqual([]);
  });

  it('stops DynamoDB Local when start-up fails half-way (port taken)', async () => {
    const dataDir = aDataFolder();
    const first = await startStack(dataDir);
    const port = new URL(first.url).port;
    const otherDir = aDataFolder();
    const second = await startStack(otherDir, [], { PORT: port });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Port ${port} is already in use`);
    expect(await noDynamoLeft(otherDir)).toEqual([]);
    first.child.kill('SIGTERM');
    await first.exited;
  });
});
