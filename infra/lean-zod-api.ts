/**
 * zod's classic API as the Lambda bundles hold it (lean-zod.ts): French as its one locale, and
 * without the schema compiler and the JSON Schema reader (lean-zod-absent.ts).
 */
export * from '../node_modules/zod/v4/classic/external.js';
export {
  compile,
  fromJSONSchema,
  INVALID,
  withParser,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
} from './lean-zod-absent.ts';
// Declared here, these hide the names `export *` would bring from zod.
export * as core from './lean-zod-core.ts';
export * as locales from './lean-zod-locales.ts';
