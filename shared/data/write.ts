/**
 * Writes that must agree go in one transaction: the case root with its new child, the referral
 * with its follow-up and the case it opens, the access-log line with what it records. Notes are
 * sealed here, on their way out (shared/crypto/sealed-items.ts): no write sends one in clear.
 */
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { assertNoClearNotes, hasNotes, sealItem } from '../crypto/sealed-items.ts';
import type { TenantKeys } from '../crypto/tenant-keys.ts';
import type { Item } from './item.ts';
import type { ItemKey } from './keys.ts';
import { tableDefinition } from './table.ts';
import { stoppedItems } from './transactions.ts';

export type Write =
  /** Creates an item; stops the transaction if one is already there. */
  | { kind: 'create'; item: Item }
  /** Replaces an item whose `version` must still be `expectedVersion`. */
  | { kind: 'replace'; item: Item; expectedVersion: number }
  /** Writes an item whatever was there (access-log lines, idempotency records). */
  | { kind: 'put'; item: Item }
  /** Adds `delta` to a number attribute of an existing item (counters). */
  | { kind: 'add'; key: ItemKey; attribute: string; delta: number }
  /** Sets attributes of an existing item, and moves its `version` on when it has one to move. */
  | {
      kind: 'set';
      key: ItemKey;
      values: Record<string, unknown>;
      bumpVersion?: boolean;
      /** Attributes to remove (index keys of an index the item leaves). */
      remove?: string[];
      /** Values the item must still hold (its `version`, its `status`), or the transaction stops. */
      where?: Record<string, string | number>;
    }
  /** Writes nothing, but stops the transaction unless the item exists with `attribute` in `oneOf`. */
  | { kind: 'check'; key: ItemKey; attribute: string; oneOf: string[] };

/** The transaction stopped on these writes (by position): their condition failed, or they raced. */
export class WritesStoppedError extends Error {
  override readonly name = 'WritesStoppedError';
  constructor(readonly stopped: number[]) {
    super(`transaction stopped on writes ${stopped.join(', ')}`);
  }
}

const { partitionKey } = tableDefinition;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function toTransactItem(tableName: string, write: Write): TransactItem {
  switch (write.kind) {
    case 'create':
      return {
        Put: {
          TableName: tableName,
          Item: write.item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': partitionKey },
        },
      };
    case 'replace':
      return {
        Put: {
          TableName: tableName,
          Item: write.item,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': write.expectedVersion },
        },
      };
    case 'put':
      return { Put: { TableName: tableName, Item: write.item } };
    case 'add':
      return {
        Update: {
          TableName: tableName,
          Key: write.key,
          UpdateExpression: 'ADD #attribute :delta',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#attribute': write.attribute, '#pk': partitionKey },
          ExpressionAttributeValues: { ':delta': write.delta },
        },
      };
    case 'set': {
      const names = Object.keys(write.values);
      const removed = write.remove ?? [];
      const where = Object.entries(write.where ?? {});
      const values = {
        ...Object.fromEntries(names.map((name, index) => [`:v${index}`, write.values[name]])),
        ...Object.fromEntries(where.map(([, value], index) => [`:w${index}`, value])),
        ...(write.bumpVersion === true ? { ':one': 1 } : {}),
      };
      return {
        Update: {
          TableName: tableName,
          Key: write.key,
          UpdateExpression: [
            names.length > 0
              ? `SET ${names.map((_, index) => `#a${index} = :v${index}`).join(', ')}`
              : '',
            removed.length > 0
              ? `REMOVE ${removed.map((_, index) => `#r${index}`).join(', ')}`
              : '',
            write.bumpVersion === true ? 'ADD #version :one' : '',
          ]
            .filter((clause) => clause !== '')
            .join(' '),
          ConditionExpression: [
            'attribute_exists(#pk)',
            ...where.map((_, index) => `#w${index} = :w${index}`),
          ].join(' AND '),
          ExpressionAttributeNames: {
            '#pk': partitionKey,
            ...Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
            ...Object.fromEntries(removed.map((name, index) => [`#r${index}`, name])),
            ...Object.fromEntries(where.map(([name], index) => [`#w${index}`, name])),
            ...(write.bumpVersion === true ? { '#version': 'version' } : {}),
          },
          // DynamoDB refuses an empty map: a write that only removes sends none.
          ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
        },
      };
    }
    case 'check':
      return {
        ConditionCheck: {
          TableName: tableName,
          Key: write.key,
          ConditionExpression: `attribute_exists(#pk) AND #attribute IN (${write.oneOf.map((_, index) => `:o${index}`).join(', ')})`,
          ExpressionAttributeNames: { '#pk': partitionKey, '#attribute': write.attribute },
          ExpressionAttributeValues: Object.fromEntries(
            write.oneOf.map((value, index) => [`:o${index}`, value]),
          ),
        },
      };
  }
}

/** The writes with every note of their items sealed; a partial update may not name a note. */
async function sealed(writes: Write[], keys: TenantKeys | undefined): Promise<Write[]> {
  return Promise.all(
    writes.map(async (write): Promise<Write> => {
      if (write.kind === 'set') assertNoClearNotes(write.key, write.values);
      if (write.kind !== 'create' && write.kind !== 'replace' && write.kind !== 'put') return write;
      if (!hasNotes(write.item)) return write;
      if (keys === undefined)
        throw new Error(`a ${write.item.type} with notes to seal, and no keys`);
      return { ...write, item: await sealItem(write.item, keys) };
    }),
  );
}

/**
 * One TransactWriteItems call for all the writes (at most 100), all or nothing; the notes of
 * their items sealed with `keys` first (a write with a note and no keys throws before sending).
 */
export async function writeTogether(
  db: DynamoDBDocumentClient,
  tableName: string,
  writes: Write[],
  keys?: TenantKeys,
): Promise<void> {
  const items = await sealed(writes, keys);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: items.map((write) => toTransactItem(tableName, write)),
      }),
    );
  } catch (error: unknown) {
    throw new WritesStoppedError(stoppedItems(error));
  }
}
