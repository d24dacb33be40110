/**
 * A structure leaves the service (platform-admin, `npm run tenant:offboard`): first one archive
 * of everything its partition holds, notes in clear, for the structure to take away; then, once
 * the archive is written and read back, its deletion: its users' accounts, the claims on their
 * e-mail addresses, every item of its partition, and its encryption key, which makes any copy of
 * its notes left in a backup unreadable. What stays: the anonymous counters of its region's
 * statistics (funders' past figures do not change), the prescribers' own follow-ups of the
 * referrals they filed, and a line in the platform's partition saying when the structure left
 * (name, SIRET, counts, the archive's SHA-256: nothing about a person).
 *
 * Reads are Queries on the tenant's own partition (never a Scan); deletions are batches of 25,
 * retried until DynamoDB has taken each one; a second run after an interruption finishes the job.
 */
import { createHash } from 'node:crypto';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../cases/case-store.ts';
import type { DataContext } from '../data/context.ts';
import { type ItemKey, platformPartition, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { NotFoundError } from '../errors.ts';
import { emailClaimKey } from '../identity/email-claim.ts';
import type { IdentityRemover } from '../identity/remover.ts';
import {
  type Structure,
  structureKey,
  structure as structureSchema,
} from '../organisations/structure.ts';

const { partitionKey, sortKey } = tableDefinition;

/** The archive's first line: what it is, whose, when. */
export const archiveFormat = 'appui.structure-archive';
export const archiveVersion = 1;

export interface ArchiveHeader {
  format: typeof archiveFormat;
  version: typeof archiveVersion;
  tenantId: string;
  structure: Structure;
  exportedAt: string;
  exportedBy: string;
}

/** The archive's last line: how many items it holds and the SHA-256 of their lines. */
export interface ArchiveTrailer {
  end: true;
  items: number;
  sha256: string;
}

/** What the archive is made of: one JSON document per line. */
export type ArchiveLine = ArchiveHeader | { item: Record<string, unknown> } | ArchiveTrailer;

export interface OffboardingDeps extends DataContext {
  now: () => Date;
}

/** Turns a stored item into its clear form (sealed notes opened); the identity when nothing is sealed. */
export type Unseal = (item: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Every item of the tenant's partition, page by page (one Query per page, strongly consistent). */
async function* tenantItems(
  { db, tableName }: DataContext,
  tenantId: string,
): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': tenantPrefix(tenantId) },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

/** The structure, or 404 when the tenant holds none (never created, or already deleted). */
export async function structureOf(
  { db, tableName }: DataContext,
  tenantId: string,
): Promise<Structure> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: structureKey(tenantId), ConsistentRead: true }),
  );
  if (Item === undefined) throw new NotFoundError(`Aucune structure ${tenantId} dans la table.`);
  return structureSchema.parse(stripKeys(Item));
}

/** JSON with bytes as base64 (a sealed value that could not be opened stays as it was stored). */
export function archiveJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field instanceof Uint8Array ? { base64: Buffer.from(field).toString('base64') } : field,
  );
}

/**
 * Writes the archive's lines through `write`, in order: header, each item (clear), trailer.
 * Answers the trailer: what a reader of the archive must find again.
 */
export async function archiveTenant(
  deps: OffboardingDeps,
  tenantId: string,
  options: { operator: string; unseal: Unseal; write: (line: string) => Promise<void> },
): Promise<ArchiveTrailer> {
  const structure = await structureOf(deps, tenantId);
  const header: ArchiveHeader = {
    format: archiveFormat,
    version: archiveVersion,
    tenantId,
    structure,
    exportedAt: deps.now().toISOString(),
    exportedBy: options.operator,
  };
  await options.write(archiveJson(header));
  const hash = createHash('sha256');
  let items = 0;
  for await (const item of tenantItems(deps, tenantId)) {
    const line = archiveJson({ item: await options.unseal(item) });
    hash.update(`${line}\n`);
    items += 1;
    await options.write(line);
  }
  const trailer: ArchiveTrailer = { end: true, items, sha256: hash.digest('hex') };
  await options.write(archiveJson(trailer));
  return trailer;
}

