/**
 * Pagination cursors: DynamoDB's LastEvaluatedKey, opaque to clients (base64url JSON). A cursor
 * is checked on the way back in: only string key attributes, and the partition the Query reads,
 * so a forged cursor gets a 400 rather than reaching DynamoDB.
 */
import { BadRequestError } from '../errors.ts';

type Key = Record<string, string>;

export function encodeCursor(
  lastEvaluatedKey: Record<string, unknown> | undefined,
): string | undefined {
  if (lastEvaluatedKey === undefined) return undefined;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

/** Decodes a cursor whose `partitionAttribute` must equal `partitionValue`. */
export function decodeCursor(
  cursor: string | undefined,
  partitionAttribute: string,
  partitionValue: string,
): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('Le curseur de pagination est illisible.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError('Le curseur de pagination est illisible.');
  }
  const key: Key = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || !/^(PK|SK|GSI\d|DUE)/.test(name)) {
      throw new BadRequestError('Le curseur de pagination est illisible.');
    }
    key[name] = value;
  }
  if (key[partitionAttribute] !== partitionValue) {
    throw new BadRequestError('Ce curseur de pagination ne correspond pas à cette liste.');
  }
  return key;
}
