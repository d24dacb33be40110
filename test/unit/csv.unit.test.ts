import { describe, expect, it } from 'vitest';
import { csvFile, csvNumber } from '../../shared/common/csv.ts';

const line = (...cells: Parameters<typeof csvFile>[0][number]) => csvFile([cells]).slice(1, -2);

describe('the CSV writer', () => {
  it('neutralises a text cell a spreadsheet would read as a formula', () => {
    expect(line('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(line('+33 1 23')).toBe(`"'+33 1 23"`);
    expect(line('-2+3')).toBe(`"'-2+3"`);
    expect(line('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(line('\t=1')).toBe(`"'\t=1"`);
    expect(line('\r=1')).toBe(`"'\r=1"`);
  });

  it('quotes separators and quotes, and leaves plain text alone', () => {
    expect(line('Kaz; « Emploi »', 'dit "oui"', 'Région La Réunion')).toBe(
      '"Kaz; « Emploi »";"dit ""oui""";Région La Réunion',
    );
  });

  it('keeps a negative number a number, but not a formula dressed as one', () => {
    expect(line(csvNumber('-0,5'), csvNumber('12'), csvNumber('-1+1'))).toBe(`-0,5;12;"'-1+1"`);
  });

  it('writes a BOM, semicolons and CRLF', () => {
    expect(
      csvFile([
        ['a', 'b'],
        [csvNumber('1'), 'c'],
      ]),
    ).toBe('\uFEFFa;b\r\n1;c\r\n');
  });
});
