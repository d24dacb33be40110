/**
 * How each entity is laid out in the table: its key, its index keys and a `type` tag. The seed
 * and the repositories both write through these, so an item has one shape.
 */
import type {
  AccessLogEntry,
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

export function referralItem(referral: Referral): Item {
  return {
    ...keys.referral(referral.tenantId, referral.id),
    ...indexKeys.inbox(referral.tenantId, referral.status, referral.submittedAt, referral.id),
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
  return {
    ...keys.case(supportCase.tenantId, supportCase.id),
    ...referentIndex,
    ...indexKeys.structureCases(supportCase.tenantId, supportCase.phase, supportCase.id),
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
