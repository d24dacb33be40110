import { Layout } from '../layout.tsx';

/** An account shown on the local home page, so a visitor knows who to sign in as. */
export interface DemoAccount {
  email: string;
  role: string;
  scope: string;
}

/** The home page: what Appui is; locally, the demo accounts too. */
export function HomePage({ demoAccounts }: { demoAccounts: readonly DemoAccount[] }) {
  return (
    <Layout title="Accueil">
      <h1>Appui</h1>
      <p>
        Appui aide les structures qui portent l’appui social individualisé à suivre chaque personne
        accompagnée : de la prescription à la sortie, avec un référent unique, un contrat de six
        mois renouvelable une fois, un journal des contacts et les échéances à ne pas manquer. Les
        prescripteurs suivent leurs orientations, les financeurs les résultats de leur territoire,
        sans jamais voir une personne.
      </p>
      <ul>
        <li>
          Référence de l’API : <a href="/api/v1/reference">/api/v1/reference</a> (document OpenAPI :{' '}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>)
        </li>
        <li>
          État du service : <a href="/health">/health</a>
        </li>
      </ul>
      {demoAccounts.length > 0 && (
        <section aria-labelledby="demo">
          <h2 id="demo">Comptes de démonstration</h2>
          <p>
            Pour obtenir un jeton d’accès à l’API au nom de l’un d’eux :{' '}
            <a href="/dev/sign-in">se connecter</a>.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Adresse</th>
                <th scope="col">Rôle</th>
                <th scope="col">Rattachement</th>
              </tr>
            </thead>
            <tbody>
              {demoAccounts.map((account) => (
                <tr>
                  <td>
                    <code>{account.email}</code>
                  </td>
                  <td>{account.role}</td>
                  <td>{account.scope}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}
