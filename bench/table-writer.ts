/** Fills a benchmark's table fast: batches of 25, eight at a time, retrying what is unprocessed. */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export async function writeAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) {
    batches.push(items.slice(start, start + 25));
  }
  const writeBatch = async (batch: Record<string, unknown>[]) => {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = batch.map((item) => ({
      PutRequest: { Item: item },
    }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []).flatMap((request) => {
        const item = request.PutRequest?.Item;
        return item === undefined ? [] : [{ PutRequest: { Item: item } }];
      });
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next];
        next += 1;
        if (batch !== undefined) await writeBatch(batch);
      }
    }),
  );
}
