/**
 * The rectification form of the person's data, with the case's history (the values replaced, for
 * the structure only).
 */

import type { SupportCase } from '../../../../shared/cases/case.ts';
import type { TeamMember } from '../../../../shared/identity/team-member.ts';
import {
  type CaseHistoryEntry,
  rectifiableFieldLabels,
} from '../../../../shared/personal-data/rectification.ts';
import { type FieldLabels, type FormState, PostForm, TextArea } from '../../../components/form.tsx';
import { PersonFieldset, SituationFields } from '../../../components/person-fields.tsx';
import { FormValues } from '../../../forms.ts';
import { Layout } from '../../../layout.tsx';
import type { Viewer } from '../../../viewer.ts';
import { HistoryTable } from './history.tsx';

export const rectificationLabels = {
  ...rectifiableFieldLabels,
  reason: 'Motif de la rectification',
} as const satisfies FieldLabels;

/** The form drawn from the case as it is: the person's current values. */
export function currentValues(supportCase: SupportCase): FormValues {
  const { person, situation } = supportCase;
  return FormValues.initial({
    'person.firstName': person.firstName,
    'person.lastName': person.lastName,
    'person.birthDate': person.birthDate,
    'person.gender': person.gender,
    'person.phone': person.phone ?? '',
    'person.email': person.email ?? '',
    'person.postalCode': person.postalCode,
    'person.city': person.city,
    'situation.minimumIncome': situation.minimumIncome,
    'situation.registeredWithFranceTravail': situation.registeredWithFranceTravail ? 'oui' : 'non',
  });
}

export function RectificationPage({
  viewer,
  supportCase,
  history,
  team,
  form,
  saved,
}: {
  viewer: Viewer;
  supportCase: SupportCase;
  history: readonly CaseHistoryEntry[];
  team: readonly TeamMember[] | undefined;
  form: FormState;
  saved: boolean;
}) {
  const labels = rectificationLabels;
  const name = `${supportCase.person.firstName} ${supportCase.person.lastName}`;
  const refused = form.errors.length > 0;
  return (
    <Layout title={`${refused ? 'Erreur – ' : ''}Rectifier les données – ${name}`} viewer={viewer}>
      <p class="breadcrumb">
        <a href={`/structure/dossiers/${supportCase.id}`}>Dossier de {name}</a>
      </p>
      <h1>Rectifier les données de la personne</h1>
      {saved && (
        <p class="notice success" role="status">
          La rectification est enregistrée ; les anciennes valeurs sont dans l’historique
          ci-dessous.
        </p>
      )}
      <p>
        À la demande de la personne (droit de rectification), ou quand une erreur est constatée. Les
        valeurs remplacées restent dans l’historique du dossier, visible de la structure seulement,
        jusqu’à l’effacement du dossier. Le prescripteur voit le nom corrigé.
      </p>
      <PostForm
        form={form}
        action={`/structure/dossiers/${supportCase.id}/rectification`}
        csrf={viewer.csrf}
        labels={labels}
        version={supportCase.version}
        submit="Enregistrer la rectification"
      >
        <PersonFieldset
          form={form}
          contactHint={{
            phone: 'Laissez vide pour effacer le numéro.',
            email: 'Laissez vide pour effacer l’adresse.',
          }}
        />
        <fieldset class="group">
          <legend>Sa situation</legend>
          <SituationFields form={form} />
        </fieldset>
        <TextArea
          form={form}
          name="reason"
          label={labels.reason}
          hint="Par exemple : demande de la personne du 12/11, pièce d’identité vue."
          rows={3}
          required
        />
      </PostForm>
      <h2>Historique</h2>
      <HistoryTable viewer={viewer} history={history} team={team} timeZone={supportCase.timeZone} />
    </Layout>
  );
}
