/**
 * Pagination cursors: DynamoDB's LastEvaluatedKey, opaque to clients (base64url JSON). A cursor
 * is checked on the way back in against the Query it continues: exactly the key attributes of
 * the table and of the queried index, non-empty strings, the partition being read, the sort-key
 * prefix asked for. A forged or borrowed cursor gets a 400 and never reaches DynamoDB.
 */
import { BadRequestError } from '../errors.ts';
import { tableDefinition } from './table.ts';

type Key = Record<string, string>;

export function encodeCursor(
  lastEvaluatedKey: Record<string, unknown> | undefined,
): string | undefined {
  if (lastEvaluatedKey === undefined) return undefined;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

export interface CursorExpectation {
  /** The index the Query reads, if not the table. */
  index?: { partitionKey: string; sortKey: string };
  /** The prefix the Query's sort-key condition asks for (on the index's sort key when there is one). */
  sortPrefix?: string;
}

const unreadable = () => new BadRequestError('Le curseur de pagination est illisible.');
const mismatched = () =>
  new BadRequestError('Ce curseur de pagination ne correspond pas à cette liste.');

/** Decodes a cursor for a Query of `partitionAttribute = partitionValue`. */
export function decodeCursor(
  cursor: string | undefined,
  partitionAttribute: string,
  partitionValue: string,
  expectation: CursorExpectation = {},
): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw unreadable();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unreadable();

  const { partitionKey, sortKey } = tableDefinition;
  const expected = new Set<string>([partitionKey, sortKey]);
  if (expectation.index !== undefined) {
    expected.add(expectation.index.partitionKey);
    expected.add(expectation.index.sortKey);
  }
  const key: Key = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!expected.has(name) || typeof value !== 'string' || value === '') throw unreadable();
    key[name] = value;
  }
  if (Object.keys(key).length !== expected.size) throw mismatched();
  if (key[partitionAttribute] !== partitionValue) throw mismatched();
  const sorted = key[expectation.index?.sortKey ?? sortKey] ?? '';
  if (expectation.sortPrefix !== undefined && !sorted.startsWith(expectation.sortPrefix))
    throw mismatched();
  return key;
}
