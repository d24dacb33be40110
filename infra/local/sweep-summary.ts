/**
 * A sweep's report as a person reads it, in French: what was read, what was raised, per
 * structure and kind. Structures are named (one GetItem each); people never are.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';

import type { DataContext } from '../../shared/data/context.ts';

import { runInScope, systemScope } from '../../shared/data/scope.ts';
import { type AlertKind, alertKinds } from '../../shared/deadlines/deadline-rules.ts';
import type { SweepReport } from '../../shared/deadlines/sweep.ts';

import { structureKey } from '../../shared/organisations/structure.ts';
/** `1 alerte levée`, `2 alertes levées`, `0 alerte levée` (French: 0 and 1 are singular). */
export function count(value: number, singular: string, plural: string): string {
  return `${value} ${value > 1 ? plural : singular}`;
}

const longDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeZone: 'UTC' });

/** `lundi 1 mars 2027`: a calendar date as French says it. */
export function frenchDate(date: string): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}

function describeDays(report: SweepReport): string {
  if (report.timeZones.length === 0) return 'aucun fuseau horaire n’est à 6 h en ce moment';
  const [first, ...others] = report.timeZones;
  if (first !== undefined && others.every((day) => day.date === first.date)) {
    const zones = report.timeZones.map((day) => day.timeZone).join(', ');
    return `${frenchDate(first.date)} (${zones})`;
  }
  return report.timeZones.map((day) => `${day.timeZone} le ${frenchDate(day.date)}`).join(', ');
}

const kindOrder = Object.keys(alertKinds);

/** The summary's lines; `names` gives each structure's name by tenant id. */
export function sweepSummary(report: SweepReport, names: ReadonlyMap<string, string>): string[] {
  const lines = [
    `Balayage des échéances — ${describeDays(report)}`,
    `  ${count(report.itemsDue, 'élément échu', 'éléments échus')} sur ${count(report.itemsRead, 'élément lu', 'éléments lus')} dans l’index des échéances (${count(report.pages, 'page', 'pages')})`,
    `  ${count(report.alertsRaised, 'alerte levée', 'alertes levées')}, ${count(report.alertsEscalated, 'escaladée', 'escaladées')} vers la direction, ${count(report.alertsResolved, 'résolue', 'résolues')}, ${count(report.referralsExpired, 'prescription expirée', 'prescriptions expirées')}`,
  ];
  if (!report.complete) lines.push('  Arrêté avant la fin de l’index : relancez pour finir.');
  if (report.itemsFailed > 0) {
    lines.push(
      `  ${count(report.itemsFailed, 'élément n’a pu être traité', 'éléments n’ont pu être traités')} : ils restent dus pour le prochain passage.`,
    );
  }
  const structures = Object.entries(report.raisedByStructure)
    .map(([tenantId, kinds]) => ({ name: names.get(tenantId) ?? `Structure ${tenantId}`, kinds }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  for (const { name, kinds } of structures) {
    const entries = Object.entries(kinds)
      .flatMap(([kind, raised]) =>
        isAlertKind(kind) && raised !== undefined ? [{ kind, raised }] : [],
      )
      .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
    const total = entries.reduce((sum, entry) => sum + entry.raised, 0);
    lines.push(`  ${name} — ${count(total, 'alerte', 'alertes')} :`);
    for (const { kind, raised } of entries) {
      lines.push(`    ${String(raised).padStart(3)} × ${alertKinds[kind]}`);
    }
  }
  return lines;
}

function isAlertKind(kind: string): kind is AlertKind {
  return Object.hasOwn(alertKinds, kind);
}

/** The names of the structures the report raised alerts for (one GetItem each). */
export async function structureNames(
  { db, tableName }: DataContext,
  report: SweepReport,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await runInScope(systemScope('naming structures in a local sweep summary'), async () => {
    for (const tenantId of Object.keys(report.raisedByStructure)) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: structureKey(tenantId),
          ProjectionExpression: '#name',
          ExpressionAttributeNames: { '#name': 'name' },
        }),
      );
      if (typeof Item?.name === 'string') names.set(tenantId, Item.name);
    }
  });
  return names;
}
