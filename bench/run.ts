/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, one after the other, prints
 * the figures they give (stdout lines `<name>  <value> <unit>  budget <op> <limit>  ok|OVER`)
 * and exits non-zero when a figure is OVER, a benchmark fails, or one gives no figure.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { figureLine } from './figures.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));

interface Result {
  file: string;
  exitCode: number | null;
  figures: string[];
}

function runBench(file: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const figures: string[] = [];
    if (child.stdout === null) throw new Error('no stdout to read');
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(line);
      if (figureLine.test(line)) figures.push(line);
    });
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ file, exitCode, figures }));
  });
}

const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
const results: Result[] = [];
for (const file of files) {
  console.error(`\n— ${file}`);
  results.push(await runBench(file));
}

const over = results.flatMap((result) => result.figures.filter((line) => line.endsWith('OVER')));
const broken = results.filter((result) => result.exitCode !== 0 || result.figures.length === 0);
console.log(
  `\n${results.reduce((sum, result) => sum + result.figures.length, 0)} figures from ${files.length} benchmark(s): ${over.length} OVER${broken.length > 0 ? `, ${broken.length} failed (${broken.map((result) => result.file).join(', ')})` : ''}`,
);
process.exitCode = over.length > 0 || broken.length > 0 || files.length === 0 ? 1 : 0;
