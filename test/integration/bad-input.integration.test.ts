/**
 * Bad input, from every side, on every operation the OpenAPI document lists: arbitrary bodies,
 * wrong types, unknown fields, impossible dates, oversized and unreadable bodies, foreign media
 * types, arbitrary path ids, query strings, cursors and headers. Each gets a 4xx problem+json
 * that names what is wrong, never a 500, and nothing is written. Operations, their callers, their
 * targets and their valid bodies are found from the document, so a route added tomorrow is covered
 * without touching this file.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type DemoData, demoAccounts } from '../../infra/local/demo-data.ts';
import { type Operation, rights } from '../../shared/auth/rights.ts';
import { keyAttributes } from '../../shared/data/table.ts';
import type { User } from '../../shared/identity/user.ts';
import { type Role, roles } from '../../shared/measure/vocabulary.ts';
import { type ApiWorld, anApiWorld } from '../support/api-world.ts';

/** One seed for every property, printed with any failure: set it here to replay a run. */
const seed = 20_260_214;
/** Runs per operation and property: about 5,000 requests in all, well under a minute. */
const runs = 40;

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, as far as this test reads it.

interface JsonSchema {
  $ref?: string | undefined;
  type?: string | string[] | undefined;
  format?: string | undefined;
  pattern?: string | undefined;
  enum?: unknown[] | undefined;
  const?: unknown;
  properties?: Record<string, JsonSchema> | undefined;
  required?: string[] | undefined;
  items?: JsonSchema | undefined;
  anyOf?: JsonSchema[] | undefined;
  oneOf?: JsonSchema[] | undefined;
  allOf?: JsonSchema[] | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  minItems?: number | undefined;
}

const jsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.object({
    $ref: z.string().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
    const: z.unknown().optional(),
    properties: z.record(z.string(), jsonSchema).optional(),
    required: z.array(z.string()).optional(),
    items: jsonSchema.optional(),
    anyOf: z.array(jsonSchema).optional(),
    oneOf: z.array(jsonSchema).optional(),
    allOf: z.array(jsonSchema).optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minItems: z.number().optional(),
  }),
);

const parameterObject = z.object({
  name: z.string(),
  in: z.enum(['path', 'query', 'header', 'cookie']),
  schema: jsonSchema.optional(),
});
type Parameter = z.infer<typeof parameterObject>;

const operationObject = z.object({
  operationId: z.string().optional(),
  parameters: z.array(parameterObject).default([]),
  requestBody: z
    .object({ content: z.record(z.string(), z.object({ schema: jsonSchema.optional() })) })
    .optional(),
});

const openApiDocument = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({ schemas: z.record(z.string(), jsonSchema).default({}) }).optional(),
});

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** An operation of the document, with the zod schemas its route validates with. */
interface ApiOperation {
  /** `POST /api/v1/cases/{id}/contract` */
  label: string;
  method: string;
  path: string;
  operationId: string | undefined;
  pathParams: string[];
  query: Parameter[];
  /** Header parameters, lower-cased. */
  headers: string[];
  body: JsonSchema | undefined;
  schemas: { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType; headers?: z.ZodType };
}

// ---------------------------------------------------------------------------------------------
// What the set-up finds for each operation: a caller allowed to call it, a valid target of the
// caller's tenant, the version to send in If-Match, a valid body, another tenant's ids, cursors.

interface Caller {
  role: Role;
  token: string;
  /** The tenant, organisation or funder the caller belongs to. */
  scopeId: string | undefined;
}

interface Target {
  op: ApiOperation;
  caller: Caller;
  /** A valid id for each path parameter, of the caller's tenant. */
  params: Record<string, string>;
  /** The ETag of the target as read, for If-Match; `"1"` when no route reads it. */
  version: string;
  /** A body the route's own schema accepts; undefined when the route takes none. */
  validBody: unknown;
  /** Ids of the same kind (first path parameter), of another tenant. */
  foreignIds: string[];
  /** The scope id of another caller of the same role, to forge cursors with. */
  foreignScopeId: string | undefined;
  /** Cursors the list gave: with no filter, then with each value of its first vocabulary filter. */
  cursors: string[];
  /** A cursor the same list gave the other tenant. */
  foreignCursor: string | undefined;
}

/** Who calls, by role: the Réunion side is home, the mainland side is the other tenant. */
const home: Record<Role, string> = {
  'structure-admin': demoAccounts.reunionAdmin,
  referent: demoAccounts.reunionReferents[0],
  prescriber: demoAccounts.franceTravail,
  funder: demoAccounts.reunionFunder,
  'platform-admin': demoAccounts.platformAdmin,
};
const away: Partial<Record<Role, string>> = {
  'structure-admin': demoAccounts.mainlandAdmin,
  referent: demoAccounts.mainlandReferents[0],
  prescriber: demoAccounts.departement,
  funder: demoAccounts.mainlandFunder,
};
/** A structure-admin reaches every case of the structure, a référent only theirs: admins first. */
const rolePreference: readonly Role[] = [
  'structure-admin',
  'prescriber',
  'platform-admin',
  'referent',
  'funder',
];

const writeCommands = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'Put',
  'Update',
  'Delete',
  'BatchWrite',
  'TransactWrite',
]);
const isWrite = (command: string) => writeCommands.has(command.replace(/Command$/, ''));

let world: ApiWorld;
let components: Record<string, JsonSchema> = {};
let operations: ApiOperation[] = [];
const targets: Target[] = [];
const setupFaults: string[] = [];
/** Every DynamoDB command the API sent since the current request began (recorded before retries). */
const sent: string[] = [];

beforeAll(async () => {
  world = await anApiWorld();
  world.appDb.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? 'UnnamedCommand');
      return next(args);
    },
    { step: 'initialize', name: 'badInputCommandRecorder' },
  );

  const response = await world.api.request('/api/v1/openapi.json');
  const document = openApiDocument.parse(await response.json());
  components = document.components?.schemas ?? {};
  operations = operationsOf(document.paths);
  const demo = demoValues(world.demo);
  for (const op of operations) targets.push(await targetFor(op, demo));
}, 120_000);