/** Reads an archive's lines back and checks them: header of `tenantId`, items, trailer that matches. */
export function verifyArchive(lines: readonly string[], tenantId: string): ArchiveTrailer {
  const [first, ...rest] = lines.filter((line) => line !== '');
  const last = rest.pop();
  const header: unknown = first === undefined ? undefined : JSON.parse(first);
  if (
    typeof header !== 'object' ||
    header === null ||
    !('format' in header) ||
    header.format !== archiveFormat ||
    !('tenantId' in header) ||
    header.tenantId !== tenantId
  ) {
    throw new Error(`l’archive ne commence pas par l’en-tête de la structure ${tenantId}`);
  }
  const trailer: unknown = last === undefined ? undefined : JSON.parse(last);
  if (typeof trailer !== 'object' || trailer === null || !('end' in trailer)) {
    throw new Error('l’archive est tronquée : sa dernière ligne n’est pas la ligne de fin');
  }
  const hash = createHash('sha256');
  for (const line of rest) hash.update(`${line}\n`);
  const found: ArchiveTrailer = { end: true, items: rest.length, sha256: hash.digest('hex') };
  if (
    !('items' in trailer) ||
    trailer.items !== found.items ||
    !('sha256' in trailer) ||
    trailer.sha256 !== found.sha256
  ) {
    throw new Error(
      `l’archive ne correspond pas à sa ligne de fin (${found.items} éléments relus)`,
    );
  }
  return found;
}

/** The key side: crypto-shredding of the tenant's notes. */
export interface TenantKeyDestroyer {
  destroy(tenantId: string): Promise<void>;
}

export interface DeletionReport {
  structure: Pick<Structure, 'id' | 'name' | 'siret'>;
  users: number;
  items: number;
}

/** The platform's record that a structure left: no personal data. */
export function offboardedKey(tenantId: string): ItemKey {
  return { PK: platformPartition, SK: `OFFBOARDED#${tenantId}` };
}

/**
 * Deletes the structure (after `archiveTenant` and `verifyArchive`): users' accounts and e-mail
 * claims first (nobody signs in any more), then every item of the partition, the structure's
 * own item first (it leaves the prescribers' directory at once), then its key, then the
 * platform's record. `confirm` must be the structure's SIRET: a slip of the tenant id deletes
 * nothing.
 */
export async function deleteTenant(
  deps: OffboardingDeps,
  tenantId: string,
  options: {
    confirm: string;
    archive: ArchiveTrailer;
    operator: string;
    identities: IdentityRemover;
    keys: TenantKeyDestroyer;
  },
): Promise<DeletionReport> {
  const structure = await structureOf(deps, tenantId);
  if (options.confirm !== structure.siret) {
    throw new Error(
      `la confirmation doit être le SIRET de « ${structure.name} » (${structure.siret}), « ${options.confirm} » reçu : rien n’est supprimé`,
    );
  }
  const stored: ItemKey[] = [];
  const emails: string[] = [];
  for await (const item of tenantItems(deps, tenantId)) {
    const key = { PK: String(item[partitionKey]), SK: String(item[sortKey]) };
    if (item.type === 'user' && typeof item.email === 'string') emails.push(item.email);
    // The structure first: from then on, no prescriber can choose it.
    if (item.type === 'structure') stored.unshift(key);
    else stored.push(key);
  }
  for (const email of emails) await options.identities.remove(email);
  await deleteKeys(deps, [...emails.map((email) => emailClaimKey(email)), ...stored]);
  await options.keys.destroy(tenantId);
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: {
        ...offboardedKey(tenantId),
        type: 'offboarded-structure',
        tenantId,
        name: structure.name,
        siret: structure.siret,
        offboardedAt: deps.now().toISOString(),
        offboardedBy: options.operator,
        archivedItems: options.archive.items,
        archiveSha256: options.archive.sha256,
      },
    }),
  );
  return {
    structure: { id: structure.id, name: structure.name, siret: structure.siret },
    users: emails.length,
    items: stored.length,
  };
}

/** Deletes `keys` in batches of 25, sending again what DynamoDB left unprocessed. */
async function deleteKeys(deps: DataContext, all: readonly ItemKey[]): Promise<void> {
  for (let start = 0; start < all.length; start += 25) {
    let pending = all.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await pause(Math.min(50 * 2 ** attempt, 2_000));
      if (attempt > 10) throw new Error('DynamoDB refuse encore des suppressions : relancez');
      const answer = await sendBatch(deps.db, deps.tableName, pending);
      pending = answer;
    }
  }
}

type DeleteRequest = { DeleteRequest: { Key: ItemKey } };

async function sendBatch(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: DeleteRequest[],
): Promise<DeleteRequest[]> {
  const { UnprocessedItems } = await db.send(
    new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
  );
  return (UnprocessedItems?.[tableName] ?? []).flatMap((request) => {
    const key = request.DeleteRequest?.Key;
    return key === undefined
      ? []
      : [{ DeleteRequest: { Key: { PK: String(key.PK), SK: String(key.SK) } } }];
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
