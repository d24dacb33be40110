import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { caseItem } from '../../shared/cases/case.ts';
import { barrierScoresItem } from '../../shared/cases/diagnostic/barrier-scores.ts';
import { journalEntryItem } from '../../shared/cases/journal/journal-entry.ts';
import { hasNotes, sealItem } from '../../shared/crypto/sealed-items.ts';
import type { TenantKeys } from '../../shared/crypto/tenant-keys.ts';
import type { Item } from '../../shared/data/item.ts';
import { seedMarkerKey } from '../../shared/data/keys.ts';
import { emailClaimItem } from '../../shared/identity/email-claim.ts';
import { userItem } from '../../shared/identity/user.ts';
import { funderItem } from '../../shared/organisations/funder.ts';
import { prescriberOrgItem } from '../../shared/organisations/prescriber-organisation.ts';
import { structureItem } from '../../shared/organisations/structure.ts';
import { referralItem } from '../../shared/referrals/referral.ts';
import { followUpOf, referralFollowUpItem } from '../../shared/referrals/referral-follow-up.ts';
import { buildDemoData, type DemoData } from './demo-data.ts';

/** Bumped when the demo world changes shape, so an old `.data/` is not mistaken for the new one. */
export const demoSeedName = 'demo-v1';

export function demoItems(data: DemoData): Item[] {
  const structureNames = new Map(
    data.structures.map((structure) => [structure.id, structure.name]),
  );
  return [
    ...data.structures.map(structureItem),
    ...data.prescriberOrganisations.map(prescriberOrgItem),
    ...data.funders.map(funderItem),
    ...data.users.map(userItem),
    // Each address claimed as the use cases claim it, so inviting a demo address is refused.
    ...data.users.map(emailClaimItem),
    ...data.referrals.map(referralItem),
    ...data.referrals.map((referral) =>
      referralFollowUpItem(followUpOf(referral, structureNames.get(referral.tenantId) ?? '', 1)),
    ),
    ...data.cases.map(caseItem),
    ...data.barrierScores.map(({ tenantId, scores }) => barrierScoresItem(tenantId, scores)),
    ...data.journal.map(({ tenantId, entry }) => journalEntryItem(tenantId, entry)),
  ];
}

export type SeedResult = { seeded: true; items: number } | { seeded: false; seededAt: string };

/**
 * Writes the demo world once. The marker goes last: a seed interrupted half-way runs again in
 * full at the next start, and since every id is deterministic it rewrites the same items. With
 * `tenantKeys` (`npm start`) the notes are sealed as the application seals them; without, they
 * are written in clear, as a table filled before notes were sealed holds them.
 */
export async function seedDemoData(
  db: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
  tenantKeys?: TenantKeys,
): Promise<SeedResult> {
  const marker = await db.send(
    new GetCommand({ TableName: tableName, Key: seedMarkerKey(demoSeedName) }),
  );
  const seededAt = marker.Item?.seededAt;
  if (typeof seededAt === 'string') return { seeded: false, seededAt };

  const clear = demoItems(buildDemoData(now));
  const items =
    tenantKeys === undefined
      ? clear
      : await Promise.all(
          clear.map((item) => (hasNotes(item) ? sealItem(item, tenantKeys) : item)),
        );
  await writeAll(db, tableName, items);
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...seedMarkerKey(demoSeedName),
        type: 'seed-marker',
        seededAt: now.toISOString(),
        items: items.length,
      },
    }),
  );
  return { seeded: true, items: items.length };
}

/** BatchWrite in chunks of 25, retrying what DynamoDB leaves unprocessed. */
async function writeAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: Item[],
): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items
      .slice(start, start + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 8)
        throw new Error(`DynamoDB left ${requests.length} demo items unwritten after retries`);
      if (attempt > 0) await new Promise((wait) => setTimeout(wait, 50 * 2 ** attempt));
      const result = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item === undefined
          ? []
          : [{ PutRequest: { Item: request.PutRequest.Item } }],
      );
    }
  }
}
