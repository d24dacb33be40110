import type { Child } from 'hono/jsx';
import { isCurrent, navigation, type Viewer, whoIs } from './viewer.ts';

/** Moves the focus to a refused form's error summary, so that it is read first. */
const focusErrorSummary = "document.querySelector('[data-error-summary]')?.focus();";

/** Where the stylesheet is served: a static file, so that no page needs an inline style. */
export const stylesheetPath = '/static/appui.css';

export interface LayoutProps {
  title: string;
  children: Child;
  /** The person signed in: their navigation and the sign-out button. Absent on public pages. */
  viewer?: Viewer | undefined;
}

/**
 * The page shell every portal page shares: French, a skip link, the header with the role's
 * navigation, the footer with the help, accessibility and privacy pages. No client framework;
 * on a page with a nonce, one inline script moves the focus to a form's error summary.
 */
export function Layout({ title, children, viewer }: LayoutProps) {
  const entries = viewer === undefined ? [] : navigation[viewer.principal.role];
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – Appui`}</title>
        <link rel="stylesheet" href={stylesheetPath} />
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header class="site-header">
          <div class="header-inner">
            <p class="brand">
              <a href={viewer === undefined ? '/' : '/espace'}>Appui</a>
              <span class="tagline">Appui social individualisé</span>
            </p>
            {viewer !== undefined && (
              <div class="session">
                <p class="who">{whoIs(viewer.principal)}</p>
                <form method="post" action="/deconnexion">
                  <input type="hidden" name="_csrf" value={viewer.csrf} />
                  <button type="submit" class="link-button">
                    Se déconnecter
                  </button>
                </form>
              </div>
            )}
          </div>
          {entries.length > 0 && viewer !== undefined && (
            <nav aria-label="Navigation principale" class="main-nav">
              <ul>
                {entries.map((entry) => (
                  <li>
                    <a
                      href={entry.href}
                      aria-current={isCurrent(entry, viewer.path, entries) ? 'page' : undefined}
                    >
                      {entry.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="contenu" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <ul>
            <li>
              <a href="/aide">Aide</a>
            </li>
            <li>
              <a href="/accessibilite">Accessibilité : non conforme</a>
            </li>
            <li>
              <a href="/confidentialite">Données personnelles</a>
            </li>
          </ul>
          <p>Appui – accompagnement social individualisé vers l’emploi</p>
        </footer>
        {viewer?.nonce !== undefined && (
          // A constant script, never user data: JSX would escape its quotes.
          <script nonce={viewer.nonce} dangerouslySetInnerHTML={{ __html: focusErrorSummary }} />
        )}
      </body>
    </html>
  );
}
