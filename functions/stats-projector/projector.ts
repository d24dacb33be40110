/**
 * The statistics projector: a DynamoDB stream consumer (Powertools batch processing, partial
 * failures reported per record) that brings the counters in line with each support a record
 * touches. The same function runs in Lambda and, locally, behind the DynamoDB Local stream reader.
 * Logs and metrics carry counts and ids, never personal data.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import type { DataContext } from '../../shared/data/context.ts';
import { runInScope, systemScope } from '../../shared/data/scope.ts';
import { logger } from '../../shared/logger.ts';
import {
  projectSource,
  ReferenceCache,
  type SourceRef,
  sourceOfKey,
} from '../../shared/stats/projection.ts';

const scope = systemScope('statistics projector');

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse>;

export function makeStatsProjector(data: DataContext, metrics: Metrics): StreamHandler {
  const project = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    // Every record of a batch was written before the batch came: one consistent read of a
    // support after the first of its records covers the others.
    const references = new ReferenceCache(data);
    const done = new Set<string>();
    let periodsMoved = 0;
    let retries = 0;
    const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
      const source = sourceOf(record);
      if (source === undefined) return;
      const id = `${source.tenantId}/${source.sourceId}`;
      if (done.has(id)) return;
      const result = await runInScope(scope, () => projectSource(data, references, source));
      done.add(id);
      periodsMoved += result.periodsMoved;
      retries += result.retries;
    };
    const response = await processPartialResponse(
      event,
      recordHandler,
      new BatchProcessor(EventType.DynamoDBStreams),
      // In order: the stream resumes from the first failed record, and hot counter rows
      // would only make parallel transactions collide.
      { processInParallel: false },
    );
    const failed = response.batchItemFailures.length;
    metrics.addMetric('RecordsReceived', MetricUnit.Count, event.Records.length);
    metrics.addMetric('SupportsProjected', MetricUnit.Count, done.size);
    metrics.addMetric('PeriodsMoved', MetricUnit.Count, periodsMoved);
    metrics.addMetric('ProjectionRetries', MetricUnit.Count, retries);
    metrics.addMetric('RecordsFailed', MetricUnit.Count, failed);
    // A batch that moved nothing (records seen before, alerts, logs) is only worth a debug line.
    const log = periodsMoved > 0 || failed > 0 ? logger.info : logger.debug;
    log.call(logger, 'Statistics projected', {
      records: event.Records.length,
      supports: done.size,
      periodsMoved,
      retries,
      failed,
    });
    return response;
  };
  return middy(project)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/** The support a record is about, from its keys (present on inserts, updates and removals). */
export function sourceOf(record: DynamoDBRecord): SourceRef | undefined {
  const keys = record.dynamodb?.Keys;
  return sourceOfKey({ PK: keys?.PK?.S, SK: keys?.SK?.S });
}
