import { handle } from 'hono/aws-lambda';
import { loadCognitoLogin, loadPublicUrl } from '../../shared/config.ts';
import { createPortal } from '../../web/app.tsx';
import { httpDeps } from '../wiring.ts';

/**
 * The portal's signed-in pages behind API Gateway (the pre-rendered ones are served from S3 by
 * CloudFront), with the dependencies the API shares (wiring.ts). `APPUI_PUBLIC_URL` is the
 * origin forms must come from: behind CloudFront the request's own host is not the public one.
 * With `COGNITO_LOGIN_URL` and `COGNITO_CLIENT_ID` it signs people in through the managed login
 * (`/auth/sign-in`).
 */
export const handler = handle(
  createPortal({ ...httpDeps(), publicUrl: loadPublicUrl(), cognito: loadCognitoLogin() }),
);
