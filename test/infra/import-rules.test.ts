/**
 * The import rules of .dependency-cruiser.cjs, as `npm run lint` applies them: each one refuses
 * what it says on a small tree written here, allows what it must, and the project's tree passes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const config = join(root, '.dependency-cruiser.cjs');
const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const run = promisify(execFile);

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}
interface Summary {
  violations: Violation[];
  error: number;
  warn: number;
  baselineStale?: number;
}

/** Cruises `paths` from `cwd` with the project's rules; the summary, whatever the exit code. */
async function cruise(cwd: string, args: string[]): Promise<Summary> {
  const output = await run(process.execPath, [bin, '--config', config, '-T', 'json', ...args], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: unknown) => {
    if (error instanceof Error && 'stdout' in error && typeof error.stdout === 'string') {
      return { stdout: error.stdout };
    }
    throw error;
  });
  const result: { summary: Summary } = JSON.parse(output.stdout);
  return result.summary;
}

const trees: string[] = [];
afterAll(() => {
  for (const tree of trees) rmSync(tree, { recursive: true, force: true });
});

/** The violations found in a tree of these files (path → source). */
async function violationsIn(files: Record<string, string>): Promise<string[]> {
  const tree = mkdtempSync(join(tmpdir(), 'appui-import-rules-'));
  trees.push(tree);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), source);
  }
  const tops = [...new Set(Object.keys(files).map((path) => path.split('/')[0] ?? path))];
  const summary = await cruise(tree, tops);
  return summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`).sort();
}

const exporting = (name: string) => `export const ${name} = 1;\n`;
const importing = (from: string, name = 'x') =>
  `import { ${name} } from '${from}';\nexport { ${name} };\n`;

describe('the import rules', () => {
  it('refuse an import cycle, of type-only imports too', async () => {
    expect(
      await violationsIn({
        'shared/mail/eml.ts': `import type { Message } from './message.ts';
\nexport type Eml = Message;\n`,
        'shared/mail/message.ts': `import type { Eml } from './eml.ts';
\nexport type Message = { eml?: Eml };\n`,
      }),
    ).toEqual(['no-circular: shared/mail/eml.ts → shared/mail/message.ts']);
  });

  it('refuse an import that resolves to no file', async () => {
    expect(await violationsIn({ 'web/app.tsx': importing('./gone.ts') })).toEqual([
      'no-unresolvable: web/app.tsx → ./gone.ts',
    ]);
  });

  it('keep web/ and shared/ from importing functions/', async () => {
    expect(
      await violationsIn({
        'functions/api/schemas.ts': exporting('x'),
        'web/routes/structure.tsx': importing('../../functions/api/schemas.ts'),
        'shared/cases/case-store.ts': importing('../../functions/api/schemas.ts'),
      }),
    ).toEqual([
      'web-shared-not-functions: shared/cases/case-store.ts → functions/api/schemas.ts',
      'web-shared-not-functions: web/routes/structure.tsx → functions/api/schemas.ts',
    ]);
  });

  it('keep shared/ from importing web/ or infra/', async () => {
    expect(
      await violationsIn({
        'web/format.ts': exporting('x'),
        'infra/table.ts': exporting('x'),
        'shared/cases/a.ts': importing('../../web/format.ts'),
        'shared/cases/b.ts': importing('../../infra/table.ts'),
      }),
    ).toEqual([
      'shared-not-web-infra: shared/cases/a.ts → web/format.ts',
      'shared-not-web-infra: shared/cases/b.ts → infra/table.ts',
    ]);
  });

  it('let the portal function alone import web/, and only its app', async () => {
    expect(
      await violationsIn({
        'web/app.tsx': exporting('x'),
        'web/format.ts': exporting('y'),
        'functions/portal/handler.ts': `${importing('../../web/app.tsx')}${importing('../../web/format.ts', 'y')}`,
        'functions/api/handler.ts': importing('../../web/app.tsx'),
      }),
    ).toEqual([
      'functions-not-web: functions/api/handler.ts → web/app.tsx',
      'portal-function-only-web-app: functions/portal/handler.ts → web/format.ts',
    ]);
  });

  it('let features import the common folders and each other, and no common folder a feature', async () => {
    expect(
      await violationsIn({
        'shared/data/keys.ts': exporting('x'),
        'shared/errors.ts': exporting('x'),
        'shared/referrals/referral.ts': `${importing('../data/keys.ts')}export const y = 1;\n`,
        'shared/cases/case-store.ts': `${importing('../referrals/referral.ts', 'y')}${importing('../errors.ts')}`,
        'shared/data/items.ts': importing('../referrals/referral.ts', 'y'),
        'shared/use-case.ts': importing('./cases/case-store.ts', 'y'),
        'shared/auth/principal.ts': importing('../data/keys.ts'),
      }),
    ).toEqual([
      'common-not-features: shared/data/items.ts → shared/referrals/referral.ts',
      'common-not-features: shared/use-case.ts → shared/cases/case-store.ts',
    ]);
  });

  it('pass on the project, with no exception', async () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const args = scripts['lint:imports']?.split(' ') ?? [];
    expect(args.slice(0, 3)).toEqual(['depcruise', '--config', '.dependency-cruiser.cjs']);
    const summary = await cruise(root, args.slice(3));
    const refused = summary.violations.filter(({ rule }) => rule.severity !== 'ignore');
    expect(refused).toEqual([]);
    expect(summary).toMatchObject({ error: 0, warn: 0 });
  });
});
