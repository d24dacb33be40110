/**
 * The case file as one page: the person, the diagnostic of barriers, the contract, the journal
 * (its quick entry form first), the appointments, the renewal, the exit and, for the
 * structure-admin, the reassignment and the access log. Every form carries the case's version.
 */

import * as rules from '../../../shared/cases/case-rules.ts';
import type { CaseFile } from '../../../shared/cases/case-store.ts';
import { alertKinds } from '../../../shared/deadlines/deadline-rules.ts';
import {
  type Appointment,
  barrierScoreStages,
  type JournalEntry,
} from '../../../shared/domain/entities.ts';
import type { InvalidField } from '../../../shared/errors.ts';
import type { TeamMember } from '../../../shared/identity/team-member.ts';
import {
  attendances,
  barrierDomains,
  contactKinds,
  exitOutcomes,
  genders,
  minimumIncomes,
  partners,
  supportActions,
} from '../../../shared/measure/vocabulary.ts';
import {
  ChoiceGroup,
  type FieldLabels,
  type FormState,
  formState,
  PostForm,
  SelectField,
  TextArea,
  TextField,
} from '../../components/form.tsx';
import { Badge, type Column, DataTable, Facts } from '../../components/table.tsx';
import { ageOn, formatDate, formatDateTime, formatMinutes } from '../../format.ts';
import { FormValues } from '../../forms.ts';
import { Layout } from '../../layout.tsx';
import type { Viewer } from '../../viewer.ts';
import { PhaseBadge } from './badges.tsx';
import { memberName, referentOptions } from './names.ts';

/** The case file's forms, by id: also the fragment of their section and their route's last segment. */
export type CaseForm =
  | 'diagnostic'
  | 'contrat'
  | 'journal'
  | 'rendez-vous'
  | 'presence'
  | 'renouvellement'
  | 'decision'
  | 'sortie'
  | 'referent';

export const stageLabels = {
  entry: 'À l’entrée',
  renewal: 'Au renouvellement',
  exit: 'À la sortie',
} as const;

const scoreOptions = [
  ['0', '0 – pas de frein'],
  ['1', '1 – frein léger'],
  ['2', '2 – frein important'],
  ['3', '3 – frein majeur'],
] as const;

export const diagnosticLabels = {
  stage: 'Étape',
  scoredOn: 'Date de l’évaluation',
  scores: 'Évaluation des freins',
  notes: 'Notes du diagnostic (chiffrées)',
  ...Object.fromEntries(
    barrierDomains.codes.map((code) => [`scores.${code}`, barrierDomains.labels[code]]),
  ),
} satisfies FieldLabels;

export const contractLabels = {
  signedOn: 'Date de signature',
  objectives: 'Objectifs',
  personCommitments: 'Engagements de la personne',
  structureCommitments: 'Engagements de la structure',
} as const satisfies FieldLabels;

export const journalLabels = {
  kind: 'Type de contact',
  date: 'Date',
  durationMinutes: 'Durée en minutes',
  topics: 'Sujets abordés',
  actions: 'Actions menées',
  partners: 'Partenaires mobilisés',
  summary: 'Résumé',
  privateNote: 'Note privée',
} as const satisfies FieldLabels;

export const appointmentLabels = {
  at: 'Date du rendez-vous',
  atTime: 'Heure',
  durationMinutes: 'Durée en minutes',
  kind: 'Type de rendez-vous',
} as const satisfies FieldLabels;

export const attendanceLabels = { attendance: 'Présence' } as const satisfies FieldLabels;
export const renewalLabels = { justification: 'Justification' } as const satisfies FieldLabels;
export const decisionLabels = { grant: 'Décision', reason: 'Motif' } as const satisfies FieldLabels;
export const exitLabels = {
  date: 'Date de sortie',
  outcome: 'Issue',
} as const satisfies FieldLabels;
export const reassignLabels = { referentId: 'Nouveau référent' } as const satisfies FieldLabels;

/** A form of the page drawn again with what was refused. */
export interface RefusedForm {
  form: CaseForm;
  /** Which appointment, for an attendance form. */
  appointmentId?: string | undefined;
  values: FormValues;
  errors: InvalidField[];
}

export interface CaseFilePageProps {
  viewer: Viewer;
  file: CaseFile;
  /** The team, for a structure-admin (names, reassignment); a référent sees "Vous". */
  team: readonly TeamMember[] | undefined;
  /** Today in the structure's time zone. */
  today: string;
  refused?: RefusedForm | undefined;
  /** What was just saved, to say so. */
  saved?: string | undefined;
}

