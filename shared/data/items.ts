/**
 * How each entity is laid out in the table: its key, its index keys and a `type` tag. The seed
 * and the repositories both write through these, so an item has one shape.
 */

import { dateIn } from '../common/dates.ts';
import {
  caseDeadlines,
  type Deadline,
  escalationDueOn,
  nextDueOn,
  referralDeadlines,
} from '../deadlines/deadline-rules.ts';
import type {
  AccessLogEntry,
  Alert,
  Appointment,
  BarrierScores,
  Funder,
  JournalEntry,
  PrescriberOrganisation,
  Referral,
  ReferralFollowUp,
  Structure,
  SupportCase,
  User,
} from '../domain/entities.ts';
import { defaultDeadlineSettings } from '../domain/entities.ts';
import { caseRetentionStart, referralRetentionStart } from '../retention/retention-rules.ts';
import {
  funderPrefix,
  indexKeys,
  keys,
  orgPrefix,
  platformPartition,
  tenantPrefix,
} from './keys.ts';
import { tableDefinition } from './table.ts';

export type Item = Record<string, unknown> & { PK: string; SK: string; type: string };

export function structureItem(structure: Structure): Item {
  return {
    ...keys.structure(structure.id),
    ...indexKeys.directory(
      structure.territory.region,
      structure.territory.departement,
      structure.id,
    ),
    type: 'structure',
    ...structure,
  };
}

export function prescriberOrgItem(org: PrescriberOrganisation): Item {
  return { ...keys.prescriberOrg(org.id), type: 'prescriber-org', ...org };
}

export function funderItem(funder: Funder): Item {
  return { ...keys.funder(funder.id), type: 'funder', ...funder };
}

/** The partition a user belongs to, from the scope its role gives it. */
export function userPartition(user: User): string {
  if (user.tenantId !== undefined) return tenantPrefix(user.tenantId);
  if (user.orgId !== undefined) return orgPrefix(user.orgId);
  if (user.funderId !== undefined) return funderPrefix(user.funderId);
  return platformPartition;
}

export function userItem(user: User): Item {
  return {
    ...keys.user(userPartition(user), user.id),
    ...indexKeys.userByEmail(user.email),
    type: 'user',
    ...user,
  };
}

/** The due-date index keys of an item whose earliest deadline falls on `dueOn`; none when nothing is ahead. */
function dueKeys(timeZone: string, tenantId: string, sortKey: string, dueOn: string | undefined) {
  return dueOn === undefined ? {} : indexKeys.due(timeZone, tenantId, sortKey, dueOn);
}

/**
 * The earliest deadline of the item, fallen or not: the sweep looks at it that morning, raises
 * what has fallen (once: alert ids are deterministic) and moves the item on to what comes next.
 */
function earliest(deadlines: Deadline[]): string | undefined {
  return nextDueOn(deadlines, '0000-00-00');
}

/** The item that reserves an e-mail address for one user across the platform. */
export function emailClaimItem(account: User): Item {
  return {
    ...keys.emailClaim(account.email),
    type: 'email-claim',
    userId: account.id,
    createdAt: account.createdAt,
  };
}

/**
 * The purge-index keys of a referral that ended without a case (declined, withdrawn, expired),
 * from the day it ended; none otherwise. Writes that end a referral in place (a withdrawal, an
 * expiry) set them too.
 */
export function referralPurgeKeys(
  referral: Pick<Referral, 'tenantId' | 'id' | 'status' | 'answeredAt'>,
): Record<string, string> {
  const since = referralRetentionStart(referral.status, referral.answeredAt);
  if (since === undefined) return {};
  const { SK } = keys.referral(referral.tenantId, referral.id);
  return indexKeys.purge('REFERRAL', since, referral.tenantId, SK);
}

/** The purge-index keys of a closed case, from its last contact or exit; none while it is open. */
function casePurgeKeys(supportCase: SupportCase, sortKey: string): Record<string, string> {
  const since = caseRetentionStart(supportCase);
  return since === undefined ? {} : indexKeys.purge('CASE', since, supportCase.tenantId, sortKey);
}

