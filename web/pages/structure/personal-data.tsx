/**
 * The person's rights in the structure's area: the rectification form with the case's history
 * (the values replaced, for the structure only), and the export of everything Appui holds about
 * the person, as a page made to be printed and handed over (right of access).
 */
import type { Child } from 'hono/jsx';
import type { SupportCase } from '../../../shared/domain/entities.ts';
import type { TeamMember } from '../../../shared/identity/team-member.ts';
import {
  barrierDomains,
  casePhases,
  contactKinds,
  declineReasons,
  exitOutcomes,
  genders,
  minimumIncomes,
  mobilisationContexts,
  partners,
  referralStatuses,
  roles,
  specificPublics,
  supportActions,
} from '../../../shared/measure/vocabulary.ts';
import type { PersonalDataExport } from '../../../shared/personal-data/export-personal-data.ts';
import {
  type CaseHistoryEntry,
  type FieldChange,
  type RectifiableField,
  rectifiableFieldLabels,
} from '../../../shared/personal-data/rectification.ts';
import { type FieldLabels, type FormState, PostForm, TextArea } from '../../components/form.tsx';
import { PersonFieldset, SituationFields } from '../../components/person-fields.tsx';
import { type Column, DataTable, Facts } from '../../components/table.tsx';
import { formatDate, formatDateTime, formatMinutes } from '../../format.ts';
import { FormValues } from '../../forms.ts';
import { Layout } from '../../layout.tsx';
import type { Viewer } from '../../viewer.ts';
import { actionLabels } from './lists.tsx';
import { memberName } from './names.ts';

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

/** A field's value as a person reads it: the label of a code, a French date, oui / non. */
function shown(field: RectifiableField, value: string | boolean | undefined): string {
  if (value === undefined) return '(vide)';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  switch (field) {
    case 'person.gender':
      return genders.labels[value as keyof typeof genders.labels] ?? value;
    case 'situation.minimumIncome':
      return minimumIncomes.labels[value as keyof typeof minimumIncomes.labels] ?? value;
    case 'person.birthDate':
      return formatDate(value);
    default:
      return value;
  }
}

function changeLines(changes: readonly FieldChange[]) {
  return (
    <ul class="plain">
      {changes.map((changed) => (
        <li>
          {rectifiableFieldLabels[changed.field]} : {shown(changed.field, changed.previous)} →{' '}
          {shown(changed.field, changed.next)}
        </li>
      ))}
    </ul>
  );
}

