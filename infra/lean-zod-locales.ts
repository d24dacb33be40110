/** The one locale of zod in the Lambda bundles (see lean-zod.ts). */
export { default as fr } from '../node_modules/zod/v4/locales/fr.js';
