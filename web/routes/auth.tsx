/**
 * Signing in with Cognito's managed login, in AWS: the authorization code flow with PKCE for a
 * public client (no secret). `/auth/sign-in` sends the browser to the managed login with a fresh
 * `state` and S256 challenge, kept in a ten-minute cookie; `/auth/callback` checks the state,
 * trades the code for tokens, verifies the access token as the API does and opens the session.
 * Locally the development issuer's `/dev/sign-in` signs people in instead and these routes are
 * not mounted.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { FetchLike, TokenVerifier } from '../../shared/auth/verifier.ts';
import { z } from '../../shared/common/zod.ts';
import type { CognitoLoginConfig } from '../../shared/config.ts';
import { UnauthorizedError } from '../../shared/errors.ts';
import {
  clearSignInCookie,
  pendingSignIn,
  setSessionCookie,
  setSignInCookie,
} from '../../shared/http/session.ts';
import { logger } from '../../shared/logger.ts';
import { type PortalEnv, portalOnError, seeOther } from '../area.tsx';
import { pageHeaders } from '../headers.ts';
import { Layout } from '../layout.tsx';
import { ErrorPage } from '../pages/error.tsx';

/** Where the sign-in starts; the pre-rendered sign-in page links here (`infra/config.ts` too). */
export const signInPath = '/auth/sign-in';
/** Where the managed login sends the browser back: the app client's one callback URL. */
export const callbackPath = '/auth/callback';
/** Where the portal's sign-out goes on to end the managed login's session too. */
export const signOutPath = '/auth/sign-out';

/** The managed login, and how to reach its token endpoint (the global `fetch` by default). */
export interface CognitoSignIn extends CognitoLoginConfig {
  fetch?: FetchLike;
}

export interface AuthRoutesDeps {
  verifier: TokenVerifier;
  /** The portal's public origin: the callback and the logout return are under it. */
  publicUrl: string;
  cognito: CognitoSignIn;
}

/** The token endpoint's answer, as far as the portal reads it. */
const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  // The app client's access token validity: an hour by default, a day at most here.
  expires_in: z.number().int().positive().max(86_400),
});

/** An OAuth error code (`invalid_grant`…), the only part of an error answer worth logging. */
const oauthErrorCode = /^[a-z_]{1,64}$/;

/** How long the portal waits for the token endpoint. */
const tokenTimeoutMs = 5_000;

/** 32 random bytes, base64url: a `state`, or a PKCE `code_verifier` (43 characters). */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636's S256: the challenge is the verifier's SHA-256, base64url. */
export function s256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

