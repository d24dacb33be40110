import { Layout } from '../layout.tsx';

/** The accessibility statement (pre-rendered), in the RGAA's form. */
export function AccessibilityPage() {
  return (
    <Layout title="Déclaration d’accessibilité">
      <h1>Déclaration d’accessibilité</h1>
      <p class="lead">
        L’opérateur d’Appui s’engage à rendre son portail accessible conformément à l’article 47 de
        la loi n° 2005-102 du 11 février 2005. Cette déclaration s’applique au portail Appui.
      </p>
      <h2>État de conformité</h2>
      <p>
        Le portail est <strong>non conforme</strong> au référentiel général d’amélioration de
        l’accessibilité (RGAA 4.1) : aucun audit de conformité n’a encore été réalisé, ce qui impose
        cette mention.
      </p>
      <h2>Ce qui est fait</h2>
      <ul>
        <li>
          chaque page visitée par les tests de bout en bout est vérifiée automatiquement (axe-core,
          critères WCAG 2.1 de niveaux A et AA) à chaque modification du code ;
        </li>
        <li>
          langue française déclarée, titre propre à chaque page, lien d’évitement vers le contenu,
          focus visible ;
        </li>
        <li>
          chaque champ a son étiquette ; les groupes de cases à cocher sont regroupés avec leur
          question ; les erreurs sont listées en haut du formulaire avec un lien vers chaque champ ;
        </li>
        <li>
          tout fonctionne sans JavaScript, au clavier, à 320 pixels de large et avec un zoom de 200
          %.
        </li>
      </ul>
      <h2>Établissement de cette déclaration</h2>
      <p>Technologies utilisées : HTML, CSS. Aucune dépendance à JavaScript.</p>
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez l’équipe de la
        plateforme par l’intermédiaire de votre structure pour être orienté vers une alternative
        accessible ou obtenir le contenu sous une autre forme.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé un défaut d’accessibilité sans obtenir de réponse satisfaisante, vous
        pouvez écrire au Défenseur des droits (
        <a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>), contacter son
        délégué dans votre région, ou écrire par courrier gratuit à : Défenseur des droits, Libre
        réponse 71120, 75342 Paris CEDEX 07.
      </p>
    </Layout>
  );
}
