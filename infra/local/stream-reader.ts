/**
 * DynamoDB Local has a stream; this reads it the way Lambda's event source mapping reads the
 * table's stream in AWS — shard by shard, in order, in batches — and hands each batch to the
 * same handler, in the same event shape. A batch whose records fail is handed again from the
 * first failed record, as Lambda does with `ReportBatchItemFailures`.
 */

import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type AttributeValue as StreamValue,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type { StreamHandler } from '../../functions/stats-projector/projector.ts';
import { localCredentials } from '../../shared/data/client.ts';

export interface StreamReaderOptions {
  endpoint: string;
  region: string;
  tableName: string;
  handler: StreamHandler;
  /** Records per batch handed to the handler (Lambda's BatchSize). */
  batchSize?: number;
}

interface ShardState {
  iterator: string | undefined;
  /** Records read but not yet handled successfully, oldest first. */
  pending: DynamoDBRecord[];
  closed: boolean;
}

export class StreamReader {
  private readonly streams: DynamoDBStreamsClient;
  private readonly dynamo: DynamoDBClient;
  private readonly shards = new Map<string, ShardState>();
  private streamArn: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: StreamReaderOptions) {
    const connection = {
      endpoint: options.endpoint,
      region: options.region,
      credentials: localCredentials(),
    };
    this.streams = new DynamoDBStreamsClient(connection);
    this.dynamo = new DynamoDBClient(connection);
  }

  /**
   * Reads every shard until nothing is left and hands the records over; resolves with the
   * number of records handled. Calls made while one runs wait for it and run once more.
   */
  async pump(): Promise<number> {
    while (this.running !== undefined) await this.running.catch(() => undefined);
    this.running = this.readAll();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** Pumps every `intervalMs` until `stop`; failures are logged and retried on the next tick. */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    const tick = () => {
      this.pump()
        .catch(onError)
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    this.streams.destroy();
    this.dynamo.destroy();
  }

  /** Every record the stream holds now, in order, without handing them over (tests, debugging). */
  async collect(): Promise<DynamoDBRecord[]> {
    await this.discoverShards();
    const records: DynamoDBRecord[] = [];
    for (const shard of this.shards.values()) {
      while (!shard.closed && shard.iterator !== undefined) {
        const { Records, NextShardIterator } = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }),
        );
        shard.iterator = NextShardIterator;
        if (NextShardIterator === undefined) shard.closed = true;
        if ((Records ?? []).length === 0) break;
        records.push(...(Records ?? []).map((record) => toLambdaRecord(record, this.arn())));
      }
    }
    return records;
  }

  private async readAll(): Promise<number> {
    await this.discoverShards();
    let handled = 0;
    for (const [shardId, shard] of this.shards) {
      handled += await this.readShard(shardId, shard);
    }
    return handled;
  }

  private async discoverShards(): Promise<void> {
    if (this.streamArn === undefined) {
      const { Table } = await this.dynamo.send(
        new DescribeTableCommand({ TableName: this.options.tableName }),
      );
      this.streamArn = Table?.LatestStreamArn;
      if (this.streamArn === undefined) {
        throw new Error(`table ${this.options.tableName} has no stream`);
      }
    }
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      // Parents come before their children in the description: reading in that order keeps
      // each item's records in order across a shard split.
      for (const shard of StreamDescription?.Shards ?? []) {
        if (shard.ShardId === undefined || this.shards.has(shard.ShardId)) continue;
        const { ShardIterator } = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        this.shards.set(shard.ShardId, { iterator: ShardIterator, pending: [], closed: false });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
  }

  private async readShard(shardId: string, shard: ShardState): Promise<number> {
    let handled = 0;
    for (;;) {
      if (shard.pending.length === 0) {
        if (shard.closed || shard.iterator === undefined) return handled;
        const { Records, NextShardIterator } = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }),
        );
        shard.iterator = NextShardIterator;
        if (NextShardIterator === undefined) shard.closed = true;
        shard.pending.push(...(Records ?? []).map((record) => toLambdaRecord(record, this.arn())));
        if (shard.pending.length === 0) return handled;
      }
      const batch = shard.pending.slice(0, this.options.batchSize ?? 100);
      const response = await this.options.handler({ Records: batch }, localContext(shardId));
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      const firstFailed = batch.findIndex((record) =>
        failed.has(record.dynamodb?.SequenceNumber ?? ''),
      );
      if (firstFailed === -1) {
        shard.pending.splice(0, batch.length);
        handled += batch.length;
        continue;
      }
      // Lambda retries from the first failed record; so does this, on the next pump.
      shard.pending.splice(0, firstFailed);
      handled += firstFailed;
      throw new Error(
        `stream records failed in shard ${shardId}: ${response.batchItemFailures.length}`,
      );
    }
  }

  private arn(): string {
    return this.streamArn ?? '';
  }
}

/** A stream record as Lambda delivers it (epoch seconds, event source fields). */
function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb;
  const created = change?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created === undefined
        ? {}
        : { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
      Keys: toLambdaImage(change?.Keys),
      NewImage: toLambdaImage(change?.NewImage),
      OldImage: toLambdaImage(change?.OldImage),
      SequenceNumber: change?.SequenceNumber,
      SizeBytes: change?.SizeBytes,
      StreamViewType: change?.StreamViewType,
    },
  };
}

type LambdaImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['Keys']>;
type LambdaValue = LambdaImage[string];

function toLambdaImage(image: Record<string, StreamValue> | undefined): LambdaImage | undefined {
  if (image === undefined) return undefined;
  const converted: LambdaImage = {};
  for (const [name, value] of Object.entries(image)) converted[name] = toLambdaValue(value);
  return converted;
}

/** Lambda's JSON has binary as base64 text; the SDK gives bytes. Everything else is alike. */
function toLambdaValue(value: StreamValue): LambdaValue {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) ?? {} };
  throw new TypeError(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

export function localContext(shardId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'stats-projector-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:stats-projector-local',
    memoryLimitInMB: '256',
    awsRequestId: `local-${shardId}-${Date.now()}`,
    logGroupName: 'local',
    logStreamName: 'local',
    // The deployed projector's timeout (stream-stack.ts), which middy races each batch against.
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