function operationsOf(paths: Record<string, Record<string, unknown>>): ApiOperation[] {
  const found: ApiOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, raw] of Object.entries(item)) {
      if (!httpMethods.has(method)) continue;
      const operation = operationObject.parse(raw);
      found.push({
        label: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].flatMap((match) =>
          match[1] === undefined ? [] : [match[1]],
        ),
        query: operation.parameters.filter((parameter) => parameter.in === 'query'),
        headers: operation.parameters
          .filter((parameter) => parameter.in === 'header')
          .map((parameter) => parameter.name.toLowerCase()),
        body: operation.requestBody?.content['application/json']?.schema,
        schemas: routeSchemas(method, path),
      });
    }
  }
  return found;
}

const zodOf = (candidate: unknown): z.ZodType | undefined =>
  candidate instanceof z.ZodType ? candidate : undefined;

/** The zod schemas the route itself validates with, from the app's OpenAPI registry. */
function routeSchemas(method: string, path: string): ApiOperation['schemas'] {
  for (const definition of world.api.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { route } = definition;
    if (route.method !== method || route.path !== path) continue;
    const json = route.request?.body?.content['application/json'];
    return {
      body: zodOf(json !== undefined && 'schema' in json ? json.schema : undefined),
      query: zodOf(route.request?.query),
      params: zodOf(route.request?.params),
      headers: zodOf(route.request?.headers),
    };
  }
  return {};
}

function isOperation(name: string | undefined): name is Operation {
  return name !== undefined && Object.hasOwn(rights, name);
}

async function callerOf(email: string | undefined): Promise<Caller | undefined> {
  if (email === undefined) return undefined;
  const user: User = world.user(email);
  return {
    role: user.role,
    token: await world.tokenFor(user),
    scopeId: user.tenantId ?? user.orgId ?? user.funderId,
  };
}

/**
 * Whether the role may call the operation, by trial: a request the route refuses whatever the
 * role once past its rights check (ids that are not ids, a body that is not an object) answers
 * 403 only when the role may not. Undefined for a bodiless write with no path: no safe probe.
 */
async function isAllowedFor(op: ApiOperation, caller: Caller): Promise<boolean | undefined> {
  if (op.pathParams.length === 0 && op.body === undefined && op.method !== 'GET') return undefined;
  const path = fill(op.path, Object.fromEntries(op.pathParams.map((name) => [name, 'probe'])));
  const withBody = op.body !== undefined && op.method !== 'GET';
  const response = await world.api.request(path, {
    method: op.method,
    headers: {
      authorization: `Bearer ${caller.token}`,
      ...(withBody ? { 'content-type': 'application/json' } : {}),
    },
    body: withBody ? '[]' : undefined,
  });
  return response.status !== 403 && response.status !== 401;
}

/**
 * The first role of the preference order that the rights table (when the operation id names one
 * of its operations) or else a trial allows; then the target, its version and a valid body.
 */
async function targetFor(op: ApiOperation, demo: Map<string, unknown>): Promise<Target> {
  const candidates: readonly Role[] = isOperation(op.operationId)
    ? rights[op.operationId]
    : roles.codes;
  let caller: Caller | undefined;
  for (const role of rolePreference.filter((candidate) => candidates.includes(candidate))) {
    const candidate = await callerOf(home[role]);
    if (candidate !== undefined && (await isAllowedFor(op, candidate)) === true) {
      caller = candidate;
      break;
    }
  }
  if (caller === undefined) {
    setupFaults.push(`${op.label}: no demo role may call it (every probe answered 401 or 403)`);
    caller = { role: 'funder', token: '', scopeId: undefined };
  }
  const other = await callerOf(away[caller.role]);
  const { params, version } = await idsFor(op, caller);
  const foreign = other === undefined ? undefined : await idsFor(op, other);
  const firstParam = op.pathParams[0];
  const foreignIds =
    foreign === undefined || firstParam === undefined
      ? []
      : [...new Set(foreign.candidates[firstParam] ?? [])].slice(0, 5);

  let validBody: unknown;
  if (op.body !== undefined) {
    const built = validBodyFor(op, op.body, demo);
    if (built.issues.length > 0) {
      setupFaults.push(`${op.label}: no valid body could be built (${built.issues.join('; ')})`);
    }
    validBody = built.body;
  }
  return {
    op,
    caller,
    params,
    version,
    validBody,
    foreignIds,
    foreignScopeId: other?.scopeId,
    cursors: await cursorsOf(op, caller, params),
    foreignCursor:
      other === undefined || foreign === undefined
        ? undefined
        : (await cursorsOf(op, other, foreign.params))[0],
  };
}

