/**
 * `npx node --import tsx scripts/rights-table.ts`: prints who may do what as a Markdown table, one row
 * per operation of the rights table (shared/auth/rights.ts) with the route that serves it, one
 * column per role. The routes come from the API's own OpenAPI document, read from the app built
 * with nothing behind it. README.md holds the same table between the markers below; a unit test
 * (test/unit/rights-readme.unit.test.ts) fails when the two differ.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAllowed, type Operation } from '../shared/auth/rights.ts';
import { roles } from '../shared/measure/vocabulary.ts';
import {
  anApiWithoutBackend,
  describeEndpoint,
  type Endpoint,
  operations,
  readEndpoints,
} from '../test/support/endpoints.ts';

/** Where README.md keeps the table. */
export const rightsMarkers = {
  start: '<!-- rights:start -->',
  end: '<!-- rights:end -->',
} as const;

export const allowedMark = '✓';
export const refusedMark = '—';

/** The table as Markdown, its columns padded so that it reads as a table in plain text too. */
export async function rightsTable(): Promise<string> {
  const { endpoints, unmapped } = await readEndpoints(anApiWithoutBackend());
  if (unmapped.length > 0) {
    const routes = unmapped.map((route) => `${route.method} ${route.path}`).join(', ');
    throw new Error(`routes without an operation of the rights table: ${routes}`);
  }
  const header = ['Operation', 'Route', ...roles.codes];
  const rows = operations.map((operation) => [
    `\`${operation}\``,
    routesOf(operation, endpoints),
    ...roles.codes.map((role) => (isAllowed(role, operation) ? allowedMark : refusedMark)),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(row)),
  ].join('\n');
}

function routesOf(operation: Operation, endpoints: Endpoint[]): string {
  const routes = endpoints
    .filter((endpoint) => endpoint.operation === operation)
    .map((endpoint) => `\`${describeEndpoint(endpoint)}\``);
  return routes.length === 0 ? refusedMark : routes.join('<br>');
}

/** Run as a command (not imported by the README test): `import.meta.main`, spelled for any Node. */
const entry = process.argv[1];
if (entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)) {
  console.log(await rightsTable());
}
