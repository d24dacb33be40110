/**
 * The portal: server-rendered pages for prescribers, structures and funders, each calling the use case
 * the JSON API calls, in the caller's scope. The public pages (home, help, accessibility,
 * privacy, sign-in) are pre-rendered apart (`static-site.tsx`).
 */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Principal } from '../shared/auth/principal.ts';
import { ForbiddenError, UnauthorizedError } from '../shared/errors.ts';
import { sessionCookieName } from '../shared/http/auth.ts';
import { clearSessionCookie } from '../shared/http/session.ts';
import {
  area,
  csrfTokenOf,
  originCheck,
  type PortalEnv,
  page,
  portalNotFound,
  portalOnError,
  seeOther,
  viewerOf,
} from './area.tsx';
import type { PortalDeps } from './deps.ts';
import { FormValues } from './forms.ts';
import { pageHeaders } from './headers.ts';
import { HomePage } from './pages/home.tsx';
import { NoAreaPage } from './pages/space.tsx';
import { authRoutes, signOutPath } from './routes/auth.tsx';
import { prescriberArea } from './routes/prescriber.tsx';
import { funderArea, structureStatsArea } from './routes/stats.tsx';
import { structureArea } from './routes/structure.tsx';

export type { PortalDeps } from './deps.ts';

/** Where each role lands once signed in (`/espace`); a role without pages sees a short page. */
export const homeOf: Record<Principal['role'], string | undefined> = {
  prescriber: '/prescripteur',
  referent: '/structure',
  'structure-admin': '/structure',
  funder: '/financeur',
  'platform-admin': undefined,
};

export function createPortal(deps: PortalDeps): Hono<PortalEnv> {
  const app = new Hono<PortalEnv>();
  app.route(
    '/espace',
    area(deps).get('/', (c) => {
      const home = homeOf[c.var.principal.role];
      return home === undefined ? page(c, <NoAreaPage viewer={viewerOf(c)} />) : seeOther(c, home);
    }),
  );
  // In AWS `/` is the portal's (the other public pages are on S3): the home page, or the
  // signed-in person's own space.
  app.get('/', pageHeaders, async (c) => {
    const session = getCookie(c, sessionCookieName);
    if (session !== undefined && session !== '') {
      try {
        await deps.verifier.verify(session);
        return seeOther(c, '/espace');
      } catch (error: unknown) {
        if (!(error instanceof UnauthorizedError)) throw error;
      }
    }
    return c.html(<HomePage demoAccounts={[]} />);
  });
  app.route('/prescripteur', prescriberArea(deps));
  // Before `/structure`: its own area answers, the structure area's middleware does not run twice.
  app.route('/structure/statistiques', structureStatsArea(deps));
  app.route('/structure', structureArea(deps));
  app.route('/financeur', funderArea(deps));
  const { cognito } = deps;
  if (cognito !== undefined) {
    app.route('/auth', authRoutes({ verifier: deps.verifier, publicUrl: deps.publicUrl, cognito }));
  }
  // Signing out needs no valid session (it may have expired), only a form of this site.
  app.route(
    '/deconnexion',
    new Hono<PortalEnv>()
      .use('*', pageHeaders, originCheck(deps.publicUrl))
      .post('/', async (c) => {
        const session = getCookie(c, sessionCookieName);
        if (session !== undefined && session !== '') {
          const form = await FormValues.of(c);
          if (form.get('_csrf') !== csrfTokenOf(session)) {
            throw new ForbiddenError('Le formulaire de déconnexion a expiré : rechargez la page.');
          }
        }
        clearSessionCookie(c);
        // With Cognito, its managed login's session ends too, else the next sign-in skips the password.
        return seeOther(c, cognito === undefined ? '/' : signOutPath);
      })
      .onError(portalOnError),
  );
  app.notFound(portalNotFound);
  app.onError(portalOnError);
  return app;
}
