import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allowedMark,
  refusedMark,
  rightsMarkers,
  rightsTable,
} from '../../scripts/rights-table.ts';
import { isAllowed } from '../../shared/auth/rights.ts';
import { roles } from '../../shared/measure/vocabulary.ts';
import { operations } from '../support/endpoints.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The cells of a Markdown table row, trimmed. */
const cellsOf = (row: string) =>
  row
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());

describe('the rights table of README.md', () => {
  it('sits once between its markers', () => {
    expect(readme.split(rightsMarkers.start)).toHaveLength(2);
    expect(readme.split(rightsMarkers.end)).toHaveLength(2);
    expect(readme.indexOf(rightsMarkers.start)).toBeLessThan(readme.indexOf(rightsMarkers.end));
  });

  it('is exactly the table scripts/rights-table.ts prints from the code', async () => {
    const start = readme.indexOf(rightsMarkers.start) + rightsMarkers.start.length;
    const shown = readme.slice(start, readme.indexOf(rightsMarkers.end)).trim();

    expect(shown).toBe(await rightsTable());
  });
});

describe('scripts/rights-table.ts', () => {
  it('marks a role allowed exactly where the rights table allows it, one row per operation', async () => {
    const [header = '', _rule, ...rows] = (await rightsTable()).split('\n');
    const roleColumns = cellsOf(header).slice(2);

    expect(roleColumns).toEqual([...roles.codes]);
    expect(rows.map((row) => cellsOf(row)[0])).toEqual(operations.map((name) => `\`${name}\``));
    for (const [index, operation] of operations.entries()) {
      const marks = cellsOf(rows[index] ?? '').slice(2);
      expect(marks, operation).toEqual(
        roles.codes.map((role) => (isAllowed(role, operation) ? allowedMark : refusedMark)),
      );
    }
  });

  it('names the route that serves each operation', async () => {
    const [, , ...rows] = (await rightsTable()).split('\n');

    expect(rows.map((row) => cellsOf(row)[1])).not.toContain(refusedMark);
    expect(rows.find((row) => row.includes('`case.get`'))).toContain('`GET /api/v1/cases/{id}`');
  });
});
