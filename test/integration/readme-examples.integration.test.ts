/**
 * The README's API example, run as a reader would paste it: against `npm start`, with the token
 * the development sign-in page shows. Only the token line and the host are the test's.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { scriptRunner, waitForOutput } from '../support/processes.ts';

const run = promisify(execFile);
const { aDataFolder, run: runScript } = scriptRunner('appui-readme-');

/** The shell block that follows the README's marker comment. */
function testedBlock(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const marker = readme.indexOf('test/integration/readme-examples.integration.test.ts');
  const start = readme.indexOf('```sh\n', marker) + '```sh\n'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

describe('the README', { timeout: 180_000 }, () => {
  it('has an API example that works when pasted: read, then write with the ETag read', async () => {
    const port = await freePort();
    const stack = runScript('infra/local/start.ts', [], {
      PORT: String(port),
      APPUI_DATA_DIR: aDataFolder(),
    });
    await waitForOutput(stack, 'Appui is running at', 120_000);
    const origin = `http://127.0.0.1:${port}`;

    const signIn = await fetch(`${origin}/dev/sign-in`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: `http://localhost:${port}`,
      },
      body: new URLSearchParams({ email: 'm.payet@kaz-emploi.test' }),
    });
    const page = await signIn.text();
    if (!page.includes('<textarea'))
      throw new Error(`sign-in: ${signIn.status} ${page.slice(0, 2000)}`);
    const token = /<textarea[^>]*>([^<]+)<\/textarea>/.exec(page)?.[1]?.trim();
    expect(token).toBeDefined();
    // The page's own example is for the role, and answers.
    const example = /curl -H "Authorization: Bearer [^"]+" (\S+)<\/code>/.exec(page)?.[1];
    expect(example).toBe(`${origin}/api/v1/cases`.replace('127.0.0.1', 'localhost'));

    const block = testedBlock();
    expect(block).toContain('TOKEN=…');
    const script = block
      .replace(/^TOKEN=….*$/m, `TOKEN='${token}'`)
      .replaceAll('http://localhost:3000', origin);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script]);
    // curl prints each body without a newline: the answers follow each other.
    const answers = stdout.trim().split(/(?<=\})(?=\{")/);
    expect(JSON.parse(answers[0] ?? '')).toMatchObject({ items: expect.any(Array) });
    expect(JSON.parse(answers.at(-1) ?? '')).toMatchObject({
      entry: { kind: 'phone', summary: 'Point sur la demande de logement.' },
    });
    stack.child.kill('SIGTERM');
    expect(await stack.exited).toBe(0);
  });
});
