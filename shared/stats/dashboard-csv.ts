/**
 * The dashboards as CSV, as a spreadsheet reads them: one writer (shared/common/csv.ts) and
 * the same exact values as the page, rounded once by the same formatter.
 */
import { type CsvCell, csvFile, csvNumber } from '../common/csv.ts';
import { type Dashboard, frenchNumber, type Table } from './dashboard.ts';
import type { Column, Figure, Kind } from './indicators.ts';

/**
 * A table as French spreadsheets read CSV: UTF-8 with a BOM, `;` between fields, decimal comma,
 * one header row of French labels; suppressed cells read "< 5" or "n.s.".
 */
export function tableCsv(table: Table): string {
  const header = ['Périmètre', ...table.columns.map(csvHeader)];
  const lines: CsvCell[][] = [
    header,
    ...table.rows.map((row) => [
      row.scope.label,
      ...row.cells.map((cell, index) => csvCell(cell, table.columns[index]?.kind ?? 'count')),
    ]),
  ];
  return csvFile(lines);
}

export function seriesCsv(dashboard: Dashboard): string {
  const header = ['Mois', 'Entrées', 'Sorties', 'Personnes accompagnées'];
  const lines: CsvCell[][] = [
    header,
    ...dashboard.series.points.map((point) => [
      point.label,
      csvCell(point.entries, 'count'),
      csvCell(point.exits, 'count'),
      csvCell(point.supported, 'count'),
    ]),
  ];
  return csvFile(lines);
}

function csvHeader(column: Column): string {
  switch (column.kind) {
    case 'rate':
      return `${column.label} (%)`;
    case 'mean':
      return `${column.label} (${column.unit ?? ''})`;
    case 'hours':
      return `${column.label} (h)`;
    case 'euros':
      return `${column.label} (€)`;
    case 'count':
      return column.label;
  }
}

/** The figure as the page shows it, as a number the spreadsheet reads: no grouping, a comma. */
function csvCell(cell: Figure, kind: Kind): CsvCell {
  if (cell.value === null) return cell.display;
  return csvNumber(frenchNumber(cell.value, kind, false));
}

/** The month-by-month table's name in exports, beside the tables' own ids. */
export const seriesTableId = 'mensuel';

/**
 * One table of a dashboard as a download: its CSV, the file's name, the response headers.
 * Undefined for a table the dashboard does not have.
 */
export function dashboardCsv(
  dashboard: Dashboard,
  table: string,
  scopeName: string,
): { body: string; headers: Record<string, string> } | undefined {
  const found = dashboard.tables.find((candidate) => candidate.id === table);
  if (found === undefined && table !== seriesTableId) return undefined;
  const fileName = `appui-${scopeName}-${table}-${dashboard.period.id}.csv`;
  return {
    body: found === undefined ? seriesCsv(dashboard) : tableCsv(found),
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
  };
}
