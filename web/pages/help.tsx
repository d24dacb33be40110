import { Layout } from '../layout.tsx';

/** The help page (pre-rendered): how each kind of user works with the portal. */
export function HelpPage() {
  return (
    <Layout title="Aide">
      <h1>Aide</h1>
      <p class="lead">
        Le portail fonctionne dans tout navigateur récent ou ancien, sur ordinateur comme sur
        téléphone, sans rien installer. Chaque formulaire s’enregistre par son bouton ; en cas
        d’erreur, la liste des champs à corriger s’affiche en haut du formulaire et vos saisies sont
        conservées.
      </p>

      <h2>Prescripteurs</h2>
      <ol>
        <li>
          <strong>Adresser une personne</strong> : la liste des structures de votre territoire
          indique les places libres de chacune. Choisissez-en une.
        </li>
        <li>
          Remplissez la prescription : identité et contact, situation, freins, public spécifique,
          contexte et motif. Informez la personne de l’orientation et de l’usage de ses données (
          <a href="/confidentialite">page Données personnelles</a>) et cochez la case qui l’atteste.
        </li>
        <li>
          <strong>Mes prescriptions</strong> : le statut de chaque prescription de votre
          organisation (envoyée, acceptée, refusée, retirée, expirée après 30 jours sans réponse)
          et, à la sortie, l’issue de l’accompagnement. Une prescription encore sans réponse peut
          être retirée.
        </li>
      </ol>

      <h2>Structures</h2>
      <ol>
        <li>
          <strong>Prescriptions reçues</strong> : acceptez-les en choisissant le référent unique (le
          dossier s’ouvre), ou refusez-les avec un motif.
        </li>
        <li>
          <strong>Dossiers</strong> : chaque dossier tient sur une page — la personne, le diagnostic
          des freins (de 0 à 3), le contrat (six mois à partir de la signature), le journal des
          contacts, les rendez-vous et la présence, le renouvellement (une seule fois, décidé par la
          direction) et la sortie.
        </li>
        <li>
          <strong>Alertes</strong> : les échéances tombées (contact à reprendre, contrat à signer,
          renouvellement à décider, fin de période…). Elles se lèvent d’elles-mêmes quand leur cause
          disparaît.
        </li>
        <li>
          La direction gère aussi l’<strong>équipe</strong>, la réaffectation d’un dossier et
          consulte le journal des accès de chaque dossier.
        </li>
      </ol>

      <h2 id="indicateurs">Financeurs et statistiques</h2>
      <p>
        Un financeur voit les chiffres de son territoire (région, départements, structures), jamais
        une personne : un effectif inférieur à 5 s’affiche « &lt; 5 », un taux ou une moyenne qui
        porte sur moins de 5 personnes « n.s. » (non significatif). La direction d’une structure
        voit ses propres chiffres, sans masque. Chaque tableau se télécharge en CSV pour un tableur.
      </p>
      <dl class="facts">
        <div>
          <dt>Personnes accompagnées</dt>
          <dd>
            dossiers ouverts au plus tard le dernier jour de la période et non clos avant son
            premier jour.
          </dd>
        </div>
        <div>
          <dt>Entrées, sorties</dt>
          <dd>dossiers acceptés, dossiers clos pendant la période.</dd>
        </div>
        <div>
          <dt>Taux de sorties positives (cible 60 %)</dt>
          <dd>
            sorties vers l’emploi, la formation qualifiante, l’IAE, la création d’entreprise ou un
            accompagnement plus adapté, sur l’ensemble des sorties de la période.
          </dd>
        </div>
        <div>
          <dt>Taux d’insertion professionnelle (cible 30 %)</dt>
          <dd>
            sorties vers l’emploi, un contrat aidé, l’IAE ou une formation qualifiante, sur
            l’ensemble des sorties.
          </dd>
        </div>
        <div>
          <dt>Distance parcourue</dt>
          <dd>
            baisse moyenne du score de chaque frein (0 à 3) entre le diagnostic d’entrée et celui de
            sortie.
          </dd>
        </div>
      </dl>

      <h2>Si deux personnes modifient le même dossier</h2>
      <p>
        Appui le détecte : la seconde saisie n’est pas enregistrée, pour ne pas effacer la première,
        et un message vous invite à recharger la page pour voir la version à jour.
      </p>

      <h2>Accessibilité</h2>
      <p>
        Tout se fait au clavier ; les pages restent lisibles à 320 pixels de large et avec un zoom à
        200 %. Voir la <a href="/accessibilite">déclaration d’accessibilité</a>.
      </p>
    </Layout>
  );
}
