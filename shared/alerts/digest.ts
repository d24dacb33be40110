/**
 * The daily e-mail digest: each morning, every member of a structure who has open alerts gets
 * one e-mail listing them (kind, due date, the person's first name and case reference: nothing
 * more personal), with a link to the portal. Alerts with no référent, or escalated, go to the
 * structure-admins too. A marker per user and day, created before sending, makes a re-run send
 * nothing twice. No caller drives it: it runs in a system scope.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dateIn } from '../common/dates.ts';

import type { DataContext } from '../data/context.ts';

import { runInScope, systemScope } from '../data/scope.ts';
import { tableDefinition } from '../data/table.ts';
import { alertKinds } from '../deadlines/deadline-rules.ts';
import { queryTeam, type TeamMember } from '../identity/team-member.ts';
import type { Mailer, MailMessage } from '../mail/message.ts';
import { isRegionCode, regions } from '../measure/territory.ts';
import type { Structure } from '../organisations/structure.ts';
import { listDirectory } from '../referrals/referral-store.ts';
import type { Alert } from './alert.ts';
import { queryAlerts } from './alert-store.ts';

import { digestMarkerKey } from './digest-marker.ts';
export interface DigestDeps extends DataContext {
  now: () => Date;
  mailer: Mailer;
  /** The portal's address, linked from each e-mail (`APPUI_PUBLIC_URL`). */
  publicUrl: string;
}

/** What a run did, by ids only: a report that can be logged. */
export interface DigestReport {
  /** Structures of the time zones whose open alerts were read. */
  structures: number;
  sent: { tenantId: string; userId: string; alerts: number; messageId: string }[];
  /** Users whose digest of the day had already gone out (a re-run). */
  alreadySent: number;
  /** Sends that failed; their marker is taken back, so the next run tries again. */
  failed: { tenantId: string; userId: string; reason: string }[];
}

/** How long a day's marker is kept: well past any re-run of that day. */
const markerDays = 30;

/** Sends the day's digests of the structures whose time zone is one of `timeZones`. */
export function makeSendDigests(deps: DigestDeps) {
  return (timeZones: readonly string[]): Promise<DigestReport> =>
    runInScope(systemScope('daily e-mail digest'), () => sendDigests(deps, new Set(timeZones)));
}

async function sendDigests(deps: DigestDeps, timeZones: Set<string>): Promise<DigestReport> {
  const report: DigestReport = { structures: 0, sent: [], alreadySent: 0, failed: [] };
  for (const region of Object.keys(regions)) {
    if (!isRegionCode(region) || !timeZones.has(regions[region].timeZone)) continue;
    const structures = await listDirectory(deps, region, undefined);
    for (const structure of structures) {
      if (!timeZones.has(structure.timeZone)) continue;
      report.structures += 1;
      await sendStructureDigests(deps, structure, report);
    }
  }
  return report;
}

/** The alerts each member of the team is sent: their own, and the structure's for its admins. */
interface Digest {
  member: TeamMember;
  own: Alert[];
  structure: Alert[];
}

async function sendStructureDigests(
  deps: DigestDeps,
  structure: Structure,
  report: DigestReport,
): Promise<void> {
  const alerts = await openAlerts(deps, structure.id);
  if (alerts.length === 0) return;
  const team = await queryTeam(deps, structure.id);
  const today = dateIn(structure.timeZone, deps.now());
  for (const digest of digestsOf(alerts, team)) {
    const userId = digest.member.id;
    const marker = digestMarkerKey(structure.id, userId, today);
    if (!(await claimMarker(deps, marker, digest, today))) {
      report.alreadySent += 1;
      continue;
    }
    try {
      const message = composeDigest({
        structureName: structure.name,
        today,
        publicUrl: deps.publicUrl,
        ...digest,
      });
      const { messageId } = await deps.mailer.send(message);
      report.sent.push({
        tenantId: structure.id,
        userId,
        alerts: digest.own.length + digest.structure.length,
        messageId,
      });
    } catch (error: unknown) {
      await deps.db.send(new DeleteCommand({ TableName: deps.tableName, Key: marker }));
      report.failed.push({
        tenantId: structure.id,
        userId,
        reason: error instanceof Error ? error.name : 'unknown',
      });
    }
  }
}

