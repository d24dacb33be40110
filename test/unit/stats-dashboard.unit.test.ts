import { describe, expect, it } from 'vitest';
import { counter } from '../../shared/stats/contributions.ts';
import { buildDashboard, periodOf, supportedIn } from '../../shared/stats/dashboard.ts';
import { seriesCsv, tableCsv } from '../../shared/stats/dashboard-csv.ts';

const structureScope = {
  scope: { kind: 'structure' as const, departement: '974', tenantId: 't' },
  label: 'Kaz; « Emploi »',
};

function aBoard(audience: 'funder' | 'structure', counters: Record<string, number>) {
  return buildDashboard({
    period: periodOf('2026'),
    audience,
    title: 'Essai',
    scopes: [
      {
        ...structureScope,
        counters,
        ledger: { [counter.ledgerEntries('2026-01')]: 8, [counter.ledgerExits('2026-03')]: 3 },
      },
    ],
  });
}

const cellOf = (board: ReturnType<typeof aBoard>, table: string, column: string) => {
  const found = board.tables.find((candidate) => candidate.id === table);
  const index = found?.columns.findIndex((candidate) => candidate.id === column) ?? -1;
  return found?.rows[0]?.cells[index];
};

describe('people supported', () => {
  const ledger = {
    [counter.ledgerEntries('2025-11')]: 4,
    [counter.ledgerEntries('2026-02')]: 10,
    [counter.ledgerExits('2026-01')]: 2,
    [counter.ledgerExits('2026-02')]: 5,
  };

  it('are those entered by the end of the period and not gone before it began', () => {
    expect(supportedIn(ledger, periodOf('2025').months)).toBe(4);
    expect(supportedIn(ledger, periodOf('2026').months)).toBe(14);
    expect(supportedIn(ledger, periodOf('2026-01').months)).toBe(4);
    expect(supportedIn(ledger, periodOf('2026-02').months)).toBe(12);
    expect(supportedIn(ledger, periodOf('2026-03').months)).toBe(7);
  });
});

describe('small-cell suppression', () => {
  const counters = {
    [counter.entries]: 8,
    [counter.exits]: 3,
    [counter.exitsPositive]: 2,
    [counter.entriesByGender('female')]: 4,
    [counter.entriesByGender('male')]: 0,
  };

  it('masks a funder’s counts under 5 and its rates over fewer than 5 people', () => {
    const board = aBoard('funder', counters);
    expect(cellOf(board, 'synthese', 'entries')).toEqual({ value: 8, display: '8' });
    expect(cellOf(board, 'synthese', 'exits')).toEqual({
      value: null,
      display: '< 5',
      suppressed: 'small-count',
    });
    expect(cellOf(board, 'entrees', 'gender.male')).toMatchObject({ value: null, display: '< 5' });
    expect(cellOf(board, 'synthese', 'positiveExitRate')).toEqual({
      value: null,
      display: 'n.s.',
      suppressed: 'small-denominator',
    });
    expect(board.series.points[0]?.entries).toMatchObject({ display: '8' });
    expect(board.series.points[2]?.exits).toMatchObject({ value: null, display: '< 5' });
  });

  it('shows a structure its own figures whole', () => {
    const board = aBoard('structure', counters);
    expect(cellOf(board, 'synthese', 'exits')).toEqual({ value: 3, display: '3' });
    expect(cellOf(board, 'synthese', 'positiveExitRate')).toEqual({
      value: 2 / 3,
      display: '66,7 %',
    });
  });

  it('says a rate over nobody is empty, not zero', () => {
    const board = aBoard('structure', {});
    expect(cellOf(board, 'synthese', 'insertionRate')).toEqual({ value: null, display: '–' });
  });
});

describe('French formats', () => {
  it('writes thousands with a narrow space, decimals with a comma, euros and hours', () => {
    const board = aBoard('structure', {
      [counter.entries]: 1234,
      [counter.supportMinutes]: 1234 * 60 + 30,
      [counter.conventionCents]: 123_456_789,
      [counter.exits]: 7,
      [counter.exitDurationDays]: 7 * 120 + 3,
    });
    expect(cellOf(board, 'synthese', 'entries')?.display).toBe('1\u202f234');
    expect(cellOf(board, 'synthese', 'supportHours')?.display).toBe('1\u202f234,5 h');
    expect(cellOf(board, 'synthese', 'averageDuration')?.display).toBe('120,4 jours');
    // 1 234 567,89 € over the 8 people supported in the year.
    expect(cellOf(board, 'synthese', 'costPerPerson')?.display).toBe('154\u202f320,99 €');
  });
});

