import type { Child } from 'hono/jsx';
import type { InvalidField } from '../../shared/errors.ts';
import { Layout } from '../layout.tsx';
import type { Viewer } from '../viewer.ts';

/** What a person is told for each status, in words; the server's detail comes underneath. */
const explanations: Record<number, { title: string; text: string }> = {
  400: {
    title: 'Requête illisible',
    text: 'La page demandée n’a pas pu être comprise. Revenez en arrière et recommencez.',
  },
  401: {
    title: 'Connexion nécessaire',
    text: 'Votre session a expiré ou vous n’êtes pas connecté. Connectez-vous pour continuer.',
  },
  403: {
    title: 'Accès refusé',
    text: 'Vous n’avez pas le droit de faire cette action, ou le formulaire a expiré ou vient d’un autre site. Rechargez la page et recommencez.',
  },
  404: {
    title: 'Page introuvable',
    text: 'Cette page n’existe pas, ou elle n’est pas dans votre périmètre.',
  },
  409: {
    title: 'Action impossible',
    text: 'L’action n’est pas possible dans l’état actuel du dossier.',
  },
  412: {
    title: 'Le dossier a été modifié entre-temps',
    text: 'Quelqu’un d’autre a modifié ce dossier depuis que vous avez ouvert la page : votre saisie n’a pas été enregistrée, pour ne pas effacer la sienne. Rechargez la page pour voir la version actuelle, puis recommencez.',
  },
  413: {
    title: 'Saisie trop longue',
    text: 'Le formulaire envoyé est trop volumineux. Raccourcissez les textes et recommencez.',
  },
  422: { title: 'Données invalides', text: 'Certaines valeurs ne sont pas acceptées.' },
  428: {
    title: 'Formulaire incomplet',
    text: 'Le formulaire ne dit pas quelle version du dossier il modifie. Rechargez la page et recommencez.',
  },
  503: {
    title: 'Service momentanément indisponible',
    text: 'Le service ne répond pas pour l’instant. Réessayez dans quelques minutes.',
  },
};

const fallback = {
  title: 'Erreur inattendue',
  text: 'Une erreur inattendue est survenue ; elle a été enregistrée. Réessayez plus tard.',
};

export interface ErrorPageProps {
  status: number;
  /** The server's own sentence (a rule of the measure), shown when it says more than the status. */
  detail?: string | undefined;
  invalidFields?: readonly InvalidField[] | undefined;
  /** Where to go back to (the page the form was on). */
  back: string;
  viewer?: Viewer | undefined;
  children?: Child;
}

/** A friendly page for a refused or failed request, with the same status as the API would give. */
export function ErrorPage({ status, detail, invalidFields, back, viewer }: ErrorPageProps) {
  const explained = explanations[status] ?? fallback;
  return (
    <Layout title={explained.title} viewer={viewer}>
      <h1>{explained.title}</h1>
      <p class="lead">{explained.text}</p>
      {detail !== undefined && status !== 412 && status < 500 && <p>{detail}</p>}
      {invalidFields !== undefined && invalidFields.length > 0 && (
        <ul>
          {invalidFields.map((field) => (
            <li>
              {field.name} : {field.reason}
            </li>
          ))}
        </ul>
      )}
      <p class="page-nav">
        {status === 401 ? (
          <a class="button" href="/connexion">
            Se connecter
          </a>
        ) : (
          <a class="button" href={back}>
            {status === 412 ? 'Recharger la page' : 'Revenir à la page précédente'}
          </a>
        )}
        <a href={viewer === undefined ? '/' : '/espace'}>Accueil</a>
      </p>
      <p class="muted">Code de l’erreur : {String(status)}</p>
    </Layout>
  );
}
