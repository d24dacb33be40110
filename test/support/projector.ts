/**
 * The statistics projector as integration tests run it: DynamoDB Local's stream read by the
 * local stream reader and handed to the real handler, as `npm start` does.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import {
  makeStatsProjector,
  type StreamHandler,
} from '../../functions/stats-projector/projector.ts';
import { StreamReader } from '../../infra/local/stream-reader.ts';

export function aProjectorHandler(db: DynamoDBDocumentClient, tableName: string): StreamHandler {
  return makeStatsProjector({ db, tableName }, quietMetrics());
}

/** Metrics that publish nothing: Powertools reads the switch when the instance is made. */
function quietMetrics(): Metrics {
  const before = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  try {
    return new Metrics({ namespace: 'Appui', serviceName: 'stats-projector' });
  } finally {
    if (before === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = before;
  }
}

export function aProjector(db: DynamoDBDocumentClient, tableName: string): StreamReader {
  return new StreamReader({
    endpoint: inject('dynamoEndpoint'),
    region: 'eu-west-3',
    tableName,
    handler: aProjectorHandler(db, tableName),
  });
}
