/** The structure's lists: the caseload with its deadlines and alerts, the alerts, the team. */

import type { AlertView } from '../../../shared/alerts/alert-view.ts';
import type { SupportCase } from '../../../shared/cases/case.ts';
import * as rules from '../../../shared/cases/case-rules.ts';
import { alertKinds, caseDeadlines, nextDueOn } from '../../../shared/deadlines/deadline-rules.ts';
import { defaultDeadlineSettings } from '../../../shared/deadlines/deadline-settings.ts';
import type { TeamMember } from '../../../shared/identity/team-member.ts';
import { casePhases, roles } from '../../../shared/measure/vocabulary.ts';
import {
  ChoiceGroup,
  type FieldLabels,
  type FormState,
  PostForm,
  TextField,
} from '../../components/form.tsx';
import { Badge, type Column, DataTable } from '../../components/table.tsx';
import { formatDate } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import type { Viewer } from '../../viewer.ts';
import { AlertBadges, PhaseBadge } from './badges.tsx';
import { memberName } from './names.ts';

export interface CaseRow {
  supportCase: SupportCase;
  alerts: readonly AlertView[];
  /** Today in the case's time zone. */
  today: string;
}

/** The next deadline of a case, and what it is. */
function nextDeadline(row: CaseRow): string {
  const deadlines = caseDeadlines(
    row.supportCase,
    row.supportCase.deadlines ?? defaultDeadlineSettings,
  );
  const dueOn = nextDueOn(deadlines, row.today);
  if (dueOn === undefined) return '—';
  const kind = deadlines.find((deadline) => deadline.dueOn === dueOn)?.kind;
  return `${formatDate(dueOn)}${kind === undefined ? '' : ` – ${alertKinds[kind]}`}`;
}