function HistoryTable({
  viewer,
  history,
  team,
  timeZone,
}: {
  viewer: Viewer;
  history: readonly CaseHistoryEntry[];
  team: readonly TeamMember[] | undefined;
  timeZone: string;
}) {
  const columns: Column<CaseHistoryEntry>[] = [
    { header: 'Date', cell: (entry) => formatDateTime(entry.at, timeZone) },
    {
      header: 'Par',
      cell: (entry) => `${memberName(viewer, team, entry.by)} (${roles.labels[entry.role]})`,
    },
    { header: 'Modifications (avant → après)', cell: (entry) => changeLines(entry.changes) },
    { header: 'Motif', cell: (entry) => entry.reason },
  ];
  return (
    <DataTable
      id="historique"
      caption="Historique des rectifications, la plus ancienne d’abord"
      columns={columns}
      rows={history}
      empty="Aucune rectification n’a été faite dans ce dossier."
    />
  );
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

const list = (codes: readonly string[], labels: Record<string, string>) =>
  codes.length === 0 ? '—' : codes.map((code) => labels[code] ?? code).join(', ');

function Section({ id, title, children }: { id: string; title: string; children: Child }) {
  return (
    <section aria-labelledby={`${id}-titre`} class="export-section">
      <h2 id={`${id}-titre`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * Everything Appui holds about the person, in French, made to be printed (or saved as PDF by the
 * browser) and handed to them: the answer to a right-of-access request.
 */
export function PersonalDataExportPage({
  viewer,
  exported,
  team,
}: {
  viewer: Viewer;
  exported: PersonalDataExport;
  team: readonly TeamMember[] | undefined;
}) {
  const { referral, case: supportCase } = exported;
  const person = supportCase?.person ?? referral.person;
  const situation = supportCase?.situation ?? referral.situation;
  const timeZone = referral.timeZone;
  const name = `${person.firstName} ${person.lastName}`;
  const who = (userId: string) => memberName(viewer, team, userId);
  return (
    <Layout title={`Données de ${name} – droit d’accès`} viewer={viewer}>
      <p class="breadcrumb no-print">
        <a href={`/structure/dossiers/${referral.id}`}>Dossier de {name}</a>
      </p>
      <h1>Données personnelles de {name}</h1>
      <p class="lead">
        Tout ce que {exported.structure.name} (SIRET {exported.structure.siret}) conserve dans Appui
        au sujet de {name}, édité le {formatDateTime(exported.exportedAt, timeZone)} en réponse à
        une demande d’accès (article 15 du RGPD).
      </p>
      <p class="no-print">
        Imprimez cette page (Ctrl+P) pour la remettre à la personne, ou{' '}
        <a href={`/structure/personnes/${referral.id}/export.json`} download>
          téléchargez les mêmes données en JSON
        </a>
        . Cette consultation est inscrite au journal des accès du dossier.
      </p>

      <Section id="identite" title="Identité et coordonnées">
        <Facts
          items={[
            ['Prénom et nom', name],
            ['Date de naissance', formatDate(person.birthDate)],
            ['Genre', genders.labels[person.gender]],
            ['Téléphone', person.phone ?? '—'],
            ['Adresse électronique', person.email ?? '—'],
            ['Commune', `${person.city} (${person.postalCode})`],
            ['Minimum social perçu', minimumIncomes.labels[situation.minimumIncome]],
            ['Inscrite à France Travail', situation.registeredWithFranceTravail ? 'Oui' : 'Non'],
          ]}
        />
      </Section>

      <Section id="prescription" title="La prescription">
        <Facts
          items={[
            ['Envoyée le', formatDateTime(referral.submittedAt, timeZone)],
            ['Statut', referralStatuses.labels[referral.status]],
            ['Réponse le', formatDateTime(referral.answeredAt, timeZone)],
            ['Freins repérés', list(referral.barriers, barrierDomains.labels)],
            ['Public spécifique', list(referral.specificPublics, specificPublics.labels)],
            ['Contexte', mobilisationContexts.labels[referral.context]],
            ['Motif', referral.reason],
            [
              'Information de la personne',
              `attestée par le prescripteur le ${formatDateTime(referral.consent.recordedAt, timeZone)}`,
            ],
            ...(referral.decline === undefined
              ? []
              : ([
                  [
                    'Refus',
                    `${declineReasons.labels[referral.decline.reason]} : ${referral.decline.text}`,
                  ],
                ] as const)),
          ]}
        />
        <p>
          L’organisme prescripteur conserve de son côté le nom, le statut de la prescription et, à
          la sortie, son résultat codé (
          {exported.prescriberFollowUp.exitOutcome === undefined
            ? 'pas encore de sortie'
            : exitOutcomes.labels[exported.prescriberFollowUp.exitOutcome]}
          ) ; rien du dossier d’accompagnement.
        </p>
      </Section>

      {supportCase !== undefined && (
        <Section id="accompagnement" title="L’accompagnement">
          <Facts
            items={[
              ['Accepté le', formatDateTime(supportCase.acceptedAt, timeZone)],
              ['Phase', casePhases.labels[supportCase.phase]],
              [
                'Référent',
                supportCase.referentId === undefined ? '—' : who(supportCase.referentId),
              ],
              ['Contrat signé le', formatDate(supportCase.contract?.signedOn)],
              ['Objectifs', supportCase.contract?.objectives.join(' ; ') ?? '—'],
              ['Engagements de la personne', supportCase.contract?.personCommitments ?? '—'],
              ['Engagements de la structure', supportCase.contract?.structureCommitments ?? '—'],
              [
                'Renouvellement',
                supportCase.renewal === undefined
                  ? '—'
                  : `${supportCase.renewal.justification}${supportCase.renewal.decisionReason === undefined ? '' : ` — décision : ${supportCase.renewal.decisionReason}`}`,
              ],
              [
                'Sortie',
                supportCase.exit === undefined
                  ? '—'
                  : `${formatDate(supportCase.exit.date)} : ${exitOutcomes.labels[supportCase.exit.outcome]}`,
              ],
              ['Dernier contact', formatDate(supportCase.lastContactOn)],
            ]}
          />
        </Section>
      )}

      <Section id="diagnostic" title="Diagnostic des freins (0 à 3)">
        <DataTable
          id="export-diagnostic"
          caption="Notes par étape"
          columns={[
            { header: 'Le', cell: (scores) => formatDate(scores.scoredOn) },
            {
              header: 'Notes',
              cell: (scores) =>
                Object.entries(scores.scores)
                  .map(
                    ([domain, score]) =>
                      `${barrierDomains.labels[domain as keyof typeof barrierDomains.labels]} : ${score}`,
                  )
                  .join(', '),
            },
            {
              header: 'Notes du diagnostic',
              cell: (scores) =>
                'notes' in scores && typeof scores.notes === 'string' ? scores.notes : '—',
            },
          ]}
          rows={exported.barrierScores}
          empty="Aucun diagnostic."
        />
      </Section>

      <Section id="journal" title="Journal de l’accompagnement">
        <DataTable
          id="export-journal"
          caption="Chaque contact, avec ses notes (notes privées des référents comprises)"
          columns={[
            { header: 'Le', cell: (entry) => formatDate(entry.date) },
            {
              header: 'Contact',
              cell: (entry) =>
                `${contactKinds.labels[entry.kind]}, ${formatMinutes(entry.durationMinutes)}, par ${who(entry.authorId)}`,
            },
            {
              header: 'Thèmes, actions, partenaires',
              cell: (entry) =>
                [
                  list(entry.topics, barrierDomains.labels),
                  list(entry.actions, supportActions.labels),
                  list(entry.partners, partners.labels),
                ].join(' / '),
            },
            {
              header: 'Notes',
              cell: (entry) => (
                <>
                  <p>{entry.summary}</p>
                  {entry.privateNote !== undefined && <p>Note privée : {entry.privateNote}</p>}
                </>
              ),
            },
          ]}
          rows={exported.journal}
          empty="Aucun contact au journal."
        />
      </Section>

      <Section id="rendez-vous" title="Rendez-vous">
        <DataTable
          id="export-rendez-vous"
          caption="Rendez-vous planifiés et présence"
          columns={[
            { header: 'Le', cell: (appointment) => formatDateTime(appointment.at, timeZone) },
            {
              header: 'Type',
              cell: (appointment) =>
                `${contactKinds.labels[appointment.kind]}, ${formatMinutes(appointment.durationMinutes)}`,
            },
            {
              header: 'Présence',
              cell: (appointment) =>
                appointment.attendance === undefined
                  ? '—'
                  : { seen: 'Venu', excused: 'Excusé', 'no-show': 'Absent' }[
                      appointment.attendance
                    ],
            },
          ]}
          rows={exported.appointments}
          empty="Aucun rendez-vous."
        />
      </Section>

      <Section id="rectifications" title="Rectifications">
        <HistoryTable viewer={viewer} history={exported.history} team={team} timeZone={timeZone} />
      </Section>

      <Section id="acces" title="Qui a consulté ou modifié le dossier">
        <DataTable
          id="export-acces"
          caption="Journal des accès (12 derniers mois), le plus ancien d’abord"
          columns={[
            { header: 'Le', cell: (line) => formatDateTime(line.at, timeZone) },
            { header: 'Qui', cell: (line) => `${who(line.userId)} (${roles.labels[line.role]})` },
            { header: 'Action', cell: (line) => actionLabels[line.action] ?? line.action },
          ]}
          rows={exported.accessLog}
          empty="Aucun accès enregistré."
        />
      </Section>

      <Section id="conservation" title="Conservation">
        <p>
          {'on' in exported.erasure
            ? `Ces données seront effacées le ${formatDate(exported.erasure.on)} ; seules resteront des statistiques anonymes.`
            : `Ces données seront effacées ${exported.erasure.rule} ; seules resteront des statistiques anonymes.`}{' '}
          Pour toute question, adressez-vous au délégué à la protection des données de la structure.
        </p>
      </Section>
    </Layout>
  );
}
