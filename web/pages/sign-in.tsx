import { Layout } from '../layout.tsx';

/** The sign-in page (pre-rendered): where the identity provider is. */
export function SignInPage({ signInUrl }: { signInUrl: string }) {
  return (
    <Layout title="Se connecter">
      <h1>Se connecter</h1>
      <p class="lead">
        Appui est réservé aux professionnels des structures, des prescripteurs et des financeurs de
        l’appui social individualisé. Votre compte vous a été ouvert par votre structure ou par
        l’équipe de la plateforme.
      </p>
      <p class="actions">
        <a class="button" href={signInUrl}>
          Se connecter avec mon compte Appui
        </a>
      </p>
      <h2>Une fois connecté</h2>
      <p>
        Vous arrivez sur votre espace : vos prescriptions si vous êtes prescripteur, vos dossiers si
        vous travaillez dans une structure, les statistiques du territoire si vous êtes financeur.
        La session se ferme d’elle-même après un temps limité : il suffit de se reconnecter ; sur un
        poste partagé, pensez à vous déconnecter (bouton en haut de chaque page).
      </p>
      <h2>Un problème de connexion ?</h2>
      <p>
        Adressez-vous au responsable de votre structure, qui gère l’équipe, ou à l’équipe de la
        plateforme. Voir aussi l’<a href="/aide">aide</a>.
      </p>
    </Layout>
  );
}
