/** zod's classic API with French as its one locale: the `z` of the Lambda bundles (lean-zod.ts). */
export * from '../node_modules/zod/v4/classic/external.js';
// Declared here, these hide zod's own `locales` and `core`, which list every locale.
export * as core from './lean-zod-core.ts';
export * as locales from './lean-zod-locales.ts';
