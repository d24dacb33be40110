import { handle } from 'hono/aws-lambda';
import { httpDeps } from '../wiring.ts';
import { createApi } from './app.ts';

/** The JSON API behind API Gateway, with the dependencies the portal shares (wiring.ts). */
export const handler = handle(createApi(httpDeps()));
