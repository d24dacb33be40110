/**
 * Every operation of the JSON API, read from its OpenAPI document (the app's own
 * `/api/v1/openapi.json`, fetched through `app.request`), each mapped to its operation of the
 * rights table by the route's `operationId`. A new route is picked up without naming it here;
 * a route without an `operationId`, or with one the rights table does not know, and an
 * operation of the table that no route serves, are reported rather than skipped.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { createApi } from '../../functions/api/app.ts';
import { type Operation, rights } from '../../shared/auth/rights.ts';
import { makeTokenVerifier } from '../../shared/auth/verifier.ts';
import { makeDocumentClient } from '../../shared/data/client.ts';
import { makeTableIdentityProvisioner } from '../../shared/identity/provisioner.ts';
import { defaultSettings } from '../../shared/use-case.ts';
import { unusedMailer } from './mailer.ts';

/** The HTTP methods an OpenAPI path item may hold. */
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Endpoint {
  operation: Operation;
  /** Upper case, as `app.request` takes it. */
  method: string;
  /** The document's path template, prefix included: `/api/v1/cases/{id}`. */
  path: string;
  /** The names of the template's parameters, in order of appearance. */
  pathParameters: string[];
  /** The 2xx statuses the document promises for this operation. */
  successStatuses: number[];
  /** Whether the operation takes a request body. */
  takesBody: boolean;
}

/** A route the rights table cannot govern: no `operationId`, or one that is not an operation. */
export interface UnmappedRoute {
  method: string;
  path: string;
  operationId: string | undefined;
}

export interface EndpointCatalogue {
  /** Every /api/v1 operation of the document that maps to the rights table, in document order. */
  endpoints: Endpoint[];
  /** Routes that map to no operation of the rights table. */
  unmapped: UnmappedRoute[];
  /** Operations of the rights table that no route serves. */
  unserved: Operation[];
}

/** What is needed of the app: Hono's `request`, no socket. */
export interface RequestableApi {
  request(path: string): Response | Promise<Response>;
}

export const apiPrefix = '/api/v1';
export const openApiPath = `${apiPrefix}/openapi.json`;

/** Every operation of the rights table, in the table's order. */
export const operations: Operation[] = Object.keys(rights).filter(isOperation);

export function isOperation(name: string): name is Operation {
  return Object.hasOwn(rights, name);
}

const operationObject = z.looseObject({
  operationId: z.string().optional(),
  requestBody: z.unknown().optional(),
  responses: z.record(z.string(), z.unknown()),
});
const openApiDocument = z.looseObject({
  paths: z.record(z.string(), z.looseObject({})),
});

/**
 * The API's routes with nothing behind them: a DynamoDB client pointing nowhere, a verifier
 * whose keys are never fetched, the table-only identity provisioner. Enough to read the OpenAPI document, which touches neither; any
 * other request would fail.
 */
export function anApiWithoutBackend(): OpenAPIHono {
  const issuer = 'https://issuer.invalid';
  return createApi({
    db: makeDocumentClient({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:9' }),
    tableName: 'no-table',
    now: () => new Date(),
    verifier: makeTokenVerifier({
      issuer,
      audience: 'no-audience',
      jwksUrl: `${issuer}/.well-known/jwks.json`,
    }),
    settings: defaultSettings,
    provisioner: makeTableIdentityProvisioner(),
    mailer: unusedMailer,
  });
}

/** Reads the app's OpenAPI document and maps each of its /api/v1 operations to the rights table. */
export async function readEndpoints(api: RequestableApi): Promise<EndpointCatalogue> {
  const response = await api.request(openApiPath);
  if (response.status !== 200) {
    throw new Error(`${openApiPath} answered ${response.status}`);
  }
  return catalogueOf(await response.json());
}

/** The catalogue of an OpenAPI document already read. */
export function catalogueOf(document: unknown): EndpointCatalogue {
  const { paths } = openApiDocument.parse(document);
  const endpoints: Endpoint[] = [];
  const unmapped: UnmappedRoute[] = [];
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!path.startsWith(`${apiPrefix}/`)) continue;
    for (const method of httpMethods) {
      if (pathItem[method] === undefined) continue;
      const operationDoc = operationObject.parse(pathItem[method]);
      const { operationId } = operationDoc;
      if (operationId === undefined || !isOperation(operationId)) {
        unmapped.push({ method: method.toUpperCase(), path, operationId });
        continue;
      }
      endpoints.push({
        operation: operationId,
        method: method.toUpperCase(),
        path,
        pathParameters: [...path.matchAll(/\{([^}]+)\}/g)].flatMap(([, name]) =>
          name === undefined ? [] : [name],
        ),
        successStatuses: Object.keys(operationDoc.responses)
          .map(Number)
          .filter((status) => status >= 200 && status < 300),
        takesBody: operationDoc.requestBody !== undefined,
      });
    }
  }
  const served = new Set(endpoints.map((endpoint) => endpoint.operation));
  return {
    endpoints,
    unmapped,
    unserved: operations.filter((operation) => !served.has(operation)),
  };
}

/** `METHOD /path/{template}`: how an endpoint is named in test titles and tables. */
export function describeEndpoint(endpoint: Pick<Endpoint, 'method' | 'path'>): string {
  return `${endpoint.method} ${endpoint.path}`;
}

/** The template with each parameter replaced by its (URI-encoded) value; every one must be given. */
export function concretePath(
  endpoint: Pick<Endpoint, 'path'>,
  parameters: Readonly<Record<string, string>>,
): string {
  return endpoint.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined) {
      throw new Error(`no value for {${name}} of ${endpoint.path}`);
    }
    return encodeURIComponent(value);
  });
}
