/**
 * `npm run faults -- [--rate 0.1] [--seed 42] [--people 60]`: Appui under DynamoDB faults. It
 * starts its own stack with a fault-injecting proxy between the API's DynamoDB client and
 * DynamoDB Local (throttling, 500s, timeouts, dropped connections on a share of the calls, the
 * same ones for the same seed), drives a few hundred requests of every kind, a sweep and a
 * statistics projector run through it, then checks what was promised (scripts/faults/checks.ts)
 * and ends with `faults: N passed, M failed` (exit code 1 on any failure).
 */
import { parseArgs } from 'node:util';
import { runFaults } from './faults/run.ts';
import { runScript } from './local-connection.ts';

const usage = `Usage :
  npm run faults -- [--rate 0.1] [--seed 42] [--people 60]

Appui sous pannes de DynamoDB : une pile à part (DynamoDB Local, l’API), un proxy qui fait
échouer une part des appels, des centaines de requêtes, un balayage et le projecteur, puis les
vérifications. Termine par « faults: N passed, M failed ».
  --rate     part des appels DynamoDB en panne, de 0 à 1 (0.1 par défaut)
  --seed     graine des pannes : la même graine donne les mêmes pannes (42 par défaut)
  --people   personnes prescrites pendant la tempête, 5 à 10 requêtes chacune (60 par défaut)`;

/** Written before the app's logs are captured: these lines still reach the terminal. */
const write = process.stdout.write.bind(process.stdout);

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      rate: { type: 'string', default: '0.1' },
      seed: { type: 'string', default: '42' },
      people: { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  const rate = Number(values.rate);
  const seed = Number(values.seed);
  const people = Number(values.people);
  if (
    !(rate >= 0 && rate <= 1) ||
    !Number.isInteger(seed) ||
    !(Number.isInteger(people) && people > 0)
  ) {
    console.error(`--rate entre 0 et 1, --seed et --people entiers.\n\n${usage}`);
    return 2;
  }
  const report = await runFaults({ rate, seed, people, print: (line) => write(`${line}\n`) });
  let failed = 0;
  for (const check of report.checks) {
    if (!check.ok) failed += 1;
    write(
      `${check.ok ? '✓' : '✗'} ${check.name}${check.detail === undefined ? '' : ` — ${check.detail}`}\n`,
    );
  }
  write(`Durée : ${(report.durationMs / 1000).toFixed(1)} s.\n`);
  write(`faults: ${report.checks.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

runScript(main, { usage, failure: 'La tempête n’a pas pu se faire' });
