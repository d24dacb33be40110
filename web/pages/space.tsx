import { Layout } from '../layout.tsx';
import type { Viewer } from '../viewer.ts';

/** The home of a role whose pages the portal does not have yet: its way to the API. */
export function NoAreaPage({ viewer }: { viewer: Viewer }) {
  return (
    <Layout title="Mon espace" viewer={viewer}>
      <h1>Mon espace</h1>
      <p>
        Le portail n’a pas encore de pages pour votre rôle. L’API reste à votre disposition :{' '}
        <a href="/api/v1/reference">référence de l’API</a>.
      </p>
    </Layout>
  );
}
