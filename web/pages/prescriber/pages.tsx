/** The prescriber's pages: the referrals of my organisation, the structures of my territory, a referral. */

import {
  barrierDomains,
  declineReasons,
  exitOutcomes,
  mobilisationContexts,
  referralStatuses,
  specificPublics,
  structureKinds,
} from '../../../shared/measure/vocabulary.ts';
import type { DirectoryEntry } from '../../../shared/referrals/list-directory.ts';
import type { ReferralFollowUp } from '../../../shared/referrals/referral-follow-up.ts';
import {
  Checkbox,
  ChoiceGroup,
  type FieldLabels,
  type FormState,
  PostForm,
  SelectField,
  TextArea,
} from '../../components/form.tsx';
import {
  PersonFieldset,
  personFieldLabels,
  SituationFields,
} from '../../components/person-fields.tsx';
import { Badge, type Column, DataTable, Facts } from '../../components/table.tsx';
import { formatDay, formatNumber } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import type { Viewer } from '../../viewer.ts';
import { StatusBadge } from '../structure/badges.tsx';

export function FollowUpsPage({
  viewer,
  followUps,
  status,
  next,
  timeZone,
}: {
  viewer: Viewer;
  followUps: readonly ReferralFollowUp[];
  status: string;
  next: string | undefined;
  timeZone: string;
}) {
  const columns: Column<ReferralFollowUp>[] = [
    {
      header: 'Personne',
      cell: (row) => (
        <a href={`/prescripteur/prescriptions/${row.id}`}>
          {row.person.firstName} {row.person.lastName}
        </a>
      ),
    },
    { header: 'Structure', cell: (row) => row.structureName },
    { header: 'Envoyée le', cell: (row) => formatDay(row.submittedAt, timeZone) },
    { header: 'Statut', cell: (row) => <StatusBadge status={row.status} /> },
    { header: 'Réponse le', cell: (row) => formatDay(row.answeredAt, timeZone) },
    {
      header: 'Issue de l’accompagnement',
      cell: (row) =>
        row.exitOutcome !== undefined
          ? exitOutcomes.labels[row.exitOutcome]
          : row.declineReason !== undefined
            ? `Refus : ${declineReasons.labels[row.declineReason]}`
            : '—',
    },
  ];
  return (
    <Layout title="Mes prescriptions" viewer={viewer}>
      <h1>Les prescriptions de mon organisation</h1>
      <p class="actions">
        <a class="button" href="/prescripteur/structures">
          Adresser une personne à une structure
        </a>
      </p>
      <form method="get" action="/prescripteur" class="filters">
        <div class="field">
          <label for="filtre-statut">Statut</label>
          <select id="filtre-statut" name="status">
            <option value="" selected={status === ''}>
              Tous les statuts
            </option>
            {referralStatuses.codes.map((code) => (
              <option value={code} selected={status === code}>
                {referralStatuses.labels[code]}
              </option>
            ))}
          </select>
        </div>
        <p class="field">
          <button type="submit" class="button secondary">
            Filtrer
          </button>
        </p>
      </form>
      <DataTable
        id="prescriptions"
        caption="Prescriptions, les plus récentes d’abord"
        columns={columns}
        rows={followUps}
        empty="Aucune prescription pour ce filtre."
      />
      {next !== undefined && (
        <p>
          <a href={next}>Prescriptions suivantes</a>
        </p>
      )}
    </Layout>
  );
}

export function DirectoryPage({
  viewer,
  structures,
}: {
  viewer: Viewer;
  structures: readonly DirectoryEntry[];
}) {
  const columns: Column<DirectoryEntry>[] = [
    { header: 'Structure', cell: (row) => row.name },
    { header: 'Type', cell: (row) => structureKinds.labels[row.kind] },
    { header: 'Département', cell: (row) => row.territory.departement },
    { header: 'Capacité', numeric: true, cell: (row) => formatNumber(row.capacity) },
    {
      header: 'Places libres',
      numeric: true,
      cell: (row) =>
        row.freePlaces === 0 ? <Badge tone="warning">Complet</Badge> : formatNumber(row.freePlaces),
    },
    {
      header: 'Action',
      cell: (row) => (
        <a href={`/prescripteur/prescriptions/nouvelle?structure=${row.id}`}>
          Adresser une personne<span class="visually-hidden"> à {row.name}</span>
        </a>
      ),
    },
  ];
  return (
    <Layout title="Structures de mon territoire" viewer={viewer}>
      <h1>Adresser une personne à une structure</h1>
      <p>
        Les structures de votre territoire qui portent l’appui social individualisé, avec leurs
        places libres aujourd’hui.
      </p>
      <DataTable
        id="structures"
        caption="Structures de mon territoire"
        columns={columns}
        rows={structures}
        empty="Aucune structure n’est ouverte dans votre territoire."
      />
    </Layout>
  );
}

/** The referral form's fields, named as the API's schema names them. */
export const referralLabels = {
  structureId: 'Structure',
  ...personFieldLabels,
  barriers: 'Freins repérés',
  specificPublics: 'Public spécifique',
  context: 'Contexte de mobilisation',
  reason: 'Motif de la prescription',
  consent: 'Information et accord de la personne',
} as const satisfies FieldLabels;

