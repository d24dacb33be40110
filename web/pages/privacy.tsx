import type { Settings } from '../../shared/use-case.ts';
import { Layout } from '../layout.tsx';

/** The platform settings the notice states: how long each kind of data is kept. */
export type RetentionSettings = Pick<
  Settings,
  'personalDataRetentionYears' | 'declinedReferralRetentionMonths' | 'accessLogRetentionDays'
>;

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

/** A number of days as a person reads it: whole months when it is whole years (365 → 12 mois). */
export function daysInWords(days: number): string {
  return days % 365 === 0 ? `${(days / 365) * 12} mois` : plural(days, 'jour', 'jours');
}

/**
 * The privacy notice (pre-rendered), from the design's "Personal data": what, why, how long,
 * rights. The periods are the platform's settings, the ones the retention job applies.
 */
export function PrivacyPage({ retention }: { retention: RetentionSettings }) {
  return (
    <Layout title="Données personnelles">
      <h1>Données personnelles</h1>
      <p class="lead">
        Cette page informe les personnes accompagnées dans le cadre de l’appui social individualisé,
        et les professionnels qui utilisent Appui, de l’usage fait de leurs données (articles 13 et
        14 du règlement général sur la protection des données, RGPD).
      </p>
      <nav aria-labelledby="sommaire">
        <h2 id="sommaire">Sommaire</h2>
        <ul class="toc">
          <li>
            <a href="#responsable">Qui est responsable</a>
          </li>
          <li>
            <a href="#finalites">Pourquoi ces données</a>
          </li>
          <li>
            <a href="#base-legale">Sur quelle base</a>
          </li>
          <li>
            <a href="#categories">Quelles données</a>
          </li>
          <li>
            <a href="#destinataires">Qui les voit</a>
          </li>
          <li>
            <a href="#durees">Combien de temps</a>
          </li>
          <li>
            <a href="#droits">Vos droits</a>
          </li>
          <li>
            <a href="#securite">Sécurité et cookies</a>
          </li>
        </ul>
      </nav>

      <h2 id="responsable">Qui est responsable</h2>
      <p>
        La <strong>structure qui vous accompagne</strong> (association, structure d’insertion,
        organisme de formation) est responsable du traitement de votre dossier. L’
        <strong>organisme prescripteur</strong> qui vous a orienté (France Travail, mission locale,
        CCAS, service social du département…) est responsable de la prescription qu’il a rédigée.
        L’opérateur de la plateforme Appui agit pour leur compte, comme sous-traitant : il héberge
        les données et ne les utilise pour aucune autre fin.
      </p>

      <h2 id="finalites">Pourquoi ces données</h2>
      <ul>
        <li>
          organiser votre accompagnement : prescription, diagnostic partagé, contrat
          d’accompagnement, suivi de vos rendez-vous et des démarches engagées, renouvellement,
          sortie ;
        </li>
        <li>
          ne pas laisser passer les échéances de l’accompagnement (rappels aux professionnels) ;
        </li>
        <li>
          informer le prescripteur de la suite donnée à son orientation et de l’issue de
          l’accompagnement ;
        </li>
        <li>
          produire des statistiques anonymes pour les financeurs de la mesure (État, département,
          Fonds social européen) ;
        </li>
        <li>tracer qui a consulté ou modifié votre dossier, pour le protéger.</li>
      </ul>

      <h2 id="base-legale">Sur quelle base</h2>
      <p>
        Le traitement est nécessaire à l’exécution d’une <strong>mission d’intérêt public</strong>:
        l’action sociale et l’insertion professionnelle (article 6, paragraphe 1, point e du RGPD).
        Les données dites sensibles (santé, addictions, situation judiciaire) ne sont traitées que
        lorsque l’accompagnement l’exige, pour des motifs d’intérêt public importants et la prise en
        charge sociale (article 9, paragraphe 2, points g et h du RGPD), par des professionnels
        tenus au secret. Votre orientation vers une structure n’est faite qu’après que le
        prescripteur vous en a informé et a recueilli votre accord ; il l’atteste dans le formulaire
        de prescription.
      </p>

      <h2 id="categories">Quelles données</h2>
      <p>Seulement ce qui est utile à l’accompagnement :</p>
      <ul>
        <li>
          identité et contact : nom, prénom, date de naissance, genre, téléphone, adresse
          électronique, code postal et commune ;
        </li>
        <li>situation : minimum social perçu, inscription à France Travail ;</li>
        <li>
          freins à l’emploi (logement, santé, isolement, mobilité, situation familiale, souffrance
          psychologique, addictions, endettement, justice, maîtrise du français, garde d’enfants) et
          leur évaluation de 0 à 3 à l’entrée, au renouvellement et à la sortie ;
        </li>
        <li>public spécifique éventuel (sans domicile, sortant de détention, primo-arrivant…) ;</li>
        <li>
          contrat (objectifs, engagements), journal des contacts (date, durée, sujets, actions,
          partenaires, résumé), rendez-vous et présence, date et issue de la sortie ;
        </li>
        <li>
          pour les professionnels : nom, prénom, adresse électronique, rôle, et la trace de leurs
          consultations et modifications des dossiers.
        </li>
      </ul>

      <h2 id="destinataires">Qui les voit</h2>
      <ul>
        <li>
          votre <strong>référent unique</strong> et la direction de la structure qui vous accompagne
          : votre dossier. Une note privée du journal n’est visible que de son auteur ;
        </li>
        <li>
          le <strong>prescripteur</strong> : ce qu’il a lui-même transmis, la réponse de la
          structure et, à la fin, l’issue codée de l’accompagnement (par exemple « formation
          qualifiante ») — jamais le contenu du dossier ;
        </li>
        <li>
          les <strong>financeurs</strong> : des chiffres agrégés, sans aucune donnée personnelle ;
          un effectif inférieur à 5 est affiché « &lt; 5 » ;
        </li>
        <li>
          l’<strong>hébergeur</strong> (Amazon Web Services, centres de données de la région de
          Paris), sous-traitant : les données restent dans l’Union européenne.
        </li>
      </ul>
      <p>Chaque structure ne voit que ses propres dossiers.</p>

      <h2 id="durees">Combien de temps</h2>
      <ul>
        <li>
          dossier d’accompagnement :{' '}
          <strong>
            {plural(retention.personalDataRetentionYears, 'an', 'ans')} après le dernier contact
          </strong>
          , une fois le dossier clos, puis effacé (référentiel de la CNIL relatif à l’accompagnement
          social, 2023) ; seules restent des statistiques anonymes ;
        </li>
        <li>
          prescription refusée par la structure, retirée par le prescripteur ou restée sans réponse
          : <strong>{retention.declinedReferralRetentionMonths} mois</strong> après sa clôture ;
        </li>
        <li>
          journal des accès (qui a consulté ou modifié un dossier, et quand) :{' '}
          <strong>{daysInWords(retention.accessLogRetentionDays)}</strong>.
        </li>
      </ul>

      <h2 id="droits">Vos droits</h2>
      <p>
        Vous pouvez demander à <strong>accéder</strong> à vos données et en obtenir une copie, les
        faire <strong>rectifier</strong>, les faire <strong>effacer</strong> lorsqu’elles ne sont
        plus nécessaires, en <strong>limiter</strong> l’usage, et vous <strong>opposer</strong> au
        traitement pour des raisons tenant à votre situation particulière (articles 15 à 21 du
        RGPD).
      </p>
      <p>
        Pour exercer ces droits, adressez-vous à votre référent ou écrivez au{' '}
        <strong>délégué à la protection des données (DPO) de la structure</strong> qui vous
        accompagne : ses coordonnées figurent sur votre contrat d’accompagnement et sont affichées à
        l’accueil de la structure ; à défaut, écrivez à la structure « à l’attention du délégué à la
        protection des données ». Pour une prescription, adressez-vous de la même façon au
        prescripteur. Une réponse vous est donnée dans un délai d’un mois. Une pièce d’identité peut
        vous être demandée en cas de doute sur votre identité.
      </p>
      <p>
        Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à
        la Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, TSA
        80715, 75334 Paris Cedex 07, ou en ligne sur <a href="https://www.cnil.fr">www.cnil.fr</a>.
      </p>

      <h2 id="securite">Sécurité et cookies</h2>
      <p>
        Les données sont chiffrées, cloisonnées par structure, accessibles aux seuls professionnels
        authentifiés selon leur rôle, et chaque consultation d’un dossier est journalisée. Le
        portail dépose un seul cookie, strictement nécessaire : celui de la session de connexion
        (une journée). Aucun cookie de mesure d’audience ni de publicité.
      </p>
    </Layout>
  );
}
