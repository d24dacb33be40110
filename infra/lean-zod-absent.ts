/**
 * What the Lambda bundles hold in place of zod's schema compiler (`z.compile`, `z.withParser`)
 * and its JSON Schema reader (`z.fromJSONSchema`, `JSONSchemaGenerator`): some 40 KB that no
 * function reaches. Appui validates with the runtime parser and writes its OpenAPI document with
 * zod-to-openapi, which reads schemas' definitions, not these. lean-zod-api.ts and
 * lean-zod-core.ts export these names in place of zod's; calling one says where it went.
 * `compile` keeps its contract ("a schema the fast path can't model is returned unchanged"): it
 * answers the schema itself, which parses exactly as the compiled one would.
 */

function absent(name: string): never {
  throw new Error(`zod's ${name} is left out of the Lambda bundles (infra/lean-zod-absent.ts)`);
}

/** The compiler's failure sentinel: a registered symbol, the same one zod's parser knows. */
export const INVALID = Symbol.for('zod.compile.invalid');

export class ZodCompileAsyncError extends Error {
  override name = 'ZodCompileAsyncError';
}

export class ZodCompileUnsupportedError extends Error {
  override name = 'ZodCompileUnsupportedError';
}

/** `z.compile(schema)`: the schema itself, with the runtime parser. */
export function compile<T>(schema: T): T {
  return schema;
}

export function withParser(): never {
  return absent('withParser');
}

export function compileFn(): never {
  return absent('compileFn');
}

export function fromJSONSchema(): never {
  return absent('fromJSONSchema');
}

export class JSONSchemaGenerator {
  constructor() {
    absent('JSONSchemaGenerator');
  }
}
