/**
 * The one CSV writer of Appui, for French spreadsheets: UTF-8 with a BOM, `;` between fields,
 * CRLF between lines. A text cell that a spreadsheet would read as a formula (it starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) is neutralised as OWASP advises: a single
 * quote before it, and the field quoted. Only text is neutralised: a number cell (`-0,5`) is
 * written as the number it is, so a negative figure stays a number in the spreadsheet.
 */

/** A number as the spreadsheet should read it: digits, an optional minus, a decimal comma. */
export interface CsvNumber {
  number: string;
}

export type CsvCell = string | CsvNumber;

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[;"\r\n\t]/;
const frenchNumber = /^-?\d+(?:,\d+)?$/;

/** A number cell; a text that is not a plain French number is kept as (neutralised) text. */
export function csvNumber(text: string): CsvNumber {
  return { number: text };
}

function field(cell: CsvCell): string {
  if (typeof cell !== 'string' && frenchNumber.test(cell.number)) return cell.number;
  const text = typeof cell === 'string' ? cell : cell.number;
  const neutral = formulaStart.test(text) ? `'${text}` : text;
  return neutral !== text || needsQuotes.test(neutral)
    ? `"${neutral.replaceAll('"', '""')}"`
    : neutral;
}

/** The whole file: a BOM, then each line's fields joined by `;`, each line ended by CRLF. */
export function csvFile(lines: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${lines.map((line) => line.map(field).join(';')).join('\r\n')}\r\n`;
}
