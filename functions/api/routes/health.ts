import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { runInScope, systemScope } from '../../../shared/data/scope.ts';
import { logger } from '../../../shared/logger.ts';
import type { ApiDeps } from '../deps.ts';

/** The key `/health` reads: no item lives there, so the read costs one round trip and returns nothing. */
const probeKey = { PK: 'HEALTH', SK: 'PROBE' };
const probeScope = systemScope('health probe: one GetItem on a constant key that holds nothing');

/** `GET /health`: the service is up and DynamoDB answers, with the round-trip time in milliseconds. */
export function healthRoutes({ db, tableName }: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const started = performance.now();
    try {
      await runInScope(probeScope, () =>
        db.send(new GetCommand({ TableName: tableName, Key: probeKey })),
      );
    } catch (error: unknown) {
      logger.warn('health probe failed', { error });
      return c.json({ status: 'unavailable', dynamodb: { status: 'unavailable' } }, 503);
    }
    const roundTripMs = Math.round((performance.now() - started) * 10) / 10;
    return c.json({ status: 'ok', dynamodb: { status: 'ok', roundTripMs } });
  });
}
