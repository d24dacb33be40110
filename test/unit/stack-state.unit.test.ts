import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runningStackEndpoint, writeStackState } from '../../infra/local/stack-state.ts';

const aDataDir = () => mkdtempSync(join(tmpdir(), 'appui-state-'));

describe('the local stack’s state file', () => {
  it('gives the running stack’s DynamoDB Local, and is gone once the stack stops', async () => {
    const dataDir = aDataDir();
    const remove = writeStackState(dataDir, 'http://127.0.0.1:45678');

    expect(runningStackEndpoint(dataDir)).toBe('http://127.0.0.1:45678');
    await remove();
    expect(existsSync(join(dataDir, 'local-stack.json'))).toBe(false);
    expect(runningStackEndpoint(dataDir)).toBeUndefined();
  });

  it('ignores a file left by a stack that died without cleaning up', () => {
    const dataDir = aDataDir();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      join(dataDir, 'local-stack.json'),
      JSON.stringify({ pid: gone, dynamoEndpoint: 'http://127.0.0.1:45678' }),
    );

    expect(runningStackEndpoint(dataDir)).toBeUndefined();
  });

  it('ignores a file it cannot read as a state', () => {
    const dataDir = aDataDir();
    writeFileSync(join(dataDir, 'local-stack.json'), JSON.stringify({ pid: process.pid }));

    expect(runningStackEndpoint(dataDir)).toBeUndefined();
  });
});
