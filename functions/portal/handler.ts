import { handle } from 'hono/aws-lambda';
import { createPortal } from '../../web/app.tsx';

/** The portal's pages behind API Gateway (the static ones are served from S3 by CloudFront). */
export const handler = handle(createPortal({ demoAccounts: [] }));
