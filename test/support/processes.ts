/**
 * Running the project's own scripts as a user would (`npm start`, `npm run sweep`): a real Node
 * process on Node 24 with tsx, its output collected, and everything it leaves killed and removed
 * after the test file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const repoRoot = new URL('../../', import.meta.url).pathname;

export interface ScriptRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Temporary folders and script processes of one test file, cleaned up after it. */
export function scriptRunner(folderPrefix: string) {
  const folders: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  return {
    aDataFolder(): string {
      const folder = mkdtempSync(join(tmpdir(), folderPrefix));
      folders.push(folder);
      return folder;
    },

    run(script: string, args: string[], env: NodeJS.ProcessEnv): ScriptRun {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString('utf8');
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      return { child, output: () => output, exited };
    },
  };
}

/** Waits until the script has said `text`; fails with what it said if it ends or takes too long. */
export async function waitForOutput(
  running: ScriptRun,
  text: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running.output().includes(text)) {
    if (running.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`"${text}" never came:\n${running.output()}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
}
