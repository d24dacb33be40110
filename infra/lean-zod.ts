/**
 * What `zod` is in the Lambda bundles (infra/bundling.ts aliases it here): zod itself, with the
 * French messages as its only locale, and without its schema compiler and JSON Schema reader
 * (lean-zod-absent.ts). Appui passes the `z` namespace to
 * zod-to-openapi, so a bundler keeps every export of it, and zod's forty-odd locales weigh some
 * 260 KB that no function reads. Locally and in tests, zod is the package itself.
 */
import * as z from './lean-zod-api.ts';

export * from './lean-zod-api.ts';
export { z, z as default };
