/** Reads of a structure's own item: one GetItem on its key. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { type Structure, structure, structureKey } from './structure.ts';

export async function getStructure(
  { db, tableName }: DataContext,
  tenantId: string,
): Promise<Structure | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: structureKey(tenantId) }),
  );
  return Item === undefined ? undefined : structure.parse(stripKeys(Item));
}
