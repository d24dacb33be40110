/**
 * Where a running `npm start` says its DynamoDB Local listens (`.data/local-stack.json`), so that
 * the local tools (`npm run sweep`) use it rather than start a second DynamoDB Local on the same
 * files. The file names the process that wrote it; a file left by a process that is gone is ignored.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileName = 'local-stack.json';

interface StackState {
  pid: number;
  dynamoEndpoint: string;
}

/** Writes the state file; answers the cleanup that removes it (if it is still this process's). */
export function writeStackState(dataDir: string, dynamoEndpoint: string): () => Promise<void> {
  const path = join(dataDir, fileName);
  const state: StackState = { pid: process.pid, dynamoEndpoint };
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
  return async () => {
    if (readState(dataDir)?.pid === process.pid) rmSync(path, { force: true });
  };
}

/** The DynamoDB Local endpoint of the `npm start` running on `dataDir`, if one is running. */
export function runningStackEndpoint(dataDir: string): string | undefined {
  const state = readState(dataDir);
  if (state === undefined || !isAlive(state.pid)) return undefined;
  return state.dynamoEndpoint;
}

function readState(dataDir: string): StackState | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, fileName), 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const pid = 'pid' in parsed ? parsed.pid : undefined;
  const endpoint = 'dynamoEndpoint' in parsed ? parsed.dynamoEndpoint : undefined;
  if (typeof pid !== 'number' || typeof endpoint !== 'string' || !URL.canParse(endpoint)) {
    return undefined;
  }
  return { pid, dynamoEndpoint: endpoint };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists, under another user.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