const savedMessages: Record<string, string> = {
  ouvert: 'La prescription est acceptée : le dossier est ouvert.',
  diagnostic: 'Le diagnostic est enregistré.',
  contrat: 'Le contrat est signé : la première période de six mois commence.',
  journal: 'L’entrée est ajoutée au journal.',
  'rendez-vous': 'Le rendez-vous est planifié.',
  presence: 'La présence est notée.',
  renouvellement: 'La demande de renouvellement est envoyée à la direction.',
  decision: 'La décision de renouvellement est enregistrée.',
  sortie: 'La sortie est enregistrée : le dossier est clos.',
  referent: 'Le dossier est confié à son nouveau référent.',
};

export function CaseFilePage(props: CaseFilePageProps) {
  const { viewer, file, team, today, refused } = props;
  const supportCase = file.supportCase;
  const { person } = supportCase;
  const name = `${person.firstName} ${person.lastName}`;
  const admin = viewer.principal.role === 'structure-admin';
  const exited = supportCase.phase === 'exited';
  const action = (segment: string) => `/structure/dossiers/${supportCase.id}/${segment}`;
  const state = (id: CaseForm, defaults: Record<string, string> = {}): FormState =>
    refused?.form === id && refused.form !== 'presence'
      ? formState(id, refused.values, refused.errors)
      : formState(id, FormValues.initial(defaults));
  const savedMessage = props.saved === undefined ? undefined : savedMessages[props.saved];
  const exitForm = state('sortie', { date: today });
  const openAlerts = file.alerts.filter((alert) => alert.status !== 'resolved');

  return (
    <Layout title={`${refused === undefined ? '' : 'Erreur – '}Dossier de ${name}`} viewer={viewer}>
      <p class="breadcrumb">
        <a href="/structure">{admin ? 'Dossiers' : 'Mes dossiers'}</a>
      </p>
      <h1>Dossier de {name}</h1>
      {savedMessage !== undefined && (
        <p class="notice success" role="status">
          {savedMessage}
        </p>
      )}
      <Facts
        items={[
          ['Phase', <PhaseBadge phase={supportCase.phase} />],
          ['Référent unique', memberName(viewer, team, supportCase.referentId)],
          ['Accepté le', formatDate(rules.acceptedOn(supportCase))],
          ['Dernier contact', formatDate(supportCase.lastContactOn)],
          ['Fin de la période en cours', formatDate(rules.supportEndsOn(supportCase))],
        ]}
      />
      {openAlerts.length > 0 && (
        <section aria-labelledby="alertes-dossier" class="notice">
          <h2 id="alertes-dossier">Alertes ouvertes</h2>
          <ul>
            {openAlerts.map((alert) => (
              <li>
                <Badge tone="danger">{alertKinds[alert.kind]}</Badge> — échéance du{' '}
                {formatDate(alert.dueOn)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <nav aria-labelledby="sommaire-dossier">
        <h2 id="sommaire-dossier" class="visually-hidden">
          Sommaire du dossier
        </h2>
        <ul class="page-nav plain">
          <li>
            <a href="#personne">Personne</a>
          </li>
          <li>
            <a href="#freins">Diagnostic</a>
          </li>
          <li>
            <a href="#contrat">Contrat</a>
          </li>
          <li>
            <a href="#journal">Journal</a>
          </li>
          <li>
            <a href="#rendez-vous">Rendez-vous</a>
          </li>
          <li>
            <a href="#renouvellement">Renouvellement</a>
          </li>
          <li>
            <a href="#sortie">Sortie</a>
          </li>
          {admin && (
            <li>
              <a href={action('acces')}>Journal des accès</a>
            </li>
          )}
        </ul>
      </nav>

      <section aria-labelledby="personne-titre" id="personne">
        <h2 id="personne-titre">La personne</h2>
        <Facts
          items={[
            [
              'Date de naissance',
              `${formatDate(person.birthDate)} (${ageOn(person.birthDate, today)} ans)`,
            ],
            ['Genre', genders.labels[person.gender]],
            ['Téléphone', person.phone ?? '—'],
            ['Adresse électronique', person.email ?? '—'],
            ['Commune', `${person.city} (${person.postalCode})`],
            ['Minimum social', minimumIncomes.labels[supportCase.situation.minimumIncome]],
            [
              'Inscrite à France Travail',
              supportCase.situation.registeredWithFranceTravail ? 'Oui' : 'Non',
            ],
          ]}
        />
        <ul class="plain">
          <li>
            <a href={`/structure/dossiers/${supportCase.id}/rectification`}>
              Rectifier ces données et voir l’historique des rectifications
            </a>
          </li>
          {viewer.principal.role === 'structure-admin' && (
            <li>
              <a href={`/structure/personnes/${supportCase.id}/export`}>
                Exporter toutes les données de la personne (droit d’accès)
              </a>
            </li>
          )}
        </ul>
      </section>

      <DiagnosticSection
        {...props}
        form={state('diagnostic', { scoredOn: today })}
        action={action('diagnostic')}
      />
      <ContractSection
        {...props}
        form={state('contrat', { signedOn: today })}
        action={action('contrat')}
      />
      <JournalSection
        {...props}
        form={state('journal', { date: today, kind: 'interview' })}
        action={action('journal')}
      />
      <AppointmentsSection
        {...props}
        form={state('rendez-vous', { at: today })}
        action={action('rendez-vous')}
      />
      <RenewalSection
        {...props}
        request={state('renouvellement')}
        decision={state('decision')}
        requestAction={action('renouvellement')}
        decisionAction={action('renouvellement/decision')}
      />
      <section aria-labelledby="sortie-titre" id="sortie">
        <h2 id="sortie-titre">Sortie</h2>
        {supportCase.exit !== undefined ? (
          <Facts
            items={[
              ['Date de sortie', formatDate(supportCase.exit.date)],
              ['Issue', exitOutcomes.labels[supportCase.exit.outcome]],
            ]}
          />
        ) : (
          <PostForm
            form={exitForm}
            action={action('sortie')}
            csrf={viewer.csrf}
            labels={exitLabels}
            version={supportCase.version}
            submit="Enregistrer la sortie"
            secondary
          >
            <TextField
              form={exitForm}
              name="date"
              label={exitLabels.date}
              type="date"
              size="medium"
              required
            />
            <SelectField
              form={exitForm}
              name="outcome"
              label={exitLabels.outcome}
              options={exitOutcomes.labels}
              placeholder="Choisir l’issue"
              required
            />
          </PostForm>
        )}
      </section>
      {admin && !exited && team !== undefined && (
        <section aria-labelledby="referent-titre" id="referent">
          <h2 id="referent-titre">Confier le dossier à un autre référent</h2>
          <PostForm
            form={state('referent')}
            action={action('referent')}
            csrf={viewer.csrf}
            labels={reassignLabels}
            version={supportCase.version}
            submit="Changer de référent"
            secondary
          >
            <SelectField
              form={state('referent')}
              name="referentId"
              label={reassignLabels.referentId}
              options={referentOptions(viewer, team).filter(
                ([id]) => id !== supportCase.referentId,
              )}
              placeholder="Choisir"
              required
            />
          </PostForm>
        </section>
      )}
    </Layout>
  );
}

type SectionProps = CaseFilePageProps & { form: FormState; action: string };

function DiagnosticSection({ viewer, file, form, action }: SectionProps) {
  const stages = barrierScoreStages.filter((stage) =>
    file.barrierScores.some((scores) => scores.stage === stage),
  );
  const exited = file.supportCase.phase === 'exited';
  return (
    <section aria-labelledby="freins-titre" id="freins">
      <h2 id="freins-titre">Diagnostic et freins</h2>
      <p class="muted">
        De 0 (pas de frein) à 3 (frein majeur), à l’entrée, au renouvellement et à la sortie.
      </p>
      {stages.length === 0 ? (
        <p class="empty">Aucun diagnostic enregistré.</p>
      ) : (
        <DataTable
          id="freins-tableau"
          caption="Évaluation des freins par étape"
          columns={[
            {
              header: 'Frein',
              cell: (code: (typeof barrierDomains.codes)[number]) => barrierDomains.labels[code],
            },
            ...stages.map((stage) => ({
              header: `${stageLabels[stage]} (${formatDate(file.barrierScores.find((scores) => scores.stage === stage)?.scoredOn)})`,
              numeric: true,
              cell: (code: (typeof barrierDomains.codes)[number]) => {
                const score = file.barrierScores.find((scores) => scores.stage === stage)?.scores[
                  code
                ];
                return score === undefined ? '—' : String(score);
              },
            })),
          ]}
          rows={barrierDomains.codes}
          empty=""
        />
      )}
      {stages.map((stage) => {
        const notes = file.barrierScores.find((scores) => scores.stage === stage)?.notes;
        return notes === undefined ? null : (
          <>
            <h3>Notes du diagnostic : {stageLabels[stage].toLowerCase()}</h3>
            <p class="text-block">{notes}</p>
          </>
        );
      })}
      {!exited && stages.length < barrierScoreStages.length && (
        <details open={form.errors.length > 0}>
          <summary>Enregistrer une évaluation</summary>
          <PostForm
            form={form}
            action={action}
            csrf={viewer.csrf}
            labels={diagnosticLabels}
            version={file.supportCase.version}
            submit="Enregistrer le diagnostic"
          >
            <ChoiceGroup
              form={form}
              name="stage"
              legend={diagnosticLabels.stage}
              type="radio"
              inline
              required
              options={barrierScoreStages
                .filter((stage) => !stages.includes(stage))
                // The renewal's scoring follows a renewal request.
                .filter((stage) => stage !== 'renewal' || file.supportCase.renewal !== undefined)
                .map((stage) => [stage, stageLabels[stage]] as const)}
            />
            <TextField
              form={form}
              name="scoredOn"
              label={diagnosticLabels.scoredOn}
              type="date"
              size="medium"
              required
            />
            <fieldset class="group" id={`${form.id}-scores`}>
              <legend>{diagnosticLabels.scores}</legend>
              <p class="hint">
                Laissez « non évalué » les domaines sans objet ; au moins un domaine est noté.
              </p>
              <div class="columns">
                {barrierDomains.codes.map((code) => (
                  <SelectField
                    form={form}
                    name={`scores.${code}`}
                    label={barrierDomains.labels[code]}
                    options={scoreOptions}
                    placeholder="Non évalué"
                    optionalMark={false}
                  />
                ))}
              </div>
            </fieldset>
            <TextArea
              form={form}
              name="notes"
              label={diagnosticLabels.notes}
              hint="Partagées avec l’équipe de la structure ; chiffrées avec la clé de la structure avant d’être enregistrées. 4 000 caractères au plus."
              rows={4}
            />
          </PostForm>
        </details>
      )}
    </section>
  );
}

function ContractSection({ viewer, file, form, action }: SectionProps) {
  const { contract, phase, version } = file.supportCase;
  return (
    <section aria-labelledby="contrat-titre" id="contrat">
      <h2 id="contrat-titre">Contrat d’accompagnement</h2>
      {contract !== undefined ? (
        <>
          <Facts
            items={[
              ['Signé le', formatDate(contract.signedOn)],
              ['Fin de la première période', formatDate(contract.period1EndsOn)],
            ]}
          />
          <h3>Objectifs</h3>
          <ul>
            {contract.objectives.map((objective) => (
              <li>{objective}</li>
            ))}
          </ul>
          <h3>Engagements de la personne</h3>
          <p class="text-block">{contract.personCommitments}</p>
          <h3>Engagements de la structure</h3>
          <p class="text-block">{contract.structureCommitments}</p>
        </>
      ) : phase === 'exited' ? (
        <p class="empty">Aucun contrat n’a été signé.</p>
      ) : (
        <>
          <p>
            Le contrat n’est pas encore signé. La première période de six mois commence à la
            signature.
          </p>
          <PostForm
            form={form}
            action={action}
            csrf={viewer.csrf}
            labels={contractLabels}
            version={version}
            submit="Signer le contrat"
          >
            <TextField
              form={form}
              name="signedOn"
              label={contractLabels.signedOn}
              type="date"
              size="medium"
              required
            />
            <TextArea
              form={form}
              name="objectives"
              label={contractLabels.objectives}
              hint="Un objectif par ligne (10 au plus)."
              rows={4}
              required
            />
            <TextArea
              form={form}
              name="personCommitments"
              label={contractLabels.personCommitments}
              required
            />
            <TextArea
              form={form}
              name="structureCommitments"
              label={contractLabels.structureCommitments}
              required
            />
          </PostForm>
        </>
      )}
    </section>
  );
}

function JournalSection({ viewer, file, team, form, action }: SectionProps) {
  const entries = [...file.journal].sort((a, b) =>
    a.date < b.date ? 1 : a.date > b.date ? -1 : b.id.localeCompare(a.id),
  );
  const exited = file.supportCase.phase === 'exited';
  return (
    <section aria-labelledby="journal-titre" id="journal">
      <h2 id="journal-titre">Journal des contacts</h2>
      {!exited && (
        <PostForm
          form={form}
          action={action}
          csrf={viewer.csrf}
          labels={journalLabels}
          version={file.supportCase.version}
          submit="Ajouter au journal"
        >
          <div class="columns">
            <SelectField
              form={form}
              name="kind"
              label={journalLabels.kind}
              options={contactKinds.labels}
              required
            />
            <TextField form={form} name="date" label={journalLabels.date} type="date" required />
            <TextField
              form={form}
              name="durationMinutes"
              label={journalLabels.durationMinutes}
              type="number"
              inputmode="numeric"
              min="1"
              max="600"
              required
            />
          </div>
          <div class="choices-columns">
            <ChoiceGroup
              form={form}
              name="topics"
              legend={journalLabels.topics}
              type="checkbox"
              options={barrierDomains.labels}
            />
          </div>
          <div class="columns">
            <ChoiceGroup
              form={form}
              name="actions"
              legend={journalLabels.actions}
              type="checkbox"
              options={supportActions.labels}
            />
            <ChoiceGroup
              form={form}
              name="partners"
              legend={journalLabels.partners}
              type="checkbox"
              options={partners.labels}
            />
          </div>
          <TextArea
            form={form}
            name="summary"
            label={journalLabels.summary}
            hint="Partagé avec l’équipe de la structure."
            rows={3}
            required
          />
          <TextArea
            form={form}
            name="privateNote"
            label={journalLabels.privateNote}
            hint="Visible de vous seul."
            rows={2}
          />
        </PostForm>
      )}
      {entries.length === 0 ? (
        <p class="empty">Aucun contact noté.</p>
      ) : (
        <ol class="plain">
          {entries.map((entry) => (
            <JournalItem entry={entry} author={memberName(viewer, team, entry.authorId)} />
          ))}
        </ol>
      )}
    </section>
  );
}

function JournalItem({ entry, author }: { entry: JournalEntry; author: string }) {
  const listed = (labels: Record<string, string>, codes: readonly string[]) =>
    codes.length === 0 ? '—' : codes.map((code) => labels[code] ?? code).join(', ');
  return (
    <li class="journal-entry">
      <h3 class="entry-title">
        {formatDate(entry.date)} – {contactKinds.labels[entry.kind]} (
        {formatMinutes(entry.durationMinutes)})
      </h3>
      <p class="muted">Par {author}</p>
      <p class="text-block">{entry.summary}</p>
      <Facts
        items={[
          ['Sujets', listed(barrierDomains.labels, entry.topics)],
          ['Actions', listed(supportActions.labels, entry.actions)],
          ['Partenaires', listed(partners.labels, entry.partners)],
        ]}
      />
      {entry.privateNote !== undefined && (
        <p class="private-note">
          <strong>Note privée :</strong> <span class="text-block">{entry.privateNote}</span>
        </p>
      )}
    </li>
  );
}

function AppointmentsSection({ viewer, file, form, action, refused }: SectionProps) {
  const { timeZone, version, phase } = file.supportCase;
  const appointments = [...file.appointments].sort((a, b) => b.at.localeCompare(a.at));
  const now = Date.now();
  const attendanceForm = (appointment: Appointment) => {
    const state =
      refused?.form === 'presence' && refused.appointmentId === appointment.id
        ? formState(`presence-${appointment.id}`, refused.values, refused.errors)
        : formState(`presence-${appointment.id}`);
    return (
      <PostForm
        form={state}
        action={`/structure/dossiers/${file.supportCase.id}/rendez-vous/${appointment.id}/presence`}
        csrf={viewer.csrf}
        labels={attendanceLabels}
        version={version}
        submit="Noter"
        secondary
      >
        <SelectField
          form={state}
          name="attendance"
          label={attendanceLabels.attendance}
          options={attendances.labels}
          placeholder="Choisir"
          required
        />
      </PostForm>
    );
  };
  const columns: Column<Appointment>[] = [
    { header: 'Date et heure', cell: (row) => formatDateTime(row.at, timeZone) },
    { header: 'Type', cell: (row) => contactKinds.labels[row.kind] },
    { header: 'Durée', numeric: true, cell: (row) => formatMinutes(row.durationMinutes) },
    {
      header: 'Présence',
      cell: (row) =>
        row.attendance !== undefined
          ? attendances.labels[row.attendance]
          : Date.parse(row.at) <= now && phase !== 'exited'
            ? attendanceForm(row)
            : 'À venir',
    },
  ];
  return (
    <section aria-labelledby="rendez-vous-titre" id="rendez-vous">
      <h2 id="rendez-vous-titre">Rendez-vous</h2>
      <DataTable
        id="rendez-vous-tableau"
        caption="Rendez-vous, les plus récents d’abord"
        columns={columns}
        rows={appointments}
        empty="Aucun rendez-vous."
      />
      {phase !== 'exited' && (
        <details open={form.errors.length > 0}>
          <summary>Planifier un rendez-vous</summary>
          <PostForm
            form={form}
            action={action}
            csrf={viewer.csrf}
            labels={appointmentLabels}
            version={version}
            submit="Planifier"
          >
            <input type="hidden" name="timeZone" value={timeZone} />
            <div class="columns">
              <TextField form={form} name="at" label={appointmentLabels.at} type="date" required />
              <TextField
                form={form}
                name="atTime"
                label={appointmentLabels.atTime}
                type="time"
                hint="Par exemple 09:30."
                required
              />
              <TextField
                form={form}
                name="durationMinutes"
                label={appointmentLabels.durationMinutes}
                type="number"
                inputmode="numeric"
                min="5"
                max="600"
                required
              />
              <SelectField
                form={form}
                name="kind"
                label={appointmentLabels.kind}
                options={contactKinds.labels}
                required
              />
            </div>
          </PostForm>
        </details>
      )}
    </section>
  );
}

function RenewalSection({
  viewer,
  file,
  team,
  request,
  decision,
  requestAction,
  decisionAction,
}: CaseFilePageProps & {
  request: FormState;
  decision: FormState;
  requestAction: string;
  decisionAction: string;
}) {
  const { renewal, phase, version } = file.supportCase;
  const admin = viewer.principal.role === 'structure-admin';
  const statusLabel = { requested: 'Demandé', granted: 'Accordé', denied: 'Refusé' } as const;
  return (
    <section aria-labelledby="renouvellement-titre" id="renouvellement">
      <h2 id="renouvellement-titre">Renouvellement</h2>
      {renewal !== undefined && (
        <Facts
          items={[
            ['Statut', statusLabel[renewal.status]],
            ['Demandé par', memberName(viewer, team, renewal.requestedBy)],
            ['Justification', <span class="text-block">{renewal.justification}</span>],
            ...(renewal.decisionReason === undefined
              ? []
              : ([
                  [
                    'Motif de la décision',
                    <span class="text-block">{renewal.decisionReason}</span>,
                  ],
                ] as const)),
            ...(renewal.period2EndsOn === undefined
              ? []
              : ([['Fin de la seconde période', formatDate(renewal.period2EndsOn)]] as const)),
          ]}
        />
      )}
      {renewal === undefined && phase === 'period-1' && (
        <PostForm
          form={request}
          action={requestAction}
          csrf={viewer.csrf}
          labels={renewalLabels}
          version={version}
          submit="Demander le renouvellement"
        >
          <TextArea
            form={request}
            name="justification"
            label={renewalLabels.justification}
            hint="Pourquoi six mois de plus : ce qui a avancé, ce qui reste à faire."
            required
          />
        </PostForm>
      )}
      {renewal?.status === 'requested' && admin && (
        <PostForm
          form={decision}
          action={decisionAction}
          csrf={viewer.csrf}
          labels={decisionLabels}
          version={version}
          submit="Enregistrer la décision"
        >
          <ChoiceGroup
            form={decision}
            name="grant"
            legend={decisionLabels.grant}
            type="radio"
            inline
            required
            options={[
              ['oui', 'Accorder le renouvellement'],
              ['non', 'Refuser le renouvellement'],
            ]}
          />
          <TextArea form={decision} name="reason" label={decisionLabels.reason} required />
        </PostForm>
      )}
      {renewal === undefined && phase !== 'period-1' && (
        <p class="empty">
          {phase === 'intake'
            ? 'Le renouvellement se demande pendant la première période, une fois le contrat signé.'
            : 'Aucun renouvellement.'}
        </p>
      )}
    </section>
  );
}