async function getJson(
  caller: Caller,
  path: string,
): Promise<{ status: number; etag: string | null; json: unknown }> {
  const response = await world.api.request(path, {
    headers: { authorization: `Bearer ${caller.token}` },
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, etag: response.headers.get('etag'), json };
}

const idsIn = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((item) => (isRecord(item) && typeof item.id === 'string' ? [item.id] : []))
    : [];

/**
 * A valid id for each path parameter: listed by the collection route (`GET /cases` for
 * `/cases/{id}`) or found in the parent's answer (`appointments` of `GET /cases/{id}`), kept when
 * the item route (`GET /cases/{id}`) answers 200, whose ETag is then the version to send. A fresh
 * UUID when nothing lists any: the request is then refused at the end with a 404.
 */
async function idsFor(
  op: ApiOperation,
  caller: Caller,
): Promise<{
  params: Record<string, string>;
  version: string;
  candidates: Record<string, string[]>;
}> {
  const params: Record<string, string> = {};
  const candidates: Record<string, string[]> = {};
  let version = '"1"';
  let parentAnswer: unknown;
  for (const name of op.pathParams) {
    const marker = `{${name}}`;
    const itemPath = op.path.slice(0, op.path.indexOf(marker) + marker.length);
    const listPath = itemPath.slice(0, -(marker.length + 1));
    const collection = listPath.split('/').at(-1) ?? '';
    const listed = operations.some((other) => other.method === 'GET' && other.path === listPath);
    const item = operations.find((other) => other.method === 'GET' && other.path === itemPath);
    let found: string[] = [];
    if (listed) {
      const page = await getJson(caller, `${fill(listPath, params)}?limit=50`);
      found = idsIn(isRecord(page.json) ? page.json.items : undefined);
    }
    if (found.length === 0 && isRecord(parentAnswer)) found = idsIn(parentAnswer[collection]);
    candidates[name] = found;
    let chosen: string | undefined;
    for (const id of found.slice(0, 10)) {
      if (item === undefined) {
        chosen = id;
        break;
      }
      const read = await getJson(caller, fill(itemPath, { ...params, [name]: id }));
      if (read.status === 200) {
        chosen = id;
        parentAnswer = read.json;
        if (read.etag !== null) version = read.etag;
        break;
      }
    }
    params[name] = chosen ?? randomUUID();
  }
  return { params, version, candidates };
}

/** The cursors of first pages of one item: with no filter, then filtered by each code of a vocabulary. */
async function cursorsOf(
  op: ApiOperation,
  caller: Caller,
  params: Record<string, string>,
): Promise<string[]> {
  if (op.method !== 'GET' || !op.query.some((parameter) => parameter.name === 'cursor')) return [];
  const filter = op.query.find((parameter) => codesOf(parameter).length > 0);
  const queries = [
    'limit=1',
    ...(filter === undefined
      ? []
      : codesOf(filter).map((code) => `limit=1&${filter.name}=${encodeURIComponent(code)}`)),
  ];
  const cursors: string[] = [];
  for (const query of queries) {
    const page = await getJson(caller, `${fill(op.path, params)}?${query}`);
    const cursor = isRecord(page.json) ? page.json.cursor : undefined;
    if (typeof cursor === 'string') cursors.push(cursor);
  }
  return cursors;
}

const codesOf = (parameter: Parameter): string[] =>
  (parameter.schema === undefined ? [] : (resolve(parameter.schema).enum ?? [])).filter(
    (code): code is string => typeof code === 'string',
  );

function decodedKey(cursor: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const key = z.record(z.string(), z.string()).safeParse(parsed);
  return key.success ? key.data : undefined;
}

// ---------------------------------------------------------------------------------------------
// Valid bodies, built from the document's JSON Schema and checked by the route's zod schema.
// Where a zod check says more than its JSON Schema (a SIRET's key, a région's code), the value
// of the same name in the demo data is used.

function resolve(schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.replace('#/components/schemas/', '');
  const target = name === undefined ? undefined : components[name];
  return target === undefined ? schema : resolve(target);
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

function typesOf(raw: JsonSchema): Set<string> {
  const schema = resolve(raw);
  const types = new Set<string>();
  if (typeof schema.type === 'string') types.add(schema.type);
  if (Array.isArray(schema.type)) for (const type of schema.type) types.add(type);
  for (const value of [schema.const, ...(schema.enum ?? [])]) {
    if (value !== undefined) types.add(jsonTypeOf(value));
  }
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    for (const type of typesOf(branch)) types.add(type);
  }
  return types;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

const exampleId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** A value of the schema: every property when `full`, the required ones only otherwise. */
function sampleOf(raw: JsonSchema, full: boolean): unknown {
  const schema = resolve(raw);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum[0];
  const branch = (schema.anyOf ?? schema.oneOf ?? schema.allOf)?.find(
    (candidate) => !typesOf(candidate).has('null'),
  );
  if (branch !== undefined) return sampleOf(branch, full);
  switch ([...typesOf(schema)].find((type) => type !== 'null')) {
    case 'object':
      return Object.fromEntries(
        (full ? Object.keys(schema.properties ?? {}) : (schema.required ?? [])).map((name) => [
          name,
          sampleOf(schema.properties?.[name] ?? {}, full),
        ]),
      );
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, full ? 1 : 0) }, () =>
        sampleOf(schema.items ?? {}, full),
      );
    case 'integer':
    case 'number':
      return Math.min(schema.minimum ?? 1, schema.maximum ?? Number.POSITIVE_INFINITY);
    case 'boolean':
      return true;
    case 'string':
      return stringSampleOf(schema);
    default:
      return null;
  }
}

function stringSampleOf(schema: JsonSchema): string {
  switch (schema.format) {
    case 'uuid':
      return exampleId;
    case 'date':
      return yesterday;
    case 'date-time':
      return `${yesterday}T09:30:00Z`;
    case 'email':
      return 'personne@example.org';
  }
  if (schema.pattern !== undefined) {
    return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed })[0] ?? '';
  }
  return 'Texte'.padEnd(schema.minLength ?? 0, 'x').slice(0, schema.maxLength ?? 100);
}

/** The first value each property name has anywhere in the demo data. */
function demoValues(demo: DemoData): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (!found.has(key)) found.set(key, inner);
      visit(inner);
    }
  };
  visit(demo);
  return found;
}

/** The fullest body the route's schema accepts: every field first, the required ones otherwise. */
function validBodyFor(
  op: ApiOperation,
  schema: JsonSchema,
  demo: Map<string, unknown>,
): { body: unknown; issues: string[] } {
  const full = fixedUp(op, sampleOf(schema, true), demo);
  return full.issues.length === 0 ? full : fixedUp(op, sampleOf(schema, false), demo);
}

