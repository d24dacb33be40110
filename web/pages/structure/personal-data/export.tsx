/**
 * The export of everything Appui holds about the person, as a page made to be printed and handed
 * over (right of access).
 */
import type { Child } from 'hono/jsx';
import type { TeamMember } from '../../../../shared/identity/team-member.ts';
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
} from '../../../../shared/measure/vocabulary.ts';
import type { PersonalDataExport } from '../../../../shared/personal-data/export-personal-data.ts';
import { DataTable, Facts } from '../../../components/table.tsx';
import { formatDate, formatDateTime, formatMinutes } from '../../../format.ts';
import { Layout } from '../../../layout.tsx';
import type { Viewer } from '../../../viewer.ts';
import { actionLabels } from '../case-file/access-log.tsx';
import { memberName } from '../names.ts';
import { HistoryTable } from './history.tsx';

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
