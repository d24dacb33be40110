import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config.ts';
import { makeDocumentClient } from '../../shared/data/client.ts';
import { createApi } from './app.ts';

const config = loadConfig();
const db = makeDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });

export const handler = handle(
  createApi({ db, tableName: config.tableName, now: () => new Date() }),
);