export function ReferralFormPage({
  viewer,
  structures,
  form,
  idempotencyKey,
}: {
  viewer: Viewer;
  structures: readonly DirectoryEntry[];
  form: FormState;
  idempotencyKey: string;
}) {
  const labels = referralLabels;
  const refused = form.errors.length > 0;
  return (
    <Layout title={`${refused ? 'Erreur – ' : ''}Nouvelle prescription`} viewer={viewer}>
      <p class="breadcrumb">
        <a href="/prescripteur/structures">Structures de mon territoire</a>
      </p>
      <h1>Nouvelle prescription</h1>
      <p>
        Tous les champs sont obligatoires, sauf ceux marqués « facultatif ». La structure répond
        dans les 10 jours ; sans réponse après 30 jours, la prescription expire.
      </p>
      <PostForm
        form={form}
        action="/prescripteur/prescriptions"
        csrf={viewer.csrf}
        labels={labels}
        idempotencyKey={idempotencyKey}
        submit="Envoyer la prescription"
      >
        <SelectField
          form={form}
          name="structureId"
          label={labels.structureId}
          required
          placeholder="Choisir une structure"
          options={structures.map(
            (structure) =>
              [
                structure.id,
                `${structure.name} (${structure.territory.departement}) – ${
                  structure.freePlaces === 0
                    ? 'complet'
                    : `${formatNumber(structure.freePlaces)} place${structure.freePlaces > 1 ? 's' : ''} libre${structure.freePlaces > 1 ? 's' : ''}`
                }`,
              ] as const,
          )}
        />
        <PersonFieldset form={form} />
        <fieldset class="group">
          <legend>Sa situation</legend>
          <SituationFields form={form} />
          <div class="choices-columns">
            <ChoiceGroup
              form={form}
              name="barriers"
              legend={labels.barriers}
              hint="Cochez les freins à l’emploi repérés ; la structure les évaluera avec la personne."
              type="checkbox"
              options={barrierDomains.labels}
            />
          </div>
          <ChoiceGroup
            form={form}
            name="specificPublics"
            legend={labels.specificPublics}
            type="checkbox"
            options={specificPublics.labels}
          />
        </fieldset>
        <fieldset class="group">
          <legend>La prescription</legend>
          <ChoiceGroup
            form={form}
            name="context"
            legend={labels.context}
            type="radio"
            options={mobilisationContexts.labels}
            required
          />
          <TextArea
            form={form}
            name="reason"
            label={labels.reason}
            hint="Ce que vous attendez de l’accompagnement, ce que la personne en dit."
            rows={6}
            required
          />
          <Checkbox
            form={form}
            name="consent"
            label="J’ai informé la personne de cette orientation et de l’usage de ses données, et elle l’accepte."
            required
          >
            <p class="hint">
              Ce qu’il faut lui dire : voir la page{' '}
              <a href="/confidentialite">Données personnelles</a>.
            </p>
          </Checkbox>
        </fieldset>
      </PostForm>
    </Layout>
  );
}

export function FollowUpPage({
  viewer,
  followUp,
  timeZone,
  justFiled,
}: {
  viewer: Viewer;
  followUp: ReferralFollowUp;
  timeZone: string;
  justFiled: boolean;
}) {
  const name = `${followUp.person.firstName} ${followUp.person.lastName}`;
  return (
    <Layout title={`Prescription de ${name}`} viewer={viewer}>
      <p class="breadcrumb">
        <a href="/prescripteur">Mes prescriptions</a>
      </p>
      <h1>Prescription de {name}</h1>
      {justFiled && (
        <p class="notice success" role="status">
          La prescription a été envoyée à {followUp.structureName}.
        </p>
      )}
      <Facts
        items={[
          ['Structure', followUp.structureName],
          ['Statut', <StatusBadge status={followUp.status} />],
          ['Envoyée le', formatDay(followUp.submittedAt, timeZone)],
          ['Réponse le', formatDay(followUp.answeredAt, timeZone)],
          [
            'Motif du refus',
            followUp.declineReason === undefined
              ? '—'
              : declineReasons.labels[followUp.declineReason],
          ],
          [
            'Issue de l’accompagnement',
            followUp.exitOutcome === undefined ? '—' : exitOutcomes.labels[followUp.exitOutcome],
          ],
        ]}
      />
      <p class="muted">
        Vous voyez le statut de la prescription et, à la sortie, l’issue de l’accompagnement ; le
        dossier lui-même reste à la structure.
      </p>
      {followUp.status === 'submitted' && (
        <section aria-labelledby="retrait">
          <h2 id="retrait">Retirer la prescription</h2>
          <p>Tant que la structure n’a pas répondu, vous pouvez retirer la prescription.</p>
          <form method="post" action={`/prescripteur/prescriptions/${followUp.id}/retrait`}>
            <input type="hidden" name="_csrf" value={viewer.csrf} />
            <input type="hidden" name="version" value={String(followUp.version)} />
            <button type="submit" class="button secondary">
              Retirer la prescription
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}