function fixedUp(
  op: ApiOperation,
  sample: unknown,
  demo: Map<string, unknown>,
): { body: unknown; issues: string[] } {
  const check = op.schemas.body;
  if (check === undefined) return { body: undefined, issues: ['no zod schema for the body'] };
  let body = sample;
  let issues: string[] = [];
  for (let round = 0; round < 4; round += 1) {
    const parsed = check.safeParse(body);
    if (parsed.success) return { body, issues: [] };
    issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    let changed = false;
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
      while (typeof path.at(-1) === 'number') path.pop();
      const name = path.at(-1);
      if (typeof name === 'string' && demo.has(name)) {
        body = setAt(body, path, demo.get(name));
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { body: undefined, issues };
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` with `leaf` at `path`, copied: own properties only, even for a key like `__proto__`. */
function setAt(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  if (typeof head === 'number') {
    const list: unknown[] = Array.isArray(value) ? [...value] : [];
    list[head] = setAt(list[head], rest, leaf);
    return list;
  }
  const object = isRecord(value) ? value : {};
  return { ...object, [head]: setAt(object[head], rest, leaf) };
}

function getAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof part === 'number') current = Array.isArray(current) ? current[part] : undefined;
    else current = isRecord(current) ? current[part] : undefined;
  }
  return current;
}

interface Field {
  path: (string | number)[];
  schema: JsonSchema;
}

/** Every field the body schema describes, nested objects and first array items included. */
function fieldsOf(raw: JsonSchema, path: (string | number)[] = []): Field[] {
  if (path.length > 5) return [];
  const schema = resolve(raw);
  const fields: Field[] = [];
  for (const [name, inner] of Object.entries(schema.properties ?? {})) {
    fields.push({ path: [...path, name], schema: inner }, ...fieldsOf(inner, [...path, name]));
  }
  if (schema.items !== undefined) {
    fields.push(
      { path: [...path, 0], schema: schema.items },
      ...fieldsOf(schema.items, [...path, 0]),
    );
  }
  return fields;
}

/** The names the schema declares in the object at `path` of the body. */
function declaredAt(body: JsonSchema, path: readonly (string | number)[]): Set<string> {
  let schema = resolve(body);
  for (const part of path) {
    const inner = typeof part === 'number' ? schema.items : schema.properties?.[part];
    schema = resolve(inner ?? {});
  }
  return new Set(Object.keys(schema.properties ?? {}));
}

/** Values of another JSON type than the schema allows, or outside its vocabulary or format. */
function wrongValuesFor(raw: JsonSchema): unknown[] {
  const schema = resolve(raw);
  const allowed = typesOf(schema);
  const fits = (value: unknown) => {
    const type = jsonTypeOf(value);
    return allowed.has(type) || (type === 'integer' && allowed.has('number'));
  };
  const values = ['texte', 42, 1.5, true, null, [], {}, ['x'], { a: 1 }].filter(
    (value) => !fits(value),
  );
  if (schema.enum !== undefined || schema.const !== undefined) values.push('pas-un-code', false);
  if (schema.format !== undefined) values.push('pas au format');
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test('pas au motif')) {
    values.push('pas au motif');
  }
  return values.filter((value) => !(schema.enum ?? []).includes(value) && schema.const !== value);
}

const dotted = (path: readonly (string | number)[]) => path.join('.');

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Characters a header value may carry (Latin-1, no control characters). */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((code) => code !== 0x7f)
      .map((code) => String.fromCharCode(code)),
    maxLength,
  });

// ---------------------------------------------------------------------------------------------
// Sending a request and judging its answer.

function fill(template: string, params: Record<string, string>, raw = false): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return raw ? value : encodeURIComponent(value);
  });
}

interface Outgoing {
  /** Path segments in place of the valid ids, already encoded. */
  segments?: Record<string, string>;
  query?: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

interface Exchange {
  request: string;
  status: number;
  contentType: string;
  text: string;
  commands: string[];
}

async function send(target: Target, outgoing: Outgoing): Promise<Exchange> {
  const segments = {
    ...Object.fromEntries(
      Object.entries(target.params).map(([name, id]) => [name, encodeURIComponent(id)]),
    ),
    ...outgoing.segments,
  };
  const path = fill(target.op.path, segments, true);
  const url = outgoing.query === undefined ? path : `${path}?${outgoing.query}`;
  sent.length = 0;
  const response = await world.api.request(url, {
    method: target.op.method,
    headers: { authorization: `Bearer ${target.caller.token}`, ...outgoing.headers },
    body: outgoing.body,
  });
  const text = await response.text();
  return {
    request: `${target.op.method} ${shorten(url, 400)} as ${target.caller.role} [${Object.entries(
      outgoing.headers ?? {},
    )
      .map(([name, value]) => `${name}: ${JSON.stringify(shorten(value, 120))}`)
      .join(', ')}]${shownBody(outgoing.body)}`,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    commands: [...sent],
  };
}

const shorten = (text: string, length: number) =>
  text.length <= length ? text : `${text.slice(0, length)}… (${text.length} characters)`;

function shownBody(body: string | Uint8Array | undefined): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return ` body ${JSON.stringify(shorten(body, 300))}`;
  return ` body of ${body.byteLength} bytes`;
}

const problemDocument = z.object({
  status: z.number(),
  title: z.string(),
  invalidFields: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});

interface Expected {
  statuses: readonly number[];
  /** A 422 names one of these fields, or a field inside one of them. */
  naming?: readonly string[];
  /** Refused before any DynamoDB call, read or write. */
  quiet?: boolean;
  /** The request may happen to be valid: a success may write. */
  mayWrite?: boolean;
}

function faultsOf(exchange: Exchange, expected: Expected): string[] {
  const faults: string[] = [];
  if (!expected.statuses.includes(exchange.status)) {
    faults.push(`status ${exchange.status}, expected ${expected.statuses.join(' or ')}`);
  }
  if (exchange.status >= 400) faults.push(...problemFaults(exchange, expected.naming));
  const writes = exchange.commands.filter(isWrite);
  if (writes.length > 0 && !(expected.mayWrite === true && exchange.status < 300)) {
    faults.push(`wrote: ${writes.join(', ')}`);
  }
  if (expected.quiet === true && exchange.status >= 400 && exchange.commands.length > 0) {
    faults.push(`called DynamoDB before refusing: ${exchange.commands.join(', ')}`);
  }
  return faults;
}

function problemFaults(exchange: Exchange, naming: readonly string[] | undefined): string[] {
  const faults: string[] = [];
  if (!exchange.contentType.startsWith('application/problem+json')) {
    faults.push(`content-type ${exchange.contentType}, expected application/problem+json`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(exchange.text);
  } catch {
    parsed = undefined;
  }
  const problem = problemDocument.safeParse(parsed);
  if (!problem.success) return [...faults, 'the body is not a problem document'];
  if (problem.data.status !== exchange.status) faults.push('the problem carries another status');
  if (exchange.status !== 422) return faults;
  const named = (problem.data.invalidFields ?? []).map((field) => field.name);
  if (named.length === 0) faults.push('a 422 that names no field');
  const names = (name: string) =>
    naming?.some((expected) => name === expected || name.startsWith(`${expected}.`)) === true;
  if (naming !== undefined && !named.some(names)) {
    faults.push(`the 422 names ${named.join(', ')}, not ${naming.join(' or ')}`);
  }
  return faults;
}

function expectAnswer(exchange: Exchange, expected: Expected): void {
  const faults = faultsOf(exchange, expected);
  if (faults.length > 0) {
    throw new Error(
      [
        exchange.request,
        `  → ${exchange.status} ${exchange.contentType} ${shorten(exchange.text, 500)}`,
        `  DynamoDB: [${exchange.commands.join(', ')}]`,
        ...faults.map((fault) => `  ${fault}`),
      ].join('\n'),
    );
  }
}

/** What a request that happens to be valid may answer: its success, or a refusal of the domain. */
const validOutcomes = [200, 201, 204, 404, 409, 412, 422];

/** fast-check's report (seed, counterexample), then the assertion that failed, kept as its cause. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const report = error.message.replace(/\n+Hint: .*$/s, '');
  return error.cause === undefined ? report : `${report}\n${describeFailure(error.cause)}`;
}

/** Runs `check` for each operation it applies to; reports every failing operation, not the first. */
async function forEachTarget(
  applies: (target: Target) => boolean,
  check: (target: Target) => Promise<void>,
): Promise<void> {
  const chosen = targets.filter(applies);
  expect(chosen.length, 'operations this property applies to').toBeGreaterThan(0);
  const failures: string[] = [];
  for (const target of chosen) {
    try {
      await check(target);
    } catch (error: unknown) {
      failures.push(`${target.op.label}: ${shorten(describeFailure(error), 3_000)}`);
    }
  }
  expect(failures, `fast-check seed ${seed}`).toEqual([]);
}

/** A version no read ever gave: a body that happens to be valid stops at If-Match, before any write. */
const staleVersion = '"999999999"';

const jsonHeaders = (target: Target, version: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(target.op.headers.includes('if-match') ? { 'if-match': version } : {}),
});

const takesBody = (target: Target) => target.op.body !== undefined;
const hasValidBody = (target: Target) => takesBody(target) && target.validBody !== undefined;
const isList = (target: Target) =>
  target.op.method === 'GET' && target.op.query.some((parameter) => parameter.name === 'cursor');

// ---------------------------------------------------------------------------------------------

describe('bad input on every /api/v1 operation of the OpenAPI document', () => {
  it('finds a caller, a target of their tenant and a valid body for every operation', () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(setupFaults).toEqual([]);
    for (const target of targets) {
      for (const name of target.op.pathParams) {
        expect(target.params[name], `${target.op.label} {${name}}`).toBeDefined();
      }
    }
  });

  it('records the write of a valid case read, so a write on bad input cannot go unseen', async () => {
    const read = targets.find((target) => target.op.operationId === 'case.get');
    if (read === undefined) throw new Error('no case.get operation in the document');
    const exchange = await send(read, {});
    expect(exchange.status, exchange.text).toBe(200);
    expect(exchange.commands.filter(isWrite)).toEqual(['PutItemCommand']);
  });

  it('never answers 500 to arbitrary JSON bodies', async () => {
    await forEachTarget(takesBody, async (target) => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (body) => {
          const exchange = await send(target, {
            body: JSON.stringify(body),
            headers: jsonHeaders(target, staleVersion),
          });
          const valid = target.op.schemas.body?.safeParse(body).success === true;
          expectAnswer(
            exchange,
            valid ? { statuses: validOutcomes, mayWrite: true } : { statuses: [422], quiet: true },
          );
        }),
        { numRuns: runs, seed },
      );
    });
  });

  it('names the field that carries a wrong-typed value', async () => {
    await forEachTarget(hasValidBody, async (target) => {
      const fields = fieldsOf(target.op.body ?? {}).filter(
        (field) => typesOf(field.schema).size > 0,
      );
      const mutation = fc
        .constantFrom(...fields)
        .chain((field) =>
          fc.tuple(fc.constant(field), fc.constantFrom(...wrongValuesFor(field.schema))),
        );
      await fc.assert(
        fc.asyncProperty(mutation, async ([field, wrong]) => {
          const exchange = await send(target, {
            body: JSON.stringify(setAt(target.validBody, field.path, wrong)),
            headers: jsonHeaders(target, target.version),
          });
          expectAnswer(exchange, { statuses: [422], naming: [dotted(field.path)], quiet: true });
        }),
        { numRuns: runs, seed },
      );
    });
  });

  it('refuses an unknown field, at the top of the body or inside it', async () => {
    await forEachTarget(hasValidBody, async (target) => {
      const objects: (string | number)[][] = [
        [],
        ...fieldsOf(target.op.body ?? {})
          .filter((field) => isRecord(getAt(target.validBody, field.path)))
          .map((field) => field.path),
      ];
      const unknownField = fc.constantFrom(...objects).chain((path) =>
        fc.tuple(
          fc.constant(path),
          fc
            .oneof(
              fc.constantFrom('tenantId', 'orgId', 'id', 'version', 'role', 'PK', '__proto__'),
              fc.string({ minLength: 1 }),
            )
            .filter((key) => !declaredAt(target.op.body ?? {}, path).has(key)),
          fc.jsonValue(),
        ),
      );
      await fc.assert(
        fc.asyncProperty(unknownField, async ([path, key, value]) => {
          const parent = getAt(target.validBody, path);
          const body = setAt(target.validBody, path, {
            ...(isRecord(parent) ? parent : {}),
            [key]: value,
          });
          const exchange = await send(target, {
            body: JSON.stringify(body),
            headers: jsonHeaders(target, target.version),
          });
          expectAnswer(exchange, {
            statuses: [422],
            naming: path.length === 0 ? ['(corps)', key] : [dotted(path)],
            quiet: true,
          });
        }),
        { numRuns: runs, seed },
      );
    });
  });

  it('refuses impossible dates', async () => {
    const dated = (target: Target) =>
      fieldsOf(target.op.body ?? {}).filter((field) =>
        ['date', 'date-time'].includes(resolve(field.schema).format ?? ''),
      );
    const days = [
      '2026-02-30',
      '0000-00-00',
      '99999-01-01',
      '2026-13-01',
      '2025-02-29',
      '2026-04-31',
      '2026-1-1',
      '',
    ];
    await forEachTarget(
      (target) => hasValidBody(target) && dated(target).length > 0,
      async (target) => {
        const change = fc
          .constantFrom(...dated(target))
          .chain((field) =>
            fc.tuple(
              fc.constant(field),
              resolve(field.schema).format === 'date'
                ? fc.constantFrom(...days, `${yesterday}T10:00:00Z`)
                : fc.constantFrom(
                    ...days.map((day) => `${day}T10:00:00Z`),
                    `${yesterday}T24:00:00Z`,
                    `${yesterday}T10:00:00`,
                    yesterday,
                  ),
            ),
          );
        await fc.assert(
          fc.asyncProperty(change, async ([field, date]) => {
            const exchange = await send(target, {
              body: JSON.stringify(setAt(target.validBody, field.path, date)),
              headers: jsonHeaders(target, target.version),
            });
            expectAnswer(exchange, { statuses: [422], naming: [dotted(field.path)], quiet: true });
          }),
          { numRuns: runs, seed },
        );
      },
    );
  });

  it('answers 413 to a body over 64 KB, before reading anything', async () => {
    await forEachTarget(
      (target) => target.op.method !== 'GET',
      async (target) => {
        const strings = fieldsOf(target.op.body ?? {})
          .filter((field) => typesOf(field.schema).has('string'))
          .map((field) => field.path);
        const oversized = fc.record({
          path: fc.constantFrom(...(strings.length > 0 ? strings : [['note']])),
          length: fc.oneof(fc.constant(1 << 20), fc.integer({ min: 64 * 1024 + 1, max: 1 << 20 })),
          declared: fc.boolean(),
        });
        await fc.assert(
          fc.asyncProperty(oversized, async ({ path, length, declared }) => {
            const text = JSON.stringify(setAt(target.validBody ?? {}, path, 'x'.repeat(length)));
            const exchange = await send(target, {
              body: text,
              headers: {
                ...jsonHeaders(target, target.version),
                // As API Gateway and Node's server pass it on; without it, the body is streamed.
                ...(declared ? { 'content-length': String(Buffer.byteLength(text)) } : {}),
              },
            });
            expectAnswer(exchange, { statuses: [413], quiet: true });
          }),
          { numRuns: 6, seed },
        );
      },
    );
  });

  it('answers 400 to a body that is not readable JSON', async () => {
    await forEachTarget(takesBody, async (target) => {
      const text = JSON.stringify(target.validBody ?? { a: 1 });
      const broken = fc.oneof(
        fc.constantFrom(
          '{"a":',
          '{',
          '[1,',
          'nul',
          '{"a":1}}',
          "{'a':1}",
          '',
          ' ',
          '\u0000',
          '{"a":1,}',
          'NaN',
          '"',
        ),
        fc.nat({ max: text.length - 1 }).map((end) => text.slice(0, end)),
        fc.string(),
      );
      await fc.assert(
        fc.asyncProperty(broken, async (body) => {
          const exchange = await send(target, { body, headers: jsonHeaders(target, staleVersion) });
          // Read as the server reads it (a byte-order mark is allowed, for one).
          const read = await new Response(body).json().then(
            (value: unknown) => ({ readable: true, value }),
            () => ({ readable: false, value: undefined }),
          );
          if (!read.readable) expectAnswer(exchange, { statuses: [400], quiet: true });
          else if (target.op.schemas.body?.safeParse(read.value).success === true) {
            expectAnswer(exchange, { statuses: validOutcomes, mayWrite: true });
          } else expectAnswer(exchange, { statuses: [422], quiet: true });
        }),
        { numRuns: runs, seed },
      );
    });
  });

  it('answers 415 to a body sent as something other than JSON', async () => {
    await forEachTarget(hasValidBody, async (target) => {
      const text = JSON.stringify(target.validBody);
      const mediaType = fc.oneof(
        fc.constantFrom(
          'text/plain',
          'text/plain;charset=UTF-8',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=appui',
          'application/xml',
          'text/json',
          'application/jsonp',
          'application/json5',
          'application/json;',
          'application/json; charset',
          'application/json, text/plain',
          'application/octet-stream',
          '*/*',
          'json',
          '',
          undefined,
        ),
        headerText(40).map((rest) => `text/${rest}`),
      );
      await fc.assert(
        fc.asyncProperty(mediaType, async (contentType) => {
          const { 'content-type': _json, ...others } = jsonHeaders(target, staleVersion);
          const exchange = await send(target, {
            // Bytes, or the client would label a string text/plain itself.
            body: contentType === undefined ? new TextEncoder().encode(text) : text,
            headers: {
              ...others,
              ...(contentType === undefined ? {} : { 'content-type': contentType }),
            },
          });
          expectAnswer(exchange, { statuses: [415], quiet: true });
        }),
        { numRuns: runs, seed },
      );
    });
  });

  it('answers 422 or 404 to arbitrary path ids, and never reaches another tenant', async () => {
    await forEachTarget(
      (target) => target.op.pathParams.length > 0 && (!takesBody(target) || hasValidBody(target)),
      async (target) => {
        const valid = Object.values(target.params);
        const own = valid[0] ?? exampleId;
        const scope = target.caller.scopeId ?? exampleId;
        const encoded = fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ minLength: 1_000, maxLength: 5_000 }),
          fc.uuid(),
          fc.constantFrom(
            '../',
            '../../etc/passwd',
            '..\\',
            `TENANT#${scope}`,
            `TENANT#${scope}#CASE#${own}`,
            `${own}/../${own}`,
            own.toUpperCase(),
            ` ${own}`,
            `${own}\n`,
            `{${own}}`,
            'null',
            '-1',
            'a'.repeat(100_000),
            ...target.foreignIds,
          ),
        );
        // Written into the path as they are: broken escapes and encoded separators.
        const raw = fc.constantFrom(
          '%',
          '%zz',
          '%00',
          '%E0%A4%A',
          '..%2f',
          '%2e%2e',
          '%2F',
          '%u0041',
        );
        const segment = fc.oneof(
          encoded.map((value) => ({ segment: encodeURIComponent(value), value })),
          raw.map((value) => ({ segment: value, value: safeDecode(value) })),
        );
        const change = fc.record({
          name: fc.constantFrom(...target.op.pathParams),
          id: segment.filter(({ value }) => !valid.includes(value)),
        });
        await fc.assert(
          fc.asyncProperty(change, async ({ name, id }) => {
            const exchange = await send(target, {
              segments: { [name]: id.segment },
              ...(target.op.method === 'GET'
                ? {}
                : {
                    body: JSON.stringify(target.validBody ?? {}),
                    headers: jsonHeaders(target, target.version),
                  }),
            });
            const wellFormed =
              target.op.schemas.params?.safeParse({ ...target.params, [name]: id.value })
                .success === true;
            // An empty, `.` or `..` segment (or its escapes) is resolved away: another path.
            const elsewhere = id.segment === '' || /^(\.|%2e){1,2}$/i.test(id.segment);
            expectAnswer(
              exchange,
              wellFormed || elsewhere
                ? { statuses: [404] }
                : { statuses: [422], naming: [`param.${name}`], quiet: true },
            );
            if (target.foreignScopeId !== undefined) {
              expect(exchange.text, exchange.request).not.toContain(target.foreignScopeId);
            }
          }),
          { numRuns: runs, seed },
        );
      },
    );
  });

  it('answers arbitrary query strings with a page or a 422 naming the parameter', async () => {
    await forEachTarget(
      (target) => target.op.query.length > 0,
      async (target) => {
        const names = target.op.query.map((parameter) => parameter.name);
        const value = (name: string) => {
          const parameter = target.op.query.find((candidate) => candidate.name === name);
          const codes = parameter === undefined ? [] : codesOf(parameter);
          return fc.oneof(
            fc.string(),
            fc.constantFrom(
              ...['', ' ', '-1', '0', 'abc', '1.5', '1e3', '0x10', 'NaN', 'Infinity', '101'],
              ...['9'.repeat(40), 'null', '[]', '%00', 'garbage', 'x'.repeat(3_000)],
            ),
            ...(codes.length === 0
              ? []
              : [fc.constantFrom(...codes, ...codes.map((code) => `${code.toUpperCase()} `))]),
          );
        };
        const pair = fc.oneof(
          {
            weight: 4,
            arbitrary: fc
              .constantFrom(...names)
              .chain((name) => fc.tuple(fc.constant(name), value(name))),
          },
          { weight: 1, arbitrary: fc.tuple(fc.string(), fc.string()) },
        );
        await fc.assert(
          fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 4 }), async (pairs) => {
            const query = new URLSearchParams(pairs).toString();
            const exchange = await send(target, { query });
            expectAnswer(
              exchange,
              queryIsValid(target, query)
                ? { statuses: new URLSearchParams(query).has('cursor') ? [200, 400] : [200] }
                : { statuses: [422], naming: ['query'], quiet: true },
            );
          }),
          { numRuns: runs, seed },
        );
      },
    );
  });

  it('answers 400 to a forged, foreign or mismatched cursor, never 500', async () => {
    const everyCursor = targets.flatMap((target) => target.cursors);
    await forEachTarget(isList, async (target) => {
      const filter = target.op.query.find((parameter) => codesOf(parameter).length > 0);
      const unfiltered: [string, string][] = [];
      const filters: fc.Arbitrary<[string, string][]> =
        filter === undefined
          ? fc.constant(unfiltered)
          : fc.oneof(
              fc.constant(unfiltered),
              fc
                .constantFrom(...codesOf(filter))
                .map((code): [string, string][] => [[filter.name, code]]),
            );
      await fc.assert(
        fc.asyncProperty(cursorFor(target, everyCursor), filters, async (cursor, filtered) => {
          const query = new URLSearchParams([...filtered, ['cursor', cursor]]).toString();
          const exchange = await send(target, { query });
          expectAnswer(
            exchange,
            queryIsValid(target, query)
              ? { statuses: [200, 400] }
              : { statuses: [422], naming: ['query'], quiet: true },
          );
          if (target.foreignScopeId !== undefined) {
            expect(exchange.text, exchange.request).not.toContain(target.foreignScopeId);
          }
        }),
        { numRuns: runs + 20, seed },
      );
    });
  });

  it('answers 428 or 412 to an arbitrary If-Match, before any write', async () => {
    await forEachTarget(
      (target) =>
        target.op.headers.includes('if-match') && (!takesBody(target) || hasValidBody(target)),
      async (target) => {
        const version = /"(\d+)"/.exec(target.version)?.[1];
        const header = fc
          .oneof(
            headerText(60),
            fc.constantFrom(
              ...['', ' ', '*', '"0"', '"-1"', '"1.0"', '"1e3"', 'W/"abc"', staleVersion],
              ...['"1234567890"', `${target.version}, ${target.version}`, `"${version}`],
              ...[`${version}`, `W/${target.version}x`, 'x'.repeat(1 << 20)],
            ),
          )
          .filter((value) => {
            const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value.trim());
            return match === null || Number(match[1]) !== Number(version);
          });
        await fc.assert(
          fc.asyncProperty(header, async (ifMatch) => {
            const exchange = await send(target, {
              ...(takesBody(target) ? { body: JSON.stringify(target.validBody) } : {}),
              headers: { 'content-type': 'application/json', 'if-match': ifMatch },
            });
            const blank = ifMatch.trim() === '';
            const versionLike = /^(?:W\/)?"(\d{1,9})"$/.test(ifMatch.trim());
            // A stale version is told only after reading the current one.
            expectAnswer(exchange, { statuses: blank ? [428] : [412], quiet: !versionLike });
          }),
          { numRuns: runs, seed },
        );
      },
    );
  });

  it('refuses a malformed Idempotency-Key with 422, before any write', async () => {
    await forEachTarget(
      (target) => target.op.headers.includes('idempotency-key') && hasValidBody(target),
      async (target) => {
        const malformed = fc
          .oneof(
            headerText(120),
            fc.constantFrom(
              ...['', 'short', 'a b c d e f', 'clé-idempotence-façon'],
              ...['x'.repeat(101), 'x'.repeat(1 << 20)],
            ),
          )
          .filter(
            (key) =>
              target.op.schemas.headers?.safeParse({ 'idempotency-key': key.trim() }).success !==
              true,
          );
        await fc.assert(
          fc.asyncProperty(malformed, async (key) => {
            const exchange = await send(target, {
              body: JSON.stringify(target.validBody),
              headers: { 'content-type': 'application/json', 'idempotency-key': key },
            });
            expectAnswer(exchange, {
              statuses: [422],
              naming: ['en-tête.idempotency-key'],
              quiet: true,
            });
          }),
          { numRuns: runs, seed },
        );
      },
    );
  });
});

