import { readFileSync } from 'node:fs';
import { handle } from 'hono/aws-lambda';
import { httpDeps } from '../wiring.ts';
import { createApi } from './app.ts';

/**
 * The OpenAPI document the build writes beside the bundle (infra/build-bundle.ts), read on its
 * first request; where there is none (the source run as it is), the app builds it.
 */
function shippedOpenApiDocument(): string | undefined {
  try {
    return readFileSync(new URL('./openapi.json', import.meta.url), 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The JSON API behind API Gateway, with the dependencies the portal shares (wiring.ts). */
export const handler = handle(
  createApi({ ...httpDeps(), openApiDocument: shippedOpenApiDocument }),
);