describe('CSV', () => {
  it('has a BOM, semicolons, CRLF, French headers with units, decimal commas and quoting', () => {
    const board = aBoard('structure', {
      [counter.exits]: 8,
      [counter.exitsPositive]: 3,
      [counter.exitsInsertion]: 1,
    });
    const exits = board.tables.find((table) => table.id === 'sorties');
    if (exits === undefined) throw new Error('no exits table');
    const csv = tableCsv(exits);
    expect(csv.startsWith('\uFEFFPérimètre;Sorties;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header).toContain(';Taux d’insertion professionnelle (%);Taux de sorties positives (%)');
    expect(row?.startsWith('"Kaz; « Emploi »";8;')).toBe(true);
    expect(row?.endsWith(';12,5;37,5')).toBe(true);
  });

  it('rounds the same exact value once, as the page does: 4/21 is 19,0 %, 11/52 is 21,2 %', () => {
    const csvRow = (exits: number, insertion: number, positive: number) => {
      const board = aBoard('structure', {
        [counter.exits]: exits,
        [counter.exitsInsertion]: insertion,
        [counter.exitsPositive]: positive,
      });
      const table = board.tables.find((candidate) => candidate.id === 'sorties');
      if (table === undefined) throw new Error('no exits table');
      const cells = tableCsv(table).slice(1).split('\r\n')[1]?.split(';') ?? [];
      return { board, csv: cells.slice(-2) };
    };
    const first = csvRow(21, 4, 11);
    expect(cellOf(first.board, 'sorties', 'insertionRate')).toEqual({
      value: 4 / 21,
      display: '19,0 %',
    });
    expect(cellOf(first.board, 'sorties', 'positiveExitRate')?.display).toBe('52,4 %');
    expect(first.csv).toEqual(['19,0', '52,4']);
    const second = csvRow(52, 11, 11);
    expect(cellOf(second.board, 'sorties', 'insertionRate')?.display).toBe('21,2 %');
    expect(second.csv).toEqual(['21,2', '21,2']);
  });

  it('writes the other kinds with the page’s decimals and no grouping', () => {
    const board = aBoard('structure', {
      [counter.exits]: 7,
      [counter.exitDurationDays]: 7 * 120 + 3,
      [counter.supportMinutes]: 1234 * 60 + 30,
      [counter.conventionCents]: 123_456_789,
    });
    const table = board.tables.find((candidate) => candidate.id === 'synthese');
    if (table === undefined) throw new Error('no summary table');
    const [header, row] = tableCsv(table).slice(1).split('\r\n');
    const values = row?.replace('"Kaz; « Emploi »";', '').split(';') ?? [];
    const cells = new Map(
      (header?.split(';').slice(1) ?? []).map((name, index) => [name, values[index]]),
    );
    expect(cells.get('Durée moyenne d’accompagnement des sortants (jours)')).toBe('120,4');
    expect(cells.get('Heures d’accompagnement (h)')).toBe('1234,5');
    expect(cells.get('Coût conventionnel par personne accompagnée (€)')).toBe('154320,99');
  });

  it('neutralises a structure name that a spreadsheet would run as a formula', () => {
    const board = buildDashboard({
      period: periodOf('2026'),
      audience: 'structure',
      title: 'Essai',
      scopes: [
        {
          scope: structureScope.scope,
          label: '=HYPERLINK("https://exemple.invalid","Kaz")',
          counters: { [counter.exits]: 8 },
          ledger: {},
        },
      ],
    });
    const exits = board.tables.find((table) => table.id === 'sorties');
    if (exits === undefined) throw new Error('no exits table');
    const row = tableCsv(exits).slice(1).split('\r\n')[1];
    expect(row?.startsWith(`"'=HYPERLINK(""https://exemple.invalid"",""Kaz"")";8;`)).toBe(true);
  });

  it('writes the monthly series, masked for a funder', () => {
    const csv = seriesCsv(aBoard('funder', {}));
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Mois;Entrées;Sorties;Personnes accompagnées');
    expect(lines[1]).toBe('Janvier 2026;8;< 5;8');
    expect(lines[3]).toBe('Mars 2026;< 5;< 5;8');
    expect(lines).toHaveLength(13);
  });
});

describe('docs/indicators.md', () => {
  it('defines every column of every table, in French and English', async () => {
    const { readFile } = await import('node:fs/promises');
    const { tableSpecs } = await import('../../shared/stats/indicators.ts');
    const text = await readFile(new URL('../../docs/indicators.md', import.meta.url), 'utf8');
    for (const spec of tableSpecs) {
      expect(text).toContain(`(\`${spec.id}\`)`);
      for (const indicator of spec.indicators) {
        const prefix = indicator.id.split('.')[0] ?? indicator.id;
        const named =
          text.includes(`\`${indicator.id}\``) || new RegExp(`\`${prefix}\\.<[^>]+>\``).test(text);
        expect(named, indicator.id).toBe(true);
      }
    }
  });
});