function sameValue(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The managed login's logout, which comes back to the portal's home (the app client's logout URL). */
export function cognitoLogoutUrl(cognito: CognitoLoginConfig, publicUrl: string): string {
  const query = new URLSearchParams({ client_id: cognito.clientId, logout_uri: `${publicUrl}/` });
  return `${cognito.loginUrl}/logout?${query}`;
}

type Refusal = 400 | 401 | 502;

/** A sign-in that did not go through: a French page, nothing set, the reason (never a token) logged. */
function refuse(c: Context, status: Refusal, reason: string, detail: string) {
  logger.warn('sign-in refused', { reason, status });
  c.header('Cache-Control', 'no-store');
  return c.html(<ErrorPage status={status} detail={detail} back="/connexion" />, status);
}

const restart = 'Recommencez depuis la page de connexion.';

/** The routes under `/auth`, mounted when the Cognito settings are present. */
export function authRoutes({ verifier, publicUrl, cognito }: AuthRoutesDeps): Hono<PortalEnv> {
  const fetchTokens = cognito.fetch ?? fetch;
  const redirectUri = `${publicUrl}${callbackPath}`;

  return new Hono<PortalEnv>()
    .use('*', pageHeaders)
    .get('/sign-in', (c) => {
      const pending = { state: randomToken(), codeVerifier: randomToken() };
      setSignInCookie(c, pending);
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: cognito.clientId,
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: pending.state,
        code_challenge: s256(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      c.header('Cache-Control', 'no-store');
      return c.redirect(`${cognito.loginUrl}/oauth2/authorize?${query}`, 302);
    })
    .get('/callback', async (c) => {
      const error = c.req.query('error');
      if (error !== undefined) {
        return refuse(
          c,
          400,
          `provider error ${oauthErrorCode.test(error) ? error : 'other'}`,
          `Le service de connexion n’a pas ouvert de session. ${restart}`,
        );
      }
      const pending = pendingSignIn(c);
      const code = c.req.query('code');
      const state = c.req.query('state');
      if (pending === undefined || state === undefined || !sameValue(state, pending.state)) {
        return refuse(
          c,
          400,
          pending === undefined ? 'no sign-in in progress' : 'state mismatch',
          `Cette connexion n’a pas été commencée ici, ou il y a plus de dix minutes. ${restart}`,
        );
      }
      if (code === undefined || code === '') {
        return refuse(
          c,
          400,
          'no code',
          `Le service de connexion n’a pas donné de code. ${restart}`,
        );
      }

      let answer: Response;
      try {
        answer = await fetchTokens(`${cognito.loginUrl}/oauth2/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: cognito.clientId,
            code,
            redirect_uri: redirectUri,
            code_verifier: pending.codeVerifier,
          }).toString(),
          signal: AbortSignal.timeout(tokenTimeoutMs),
        });
      } catch (failure: unknown) {
        const name = failure instanceof Error ? failure.name : 'unknown';
        return refuse(c, 502, `token endpoint unreachable (${name})`, restart);
      }
      const body: unknown = await answer.json().catch(() => undefined);
      if (!answer.ok) {
        const parsed = z.object({ error: z.string().regex(oauthErrorCode) }).safeParse(body);
        const reason = `token endpoint answered ${answer.status} ${parsed.data?.error ?? ''}`;
        // A code refused (expired, used twice) is the sign-in's failure; a 5xx is Cognito's.
        return answer.status < 500
          ? refuse(c, 401, reason.trim(), `La connexion n’a pas abouti. ${restart}`)
          : refuse(c, 502, reason.trim(), restart);
      }
      const tokens = tokenResponse.safeParse(body);
      if (!tokens.success) {
        return refuse(c, 502, 'token endpoint answer malformed', restart);
      }

      try {
        await verifier.verify(tokens.data.access_token);
      } catch (failure: unknown) {
        // An unreachable key set is not the person's fault: portalOnError answers 503.
        if (!(failure instanceof UnauthorizedError)) throw failure;
        return refuse(
          c,
          401,
          `access token refused: ${failure.message}`,
          `Votre compte ne permet pas d’ouvrir une session sur le portail. ${restart}`,
        );
      }
      setSessionCookie(c, tokens.data.access_token, tokens.data.expires_in);
      clearSignInCookie(c);
      c.header('Cache-Control', 'no-store');
      return seeOther(c, '/espace');
    })
    .get('/sign-out', (c) => {
      // The portal's session is already gone (POST /deconnexion). The managed login's own ends
      // at its logout URL; a Refresh rather than a redirect, because browsers hold the redirects
      // that follow a form to the page's `form-action 'self'`.
      const logout = cognitoLogoutUrl(cognito, publicUrl);
      c.header('Refresh', `0; url=${logout}`);
      c.header('Cache-Control', 'no-store');
      return c.html(
        <Layout title="Déconnexion">
          <h1>Vous êtes déconnecté</h1>
          <p class="lead">
            La session du portail est fermée ; celle du service de connexion se ferme à son tour.
          </p>
          <p class="page-nav">
            <a class="button" href={logout}>
              Continuer
            </a>
          </p>
        </Layout>,
      );
    })
    .onError(portalOnError);
}