export function referralItem(referral: Referral): Item {
  const key = keys.referral(referral.tenantId, referral.id);
  const submittedOn = dateIn(referral.timeZone, new Date(referral.submittedAt));
  const deadlines = referralDeadlines(
    referral,
    submittedOn,
    referral.deadlines ?? defaultDeadlineSettings,
  );
  return {
    ...key,
    ...dueKeys(referral.timeZone, referral.tenantId, key.SK, earliest(deadlines)),
    ...indexKeys.inbox(referral.tenantId, referral.status, referral.submittedAt, referral.id),
    ...referralPurgeKeys(referral),
    type: 'referral',
    ...referral,
  };
}

export function referralFollowUpItem(followUp: ReferralFollowUp): Item {
  return {
    ...keys.orgReferral(followUp.orgId, followUp.id),
    type: 'referral-follow-up',
    ...followUp,
  };
}

export function caseItem(supportCase: SupportCase): Item {
  const referentIndex =
    supportCase.referentId === undefined
      ? {}
      : indexKeys.caseload(
          supportCase.tenantId,
          supportCase.referentId,
          supportCase.phase,
          supportCase.id,
        );
  const key = keys.case(supportCase.tenantId, supportCase.id);
  const deadlines = caseDeadlines(supportCase, supportCase.deadlines ?? defaultDeadlineSettings);
  return {
    ...key,
    ...dueKeys(supportCase.timeZone, supportCase.tenantId, key.SK, earliest(deadlines)),
    ...referentIndex,
    ...indexKeys.structureCases(supportCase.tenantId, supportCase.phase, supportCase.id),
    ...casePurgeKeys(supportCase, key.SK),
    type: 'case',
    ...supportCase,
  };
}

export function barrierScoresItem(tenantId: string, scores: BarrierScores): Item {
  return {
    ...keys.barrierScores(tenantId, scores.caseId, scores.stage),
    type: 'barrier-scores',
    ...scores,
  };
}

export function journalEntryItem(tenantId: string, entry: JournalEntry): Item {
  return {
    ...keys.journalEntry(tenantId, entry.caseId, entry.date, entry.id),
    type: 'journal-entry',
    ...entry,
  };
}

export function appointmentItem(tenantId: string, appointment: Appointment): Item {
  return {
    ...keys.appointment(tenantId, appointment.caseId, appointment.id),
    type: 'appointment',
    ...appointment,
  };
}

/** An access-log line, expiring by TTL after `retentionDays`. */
export function accessLogItem(
  tenantId: string,
  entry: AccessLogEntry,
  entryId: string,
  retentionDays: number,
): Item {
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + retentionDays * 86_400;
  return {
    ...keys.accessLogEntry(tenantId, entry.caseId, entry.at, entryId),
    type: 'access-log',
    ...entry,
    [tableDefinition.ttlAttribute]: expiresAt,
  };
}

/**
 * An alert, listed for its recipient (or the structure when it has none) and for the structure;
 * while open and not escalated it waits in the due-date index for its escalation day.
 */
export function alertItem(alert: Alert): Item {
  const key = keys.alert(alert.tenantId, alert.subject, alert.kind, alert.dueOn);
  const waitsForEscalation =
    alert.status === 'open' && alert.escalatedAt === undefined && alert.recipientId !== undefined;
  return {
    ...key,
    ...(alert.recipientId === undefined
      ? {}
      : indexKeys.userAlerts(alert.tenantId, alert.recipientId, alert.status, alert.dueOn, key.SK)),
    ...indexKeys.structureAlerts(alert.tenantId, alert.status, alert.dueOn, key.SK),
    ...dueKeys(
      alert.timeZone,
      alert.tenantId,
      key.SK,
      waitsForEscalation ? escalationDueOn(alert.raisedOn) : undefined,
    ),
    type: 'alert',
    ...alert,
  };
}