/** Every open alert of a structure, the oldest due first (GSI2, `open#` prefix). */
async function openAlerts(deps: DigestDeps, tenantId: string): Promise<Alert[]> {
  const alerts: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryAlerts(
      deps,
      { of: 'structure', tenantId },
      { status: 'open', limit: 500, cursor },
    );
    alerts.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return alerts;
}

/**
 * Who gets which alerts: its référent, when they are still in the team; and the structure-admins
 * when it has none (or one who left) or it was escalated. An admin who is also the référent
 * gets it once, as their own.
 */
export function digestsOf(alerts: Alert[], team: TeamMember[]): Digest[] {
  const members = new Map(team.map((member) => [member.id, member]));
  const admins = team.filter((member) => member.role === 'structure-admin');
  const digests = new Map<string, Digest>();
  const digestOf = (member: TeamMember): Digest => {
    const existing = digests.get(member.id);
    if (existing !== undefined) return existing;
    const created: Digest = { member, own: [], structure: [] };
    digests.set(member.id, created);
    return created;
  };
  for (const alert of alerts) {
    const recipient = alert.recipientId === undefined ? undefined : members.get(alert.recipientId);
    if (recipient !== undefined) digestOf(recipient).own.push(alert);
    if (recipient !== undefined && alert.escalatedAt === undefined) continue;
    for (const admin of admins) {
      if (admin.id !== recipient?.id) digestOf(admin).structure.push(alert);
    }
  }
  return [...digests.values()];
}

/**
 * Creates the day's marker unless it is there: true when this run is the one to send. A marker
 * found there may be this very write: it landed, its answer was lost and the SDK sent it again.
 * The claim it carries tells: the run's own claim means the mail is still to be sent.
 */
async function claimMarker(
  deps: DigestDeps,
  marker: { PK: string; SK: string },
  digest: Digest,
  today: string,
): Promise<boolean> {
  const now = deps.now();
  const claim = randomUUID();
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: {
          ...marker,
          type: 'digest-marker',
          userId: digest.member.id,
          date: today,
          alerts: digest.own.length + digest.structure.length,
          claim,
          createdAt: now.toISOString(),
          [tableDefinition.ttlAttribute]: Math.floor(now.getTime() / 1000) + markerDays * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': tableDefinition.partitionKey },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return true;
  } catch (error: unknown) {
    if (error instanceof ConditionalCheckFailedException) return error.Item?.claim?.S === claim;
    throw error;
  }
}

/** `2026-11-22` as the French write it: `22/11/2026`. */
export function frenchDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

function line(alert: Alert): string {
  const parts = [alertKinds[alert.kind], `échéance le ${frenchDate(alert.dueOn)}`];
  if (alert.label.trim() !== '') parts.push(alert.label.trim());
  return `- ${parts.join(' — ')}`;
}

/**
 * One member's e-mail, in French: their own alerts, then (for an admin) those of the structure
 * waiting for them. Only the member's first name, the structure's name and each alert's label.
 */
export function composeDigest(input: {
  member: Pick<TeamMember, 'email' | 'firstName'>;
  structureName: string;
  today: string;
  publicUrl: string;
  own: Alert[];
  structure: Alert[];
}): MailMessage {
  const total = input.own.length + input.structure.length;
  const count = `${total} alerte${total > 1 ? 's' : ''}`;
  const sections: string[] = [];
  if (input.own.length > 0) {
    sections.push(['Vos dossiers :', ...input.own.map(line)].join('\n'));
  }
  if (input.structure.length > 0) {
    sections.push(
      [
        'À suivre pour la structure (sans référent, ou ouvertes depuis plus de 7 jours) :',
        ...input.structure.map(line),
      ].join('\n'),
    );
  }
  const text = [
    `Bonjour ${input.member.firstName},`,
    `Vous avez ${count} ouverte${total > 1 ? 's' : ''} dans Appui pour ${input.structureName}, au ${frenchDate(input.today)}.`,
    ...sections,
    `Pour les consulter et les prendre en compte : ${input.publicUrl}/`,
    [
      '-- ',
      'Appui vous envoie ce récapitulatif chaque matin où vous avez des alertes ouvertes.',
      'Il ne nomme les personnes accompagnées que par leur prénom et la référence de leur dossier.',
    ].join('\n'),
  ].join('\n\n');
  return {
    to: input.member.email,
    subject: `Appui – ${count} à traiter au ${frenchDate(input.today)}`,
    text: `${text}\n`,
  };
}
