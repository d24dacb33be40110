import type { Child } from 'hono/jsx';

/** The page shell every portal page shares: French, responsive, no client framework. */
export function Layout({ title, children }: { title: string; children: Child }) {
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – Appui`}</title>
        <style>{css}</style>
      </head>
      <body>
        <header>
          <p class="brand">Appui</p>
        </header>
        <main id="contenu">{children}</main>
        <footer>
          <p>Appui – accompagnement social individualisé</p>
        </footer>
      </body>
    </html>
  );
}

const css = `
  :root { font-family: system-ui, sans-serif; color: #1e1e1e; line-height: 1.5; }
  body { margin: 0; }
  header, footer { background: #000091; color: #fff; padding: 0.75rem 1rem; }
  footer { background: #f6f6f6; color: #3a3a3a; margin-top: 2rem; }
  .brand { font-weight: 700; font-size: 1.25rem; margin: 0; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid #ddd; }
  a:focus, button:focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
  code { background: #f0f0f0; padding: 0 0.25rem; }
`;