/** Whether the route's own query schema accepts the query as Hono reads it. */
function queryIsValid(target: Target, query: string): boolean {
  const read = new URLSearchParams(query);
  const values = Object.fromEntries(
    [...new Set(read.keys())]
      // Hono drops a parameter with no name.
      .filter((key) => key !== '')
      .map((key) => {
        const all = read.getAll(key);
        return [key, all.length === 1 ? all[0] : all];
      }),
  );
  return target.op.schemas.query?.safeParse(values).success === true;
}

/**
 * Cursors: garbage, JSON that is no key, every list's genuine cursors (another list's, another
 * filter's), the other tenant's genuine cursor, and keys forged from a genuine one: attributes
 * dropped, changed, emptied or added, the partition moved to the other tenant.
 */
function cursorFor(target: Target, everyCursor: string[]): fc.Arbitrary<string> {
  const forged: fc.Arbitrary<string>[] = [
    fc.string(),
    fc.constantFrom(
      ...['garbage', '=', 'e30', base64url('[]'), base64url('null'), base64url('"x"')],
      ...[base64url('{"PK":1}'), 'x'.repeat(2_001)],
    ),
    fc.jsonValue().map((value) => base64url(JSON.stringify(value))),
  ];
  if (everyCursor.length > 0) forged.push(fc.constantFrom(...everyCursor));
  if (target.foreignCursor !== undefined) forged.push(fc.constant(target.foreignCursor));
  const first = target.cursors[0];
  const key = first === undefined ? undefined : decodedKey(first);
  if (key !== undefined) {
    const names = Object.keys(key);
    const own = target.caller.scopeId;
    const foreign = target.foreignScopeId;
    forged.push(
      fc
        .record({
          dropped: fc.subarray(names),
          changed: fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string(), fc.constant(''))),
          added: fc.dictionary(fc.constantFrom(...keyAttributes()), fc.string()),
          elsewhere: fc.boolean(),
        })
        .map(({ dropped, changed, added, elsewhere }) => {
          const forgedKey: Record<string, string> = { ...added };
          for (const [name, value] of Object.entries({ ...key, ...changed })) {
            if (dropped.includes(name)) continue;
            const moved =
              elsewhere && own !== undefined && foreign !== undefined
                ? value.replaceAll(own, foreign)
                : value;
            forgedKey[name] = moved;
          }
          return base64url(JSON.stringify(forgedKey));
        }),
    );
  }
  return fc.oneof(...forged);
}

