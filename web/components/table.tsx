/**
 * A data table: a caption, column headers, one row per item, and a sentence when there is none.
 * On a narrow screen it scrolls sideways inside its own focusable region, the page does not.
 */
import type { Child } from 'hono/jsx';

export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  /** Right-aligned figures. */
  numeric?: boolean;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  empty,
  id,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  /** What to say when `rows` is empty. */
  empty: string;
  /** The caption's id, unique on the page. */
  id: string;
}) {
  if (rows.length === 0) return <p class="empty">{empty}</p>;
  return (
    <section class="table-wrap" aria-labelledby={id} tabindex={0}>
      <table>
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.numeric === true ? 'numeric' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((column) => (
                <td class={column.numeric === true ? 'numeric' : undefined}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A definition list of label → value, for a record's facts. */
export function Facts({ items }: { items: readonly (readonly [string, Child])[] }) {
  return (
    <dl class="facts">
      {items.map(([label, value]) => (
        <div>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A small coloured label (a status, a count of alerts); the colour is never the only signal. */
export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'info' | 'success' | 'warning' | 'danger';
  children: Child;
}) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}
