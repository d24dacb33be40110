import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig } from '../../shared/config.ts';
import { makeGuardedDocumentClient } from '../../shared/data/scope-guard.ts';
import { makeStatsProjector } from './projector.ts';

const config = loadConfig();

/** The table's stream → statistics counters. See projector.ts. */
export const handler = makeStatsProjector(
  {
    db: makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint }),
    tableName: config.tableName,
  },
  new Metrics({ namespace: 'Appui', serviceName: 'stats-projector' }),
);
