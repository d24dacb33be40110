/** The case's rectification history: who changed which of the person's data, from what to what, why. */

import type { TeamMember } from '../../../../shared/identity/team-member.ts';
import { genders, minimumIncomes, roles } from '../../../../shared/measure/vocabulary.ts';
import {
  type CaseHistoryEntry,
  type FieldChange,
  type RectifiableField,
  rectifiableFieldLabels,
} from '../../../../shared/personal-data/rectification.ts';
import { type Column, DataTable } from '../../../components/table.tsx';
import { formatDate, formatDateTime } from '../../../format.ts';
import type { Viewer } from '../../../viewer.ts';
import { memberName } from '../names.ts';

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

export function HistoryTable({
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
