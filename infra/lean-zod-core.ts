/** zod's core as the Lambda bundles hold it (lean-zod.ts): French as its one locale, no compiler, no JSON Schema reader. */
export * from '../node_modules/zod/v4/core/index.js';
// Declared here, these hide the core's own: its `locales` lists them all (lean-zod-absent.ts says why the others go).
export {
  compile,
  compileFn,
  INVALID,
  JSONSchemaGenerator,
  withParser,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
} from './lean-zod-absent.ts';
export * as locales from './lean-zod-locales.ts';
