/** The structure's referral inbox, and one referral with its answer forms. */

import {
  barrierDomains,
  declineReasons,
  genders,
  minimumIncomes,
  mobilisationContexts,
  referralStatuses,
  specificPublics,
} from '../../../shared/measure/vocabulary.ts';
import type { Referral } from '../../../shared/referrals/referral.ts';
import {
  type FieldLabels,
  type FormState,
  PostForm,
  SelectField,
  TextArea,
} from '../../components/form.tsx';
import { type Column, DataTable, Facts } from '../../components/table.tsx';
import { formatDate, formatDay } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import type { Viewer } from '../../viewer.ts';
import { StatusBadge } from './badges.tsx';

export function InboxPage({
  viewer,
  referrals,
  status,
  next,
}: {
  viewer: Viewer;
  referrals: readonly Referral[];
  status: Referral['status'];
  next: string | undefined;
}) {
  const admin = viewer.principal.role === 'structure-admin';
  const columns: Column<Referral>[] = [
    {
      header: 'Personne',
      cell: (row) => (
        <a href={`/structure/prescriptions/${row.id}`}>
          {row.person.firstName} {row.person.lastName}
        </a>
      ),
    },
    { header: 'Reçue le', cell: (row) => formatDay(row.submittedAt, row.timeZone) },
    { header: 'Commune', cell: (row) => `${row.person.city} (${row.person.postalCode})` },
    {
      header: 'Freins repérés',
      cell: (row) =>
        row.barriers.length === 0
          ? '—'
          : row.barriers.map((code) => barrierDomains.labels[code]).join(', '),
    },
    { header: 'Statut', cell: (row) => <StatusBadge status={row.status} /> },
  ];
  return (
    <Layout title="Prescriptions reçues" viewer={viewer}>
      <h1>Prescriptions reçues</h1>
      {admin && (
        <form method="get" action="/structure/prescriptions" class="filters">
          <div class="field">
            <label for="filtre-statut">Statut</label>
            <select id="filtre-statut" name="status">
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
      )}
      <DataTable
        id="prescriptions-recues"
        caption={`Prescriptions au statut « ${referralStatuses.labels[status]} », les plus anciennes d’abord`}
        columns={columns}
        rows={referrals}
        empty="Aucune prescription à ce statut."
      />
      {next !== undefined && (
        <p>
          <a href={next}>Prescriptions suivantes</a>
        </p>
      )}
    </Layout>
  );
}

export const acceptLabels = { referentId: 'Référent unique' } as const satisfies FieldLabels;
export const declineLabels = {
  reason: 'Motif du refus',
  text: 'Explication',
} as const satisfies FieldLabels;

export function InboxReferralPage({
  viewer,
  referral,
  referents,
  accept,
  decline,
}: {
  viewer: Viewer;
  referral: Referral;
  referents: readonly (readonly [string, string])[];
  accept: FormState;
  decline: FormState;
}) {
  const { person } = referral;
  const name = `${person.firstName} ${person.lastName}`;
  const refused = accept.errors.length + decline.errors.length > 0;
  return (
    <Layout title={`${refused ? 'Erreur – ' : ''}Prescription de ${name}`} viewer={viewer}>
      <p class="breadcrumb">
        <a href="/structure/prescriptions">Prescriptions reçues</a>
      </p>
      <h1>Prescription de {name}</h1>
      <Facts
        items={[
          ['Statut', <StatusBadge status={referral.status} />],
          ['Reçue le', formatDay(referral.submittedAt, referral.timeZone)],
          ['Date de naissance', formatDate(person.birthDate)],
          ['Genre', genders.labels[person.gender]],
          ['Téléphone', person.phone ?? '—'],
          ['Adresse électronique', person.email ?? '—'],
          ['Commune', `${person.city} (${person.postalCode})`],
          ['Minimum social', minimumIncomes.labels[referral.situation.minimumIncome]],
          [
            'Inscrite à France Travail',
            referral.situation.registeredWithFranceTravail ? 'Oui' : 'Non',
          ],
          ['Contexte', mobilisationContexts.labels[referral.context]],
          [
            'Freins repérés',
            referral.barriers.length === 0
              ? '—'
              : referral.barriers.map((code) => barrierDomains.labels[code]).join(', '),
          ],
          [
            'Public spécifique',
            referral.specificPublics.length === 0
              ? '—'
              : referral.specificPublics.map((code) => specificPublics.labels[code]).join(', '),
          ],
          [
            'Accord de la personne',
            `Recueilli par le prescripteur le ${formatDay(referral.consent.recordedAt, referral.timeZone)}`,
          ],
        ]}
      />
      <h2>Motif de la prescription</h2>
      <p class="text-block">{referral.reason}</p>
      {referral.decline !== undefined && (
        <>
          <h2>Refus</h2>
          <p>
            {declineReasons.labels[referral.decline.reason]} : {referral.decline.text}
          </p>
        </>
      )}
      {referral.status === 'submitted' && (
        <div class="columns">
          <section aria-labelledby="accepter" class="panel">
            <h2 id="accepter">Accepter</h2>
            <p>Le dossier s’ouvre, confié au référent unique choisi.</p>
            <PostForm
              form={accept}
              action={`/structure/prescriptions/${referral.id}/acceptation`}
              csrf={viewer.csrf}
              labels={acceptLabels}
              version={referral.version}
              submit="Accepter et ouvrir le dossier"
            >
              <SelectField
                form={accept}
                name="referentId"
                label={acceptLabels.referentId}
                options={referents}
                placeholder="Choisir le référent"
                required
              />
            </PostForm>
          </section>
          <section aria-labelledby="refuser" class="panel">
            <h2 id="refuser">Refuser</h2>
            <PostForm
              form={decline}
              action={`/structure/prescriptions/${referral.id}/refus`}
              csrf={viewer.csrf}
              labels={declineLabels}
              version={referral.version}
              submit="Refuser la prescription"
              secondary
            >
              <SelectField
                form={decline}
                name="reason"
                label={declineLabels.reason}
                options={declineReasons.labels}
                placeholder="Choisir un motif"
                required
              />
              <TextArea
                form={decline}
                name="text"
                label={declineLabels.text}
                hint="Le prescripteur voit le motif ; cette explication reste dans la structure."
                required
              />
            </PostForm>
          </section>
        </div>
      )}
    </Layout>
  );
}
