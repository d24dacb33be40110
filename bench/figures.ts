/**
 * One line per figure, the format `npm run bench` collects:
 * `<name>  <value> <unit>  budget <op> <limit>  ok|OVER`.
 */
export type BudgetOperator = '<=' | '>=';

export function figure(
  name: string,
  value: number,
  unit: string,
  op: BudgetOperator,
  limit: number,
): string {
  const ok = op === '<=' ? value <= limit : value >= limit;
  const shown = Number.isInteger(value) && unit !== 'ratio' ? String(value) : value.toFixed(2);
  return `${name}  ${shown} ${unit}  budget ${op} ${limit}  ${ok ? 'ok' : 'OVER'}`;
}

/** A line in that format, and whether it is within its budget. */
export const figureLine = /^(\S+) {2}(\S+) (\S+) {2}budget (<=|>=) (\S+) {2}(ok|OVER)$/;