// ---------------------------------------------------------------------------------------------

describe('input bounds', () => {
  const targetOf = (label: string): Target => {
    const found = targets.find((target) => target.op.label === label);
    if (found === undefined || found.validBody === undefined) throw new Error(`no target ${label}`);
    return found;
  };
  /** The valid body with `value` at `path`, sent with the target's own version: a success writes. */
  const sendWith = (target: Target, path: readonly (string | number)[], value: unknown) =>
    send(target, {
      body: JSON.stringify(setAt(target.validBody, path, value)),
      headers: jsonHeaders(target, target.version),
    });
  const isoDay = (days: number) =>
    new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it('refuses control characters, bidirectional overrides and lone surrogates in every text field', async () => {
    const texts = (target: Target) =>
      fieldsOf(target.op.body ?? {}).filter((field) => {
        const schema = resolve(field.schema);
        return (
          typesOf(field.schema).has('string') &&
          schema.format === undefined &&
          schema.enum === undefined &&
          schema.pattern === undefined &&
          schema.const === undefined
        );
      });
    const unsafe = [
      '\u0000',
      '\u0007',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u202e',
      '\u2066',
      '\ud800',
      '\udc00',
    ];
    await forEachTarget(
      (target) => hasValidBody(target) && texts(target).length > 0,
      async (target) => {
        for (const field of texts(target)) {
          for (const character of unsafe) {
            const exchange = await sendWith(target, field.path, `Zéphirine${character}Quatorze`);
            expectAnswer(exchange, { statuses: [422], naming: [dotted(field.path)], quiet: true });
          }
        }
      },
    );
  });

  it('refuses a line break in a short text, such as a first name', async () => {
    const target = targetOf('POST /api/v1/referrals');

    const exchange = await sendWith(target, ['person', 'firstName'], 'Zéphirine\nQuatorze');

    expectAnswer(exchange, { statuses: [422], naming: ['person.firstName'], quiet: true });
  });

  it.each([
    ['a local part over 64 characters', `${'a'.repeat(65)}@exemple.fr`],
    [
      'an address over 254 characters',
      `a@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.${'g'.repeat(58)}.fr`,
    ],
  ])('refuses an e-mail with %s', async (_what, email) => {
    for (const [label, path] of [
      ['POST /api/v1/referrals', ['person', 'email']],
      ['POST /api/v1/team', ['email']],
    ] as const) {
      const exchange = await sendWith(targetOf(label), path, email);

      expectAnswer(exchange, { statuses: [422], naming: [dotted(path)] });
    }
  });

  it.each([
    ['today', isoDay(0)],
    ['tomorrow', isoDay(1)],
    ['in 1900', '1900-06-15'],
    ['in 2100', '2100-06-15'],
    ['fifteen years ago', isoDay(-15 * 365)],
    ['a hundred and two years ago', isoDay(-102 * 365)],
  ])(
    'refuses a birth date %s in filing a referral and in rectifying a person',
    async (_when, birthDate) => {
      const filing = await sendWith(
        targetOf('POST /api/v1/referrals'),
        ['person', 'birthDate'],
        birthDate,
      );
      expectAnswer(filing, { statuses: [422], naming: ['person.birthDate'] });

      const rectifying = targetOf('POST /api/v1/cases/{id}/rectification');
      const exchange = await send(rectifying, {
        body: JSON.stringify({ person: { birthDate }, reason: 'Pièce d’identité présentée.' }),
        headers: jsonHeaders(rectifying, rectifying.version),
      });
      expectAnswer(exchange, { statuses: [422], naming: ['person.birthDate'] });
    },
  );

  it.each([
    ['a journal entry', 'POST /api/v1/cases/{id}/journal', 'date', (day: string) => day],
    ['a diagnostic', 'POST /api/v1/cases/{id}/diagnostics', 'scoredOn', (day: string) => day],
    [
      'an appointment',
      'POST /api/v1/cases/{id}/appointments',
      'at',
      (day: string) => `${day}T10:00:00Z`,
    ],
  ])(
    'refuses %s dated 1900-01-01 or the day before its referral was filed',
    async (_what, label, field, dated) => {
      const target = targetOf(label);
      // An open case of the caller's structure, with the referral it came from.
      const supportCase = world.demo.cases.find(
        (candidate) =>
          candidate.tenantId === target.caller.scopeId && candidate.phase === 'period-1',
      );
      const referral = world.demo.referrals.find((r) => r.id === supportCase?.referralId);
      if (supportCase === undefined || referral === undefined) throw new Error('no open demo case');
      const filedOn = new Intl.DateTimeFormat('en-CA', { timeZone: referral.timeZone }).format(
        new Date(referral.submittedAt),
      );
      const dayBefore = new Date(Date.parse(`${filedOn}T12:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10);
      const read = await world.call(target.caller.token, 'GET', `/api/v1/cases/${supportCase.id}`);
      const version = read.headers.get('etag') ?? '"1"';

      for (const day of ['1900-01-01', dayBefore]) {
        const exchange = await send(target, {
          segments: { id: supportCase.id },
          body: JSON.stringify(setAt(target.validBody, [field], dated(day))),
          headers: jsonHeaders(target, version),
        });

        expectAnswer(exchange, { statuses: [422], naming: [field] });
      }
    },
  );
});
