/**
 * Who reaches a case, and the access-log line every read and write of a case file leaves.
 */
import { randomUUID } from 'node:crypto';
import type { Item } from '../data/item.ts';
import type { StructureActor, UseCaseDeps } from '../use-case.ts';
import type { SupportCase } from './case.ts';
import type { AccessLogEntry } from './file/access-log.ts';
import { accessLogItem } from './file/access-log.ts';

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
