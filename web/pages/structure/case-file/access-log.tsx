/** The case file's access log, for the structure-admin: who read or changed it, and when. */

import type { SupportCase } from '../../../../shared/cases/case.ts';
import type { AccessLogEntry } from '../../../../shared/cases/file/access-log.ts';
import type { TeamMember } from '../../../../shared/identity/team-member.ts';
import { roles } from '../../../../shared/measure/vocabulary.ts';
import { type Column, DataTable } from '../../../components/table.tsx';
import { formatDateTime } from '../../../format.ts';
import { Layout } from '../../../layout.tsx';
import type { Viewer } from '../../../viewer.ts';
import { memberName } from '../names.ts';

/** The access log's actions, as the structure reads them (the export shows them too). */
export const actionLabels: Record<string, string> = {
  read: 'Consultation du dossier',
  'write:open': 'Ouverture du dossier',
  'write:contract': 'Signature du contrat',
  'write:journal': 'Ajout au journal',
  'write:diagnostic': 'Diagnostic des freins',
  'write:appointment': 'Rendez-vous planifié',
  'write:attendance': 'Présence notée',
  'write:renewal-request': 'Demande de renouvellement',
  'write:renewal-decision': 'Décision de renouvellement',
  'write:exit': 'Sortie',
  'write:exit-correction': 'Correction de la sortie',
  'write:reassign': 'Changement de référent',
  'write:rectification': 'Rectification des données de la personne',
  'read:history': 'Consultation de l’historique des rectifications',
  'export:personal-data': 'Export des données de la personne (droit d’accès)',
};

export function AccessLogPage({
  viewer,
  supportCase,
  entries,
  team,
  next,
}: {
  viewer: Viewer;
  supportCase: SupportCase;
  entries: readonly AccessLogEntry[];
  team: readonly TeamMember[];
  next: string | undefined;
}) {
  const name = `${supportCase.person.firstName} ${supportCase.person.lastName}`;
  const columns: Column<AccessLogEntry>[] = [
    { header: 'Date et heure', cell: (row) => formatDateTime(row.at, supportCase.timeZone) },
    { header: 'Qui', cell: (row) => memberName(viewer, team, row.userId) },
    { header: 'Rôle', cell: (row) => roles.labels[row.role] },
    { header: 'Action', cell: (row) => actionLabels[row.action] ?? row.action },
  ];
  return (
    <Layout title={`Journal des accès – ${name}`} viewer={viewer}>
      <p class="breadcrumb">
        <a href={`/structure/dossiers/${supportCase.id}`}>Dossier de {name}</a>
      </p>
      <h1>Journal des accès du dossier de {name}</h1>
      <p>Chaque consultation et chaque modification du dossier, gardées 12 mois.</p>
      <DataTable
        id="acces"
        caption="Accès, le plus récent d’abord"
        columns={columns}
        rows={entries}
        empty="Aucun accès enregistré."
      />
      {next !== undefined && (
        <p>
          <a href={next}>Accès plus anciens</a>
        </p>
      )}
    </Layout>
  );
}
