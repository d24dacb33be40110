/**
 * The one zod of Appui's schemas, extended with `.openapi()` before any schema is built (zod 4
 * gives each schema its methods when it is created), and speaking French to users: its messages
 * end up in the `invalidFields` of 422 answers and beside the portal's form fields.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);
z.config(z.locales.fr());

export { z };