export function CaseloadPage({
  viewer,
  rows,
  team,
  filter,
  next,
  openAlerts,
}: {
  viewer: Viewer;
  rows: readonly CaseRow[];
  team: readonly TeamMember[] | undefined;
  filter: { phase: string; referentId: string; dueWithinDays: string };
  next: string | undefined;
  openAlerts: number;
}) {
  const admin = viewer.principal.role === 'structure-admin';
  const columns: Column<CaseRow>[] = [
    {
      header: 'Personne',
      cell: ({ supportCase }) => (
        <a href={`/structure/dossiers/${supportCase.id}`}>
          {supportCase.person.firstName} {supportCase.person.lastName}
        </a>
      ),
    },
    { header: 'Phase', cell: ({ supportCase }) => <PhaseBadge phase={supportCase.phase} /> },
    ...(admin
      ? [
          {
            header: 'Référent',
            cell: ({ supportCase }: CaseRow) => memberName(viewer, team, supportCase.referentId),
          },
        ]
      : []),
    {
      header: 'Dernier contact',
      cell: ({ supportCase }) => formatDate(supportCase.lastContactOn),
    },
    {
      header: 'Fin de la période',
      cell: ({ supportCase }) => formatDate(rules.supportEndsOn(supportCase)),
    },
    { header: 'Prochaine échéance', cell: nextDeadline },
    { header: 'Alertes', cell: (row) => <AlertBadges alerts={row.alerts} /> },
  ];
  return (
    <Layout title={admin ? 'Dossiers de la structure' : 'Mes dossiers'} viewer={viewer}>
      <h1>{admin ? 'Dossiers de la structure' : 'Mes dossiers'}</h1>
      <p>
        {openAlerts === 0 ? (
          'Aucune alerte ouverte.'
        ) : (
          <a href="/structure/alertes">
            <Badge tone="danger">{String(openAlerts)}</Badge> alerte{openAlerts > 1 ? 's' : ''}{' '}
            ouverte{openAlerts > 1 ? 's' : ''}
          </a>
        )}
      </p>
      <form method="get" action="/structure" class="filters">
        <div class="field">
          <label for="filtre-phase">Phase</label>
          <select id="filtre-phase" name="phase">
            <option value="" selected={filter.phase === ''}>
              Toutes les phases
            </option>
            {casePhases.codes.map((code) => (
              <option value={code} selected={filter.phase === code}>
                {casePhases.labels[code]}
              </option>
            ))}
          </select>
        </div>
        {admin && team !== undefined && (
          <div class="field">
            <label for="filtre-referent">Référent</label>
            <select id="filtre-referent" name="referentId">
              <option value="" selected={filter.referentId === ''}>
                Toute l’équipe
              </option>
              {team.map((member) => (
                <option value={member.id} selected={filter.referentId === member.id}>
                  {member.firstName} {member.lastName}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label for="filtre-echeance">Fin de période</label>
          <select id="filtre-echeance" name="dueWithinDays">
            {[
              ['', 'Quelle qu’elle soit'],
              ['7', 'Dans les 7 jours'],
              ['30', 'Dans les 30 jours'],
              ['60', 'Dans les 60 jours'],
            ].map(([value, label]) => (
              <option value={value} selected={filter.dueWithinDays === value}>
                {label}
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
        id="dossiers"
        caption="Dossiers, de l’accueil à la sortie"
        columns={columns}
        rows={rows}
        empty="Aucun dossier pour ce filtre."
      />
      {next !== undefined && (
        <p>
          <a href={next}>Dossiers suivants</a>
        </p>
      )}
    </Layout>
  );
}

export function AlertsPage({
  viewer,
  alerts,
  scope,
}: {
  viewer: Viewer;
  alerts: readonly AlertView[];
  scope: 'mine' | 'structure';
}) {
  const admin = viewer.principal.role === 'structure-admin';
  const columns: Column<AlertView>[] = [
    { header: 'Échéance', cell: (row) => formatDate(row.dueOn) },
    { header: 'Alerte', cell: (row) => row.kindLabel },
    {
      header: 'À propos de',
      cell: (row) => (
        <a
          href={
            row.subject.type === 'case'
              ? `/structure/dossiers/${row.subject.id}`
              : `/structure/prescriptions/${row.subject.id}`
          }
        >
          {row.label}
        </a>
      ),
    },
    {
      header: 'État',
      cell: (row) =>
        row.status === 'acknowledged' ? (
          <Badge tone="neutral">Prise en compte</Badge>
        ) : (
          <form
            method="post"
            action={`/structure/alertes/${row.id}/prise-en-compte`}
            class="inline-form"
          >
            <input type="hidden" name="_csrf" value={viewer.csrf} />
            <button type="submit" class="button secondary">
              Prendre en compte
              <span class="visually-hidden">
                {' '}
                : {row.kindLabel}, {row.label}
              </span>
            </button>
          </form>
        ),
    },
  ];
  return (
    <Layout title="Alertes" viewer={viewer}>
      <h1>Alertes</h1>
      <p>
        Les échéances tombées. Une alerte se lève d’elle-même quand sa cause disparaît (un contact
        noté, un contrat signé, un renouvellement décidé…).
      </p>
      {admin && (
        <p class="page-nav">
          {scope === 'mine' ? (
            <a href="/structure/alertes?scope=structure">Voir toutes les alertes de la structure</a>
          ) : (
            <a href="/structure/alertes">Voir seulement mes alertes</a>
          )}
        </p>
      )}
      <DataTable
        id="alertes"
        caption={scope === 'mine' ? 'Mes alertes ouvertes' : 'Alertes ouvertes de la structure'}
        columns={columns}
        rows={alerts}
        empty="Aucune alerte ouverte."
      />
    </Layout>
  );
}

export const inviteLabels = {
  firstName: 'Prénom',
  lastName: 'Nom',
  email: 'Adresse électronique',
  role: 'Rôle',
} as const satisfies FieldLabels;

export function TeamPage({
  viewer,
  team,
  invite,
  invited,
}: {
  viewer: Viewer;
  team: readonly TeamMember[];
  invite: FormState;
  invited: boolean;
}) {
  const columns: Column<TeamMember>[] = [
    { header: 'Nom', cell: (row) => `${row.firstName} ${row.lastName}` },
    { header: 'Adresse électronique', cell: (row) => row.email },
    { header: 'Rôle', cell: (row) => roles.labels[row.role] },
  ];
  return (
    <Layout title={`${invite.errors.length > 0 ? 'Erreur – ' : ''}Équipe`} viewer={viewer}>
      <h1>Équipe</h1>
      {invited && (
        <p class="notice success" role="status">
          Le nouveau membre a été ajouté à l’équipe ; il reçoit son invitation par e-mail.
        </p>
      )}
      <DataTable
        id="equipe"
        caption="Membres de la structure"
        columns={columns}
        rows={team}
        empty="Aucun membre."
      />
      <section aria-labelledby="inviter" class="panel">
        <h2 id="inviter">Inviter un membre</h2>
        <PostForm
          form={invite}
          action="/structure/equipe"
          csrf={viewer.csrf}
          labels={inviteLabels}
          submit="Inviter"
        >
          <TextField
            form={invite}
            name="firstName"
            label={inviteLabels.firstName}
            required
            autocomplete="off"
          />
          <TextField
            form={invite}
            name="lastName"
            label={inviteLabels.lastName}
            required
            autocomplete="off"
          />
          <TextField
            form={invite}
            name="email"
            label={inviteLabels.email}
            type="email"
            required
            autocomplete="off"
          />
          <ChoiceGroup
            form={invite}
            name="role"
            legend={inviteLabels.role}
            type="radio"
            required
            options={[
              ['referent', roles.labels.referent],
              ['structure-admin', roles.labels['structure-admin']],
            ]}
          />
        </PostForm>
      </section>
    </Layout>
  );
}
