import { Layout } from '../layout.tsx';

/** An account shown on the local home page, so a visitor knows who to sign in as. */
export interface DemoAccount {
  email: string;
  role: string;
  scope: string;
}

/** The home page (pre-rendered): what Appui is, who it is for; locally, the demo accounts too. */
export function HomePage({ demoAccounts }: { demoAccounts: readonly DemoAccount[] }) {
  return (
    <Layout title="Accueil">
      <h1>Appui</h1>
      <p class="lead">
        Appui aide les structures qui portent l’appui social individualisé à suivre chaque personne
        accompagnée : de la prescription à la sortie, avec un référent unique, un contrat de six
        mois renouvelable une fois, un journal des contacts et les échéances à ne pas manquer. Les
        prescripteurs suivent leurs orientations, les financeurs les résultats de leur territoire,
        sans jamais voir une personne.
      </p>
      <p class="actions">
        <a class="button" href="/connexion">
          Se connecter
        </a>
        <a href="/espace">Aller à mon espace (déjà connecté)</a>
      </p>
      <ul class="cards">
        <li class="card">
          <h2>Prescripteurs</h2>
          <p>
            Choisissez une structure de votre territoire selon ses places libres, adressez-lui une
            personne, puis suivez la réponse et l’issue de l’accompagnement.
          </p>
        </li>
        <li class="card">
          <h2>Structures</h2>
          <p>
            Répondez aux prescriptions, tenez le dossier de chaque personne (diagnostic, contrat,
            journal, rendez-vous, renouvellement, sortie) et voyez venir les échéances.
          </p>
        </li>
        <li class="card">
          <h2>Financeurs</h2>
          <p>
            Suivez les résultats des structures de votre territoire au regard des objectifs, en
            chiffres agrégés uniquement.
          </p>
        </li>
      </ul>
      <h2>Pour les intégrations</h2>
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
            Sur la pile locale, on se connecte sans mot de passe au nom de l’un d’eux :{' '}
            <a href="/dev/sign-in">connexion de développement</a>.
          </p>
          <section class="table-wrap" aria-labelledby="demo-comptes" tabindex={0}>
            <table>
              <caption id="demo-comptes">Comptes de démonstration</caption>
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
        </section>
      )}
    </Layout>
  );
}
