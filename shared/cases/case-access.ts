/**
 * Who reaches a case, and the access-log line every read and write of a case file leaves.
 */
import { randomUUID } from 'node:crypto';
import { accessLogItem, type Item } from '../data/items.ts';
import type { AccessLogEntry, SupportCase } from '../domain/entities.ts';
import type { StructureActor, UseCaseDeps } from '../use-case.ts';

/** A référent reaches the cases assigned to them; a structure-admin every case of the structure. */
export function reaches(actor: StructureActor, supportCase: SupportCase): boolean {
  return actor.role === 'structure-admin' || supportCase.referentId === actor.userId;
}

export function accessLine(
  deps: UseCaseDeps,
  actor: StructureActor,
  caseId: string,
  action: string,
): Item {
  const entry: AccessLogEntry = {
    caseId,
    userId: actor.userId,
    role: actor.role,
    action,
    at: deps.now().toISOString(),
  };
  return accessLogItem(actor.tenantId, entry, randomUUID(), deps.settings.accessLogRetentionDays);
}
