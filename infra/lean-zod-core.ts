/** zod's core with French as its one locale (lean-zod.ts). */
export * from '../node_modules/zod/v4/core/index.js';
/** Declared here, it hides the core's own `locales`, which lists them all. */
export * as locales from './lean-zod-locales.ts';
