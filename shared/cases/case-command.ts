/**
 * The shape of every case write: one Query of the file (rules, version, open alerts) plus one
 * transaction holding the new case, what it adds, the alerts it resolves and its access-log
 * line: two DynamoDB calls at most.
 */

import { alertItem } from '../alerts/alert.ts';
import { dateIn } from '../common/dates.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import type { Item } from '../data/item.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import { caseDeadlines, stillHolds } from '../deadlines/deadline-rules.ts';
import { defaultDeadlineSettings } from '../deadlines/deadline-settings.ts';
import {
  ConflictError,
  type InvalidField,
  PreconditionFailedError,
  ValidationError,
} from '../errors.ts';
import { notFound, reaching, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { caseItem, type SupportCase } from './case.ts';
import { accessLine, reaches } from './case-access.ts';
import { type CaseFile, readCaseFile } from './case-store.ts';

export interface Change {
  next: SupportCase;
  /** Items the change creates with the case (a journal entry, scores, an appointment). */
  creates?: Item[];
  /** Other writes that go with it (the follow-up of the prescriber, a structure counter). */
  alongside?: Write[];
  /** Partitions beyond the tenant the change must reach (the prescriber's, on exit). */
  reach?: string[];
  /** What to say when an item it creates is already there. */
  duplicate?: string;
  /** What to say when a `check` write of `alongside` fails. */
  failedCheck?: InvalidField;
  /** Items of the file the change rewrites as they are given (an appointment's attendance). */
  replaces?: Item[];
}

/** The alerts of the file whose cause the change took away: they resolve themselves. */
function resolvedAlerts(file: CaseFile, next: SupportCase, today: string, at: string): Write[] {
  const current = caseDeadlines(next, next.deadlines ?? defaultDeadlineSettings);
  return file.alerts
    .filter((alert) => alert.status !== 'resolved' && !stillHolds(alert, current, today))
    .map(
      (alert): Write => ({
        kind: 'put',
        item: alertItem({ ...alert, status: 'resolved', resolvedAt: at }),
      }),
    );
}

/**
 * Read the case, refuse what the caller may not reach, check the version they read
 * (`If-Match`), apply the rule, write all of it in one transaction.
 */
export async function changeCase(
  deps: UseCaseDeps,
  actor: StructureActor,
  caseId: string,
  expectedVersion: number,
  action: string,
  apply: (current: SupportCase, today: string, file: CaseFile) => Change,
): Promise<SupportCase> {
  // The whole file in one Query: the rules need the case, and its open alerts may resolve. No
  // rule reads a note, and no change rewrites one: they stay sealed (opening every note of the
  // file on every write cost a decryption per note, and each retry after a 412 paid it again).
  const data = withTenantKeys(deps);
  const file = await readCaseFile(data, actor.tenantId, caseId, { notes: 'sealed' });
  if (file === undefined || !reaches(actor, file.supportCase)) throw notFound('Dossier');
  const current = file.supportCase;
  if (current.version !== expectedVersion) {
    throw new PreconditionFailedError(
      `Le dossier a changé depuis votre lecture (version ${current.version}, vous aviez la ${expectedVersion}) : rechargez-le.`,
    );
  }
  const now = deps.now();
  const today = dateIn(current.timeZone, now);
  const change = apply(current, today, file);
  const saved: SupportCase = { ...change.next, version: current.version + 1 };
  const resolved = resolvedAlerts(file, saved, today, now.toISOString());
  // One operation per item in a transaction: an alert that resolves is not also rewritten.
  const resolvedKeys = new Set(
    resolved.map((write) => (write.kind === 'put' ? write.item.SK : '')),
  );
  const writes: Write[] = [
    { kind: 'replace', item: caseItem(saved), expectedVersion: current.version },
    ...(change.creates ?? []).map((item): Write => ({ kind: 'create', item })),
    ...(change.replaces ?? [])
      .filter((item) => !resolvedKeys.has(item.SK))
      .map((item): Write => ({ kind: 'put', item })),
    ...(change.alongside ?? []),
    ...resolved,
    { kind: 'put', item: accessLine(deps, actor, caseId, action) },
  ];
  try {
    // The notes of what it writes are sealed on the way (write.ts).
    await reaching(change.reach ?? [], () =>
      writeTogether(deps.db, deps.tableName, writes, data.tenantKeys),
    );
  } catch (error: unknown) {
    if (!(error instanceof WritesStoppedError)) throw error;
    if (error.stopped.includes(0)) {
      throw new PreconditionFailedError(
        'Le dossier a été modifié en même temps par quelqu’un d’autre : rechargez-le.',
      );
    }
    if (
      change.failedCheck !== undefined &&
      error.stopped.some((index) => writes[index]?.kind === 'check')
    ) {
      throw new ValidationError([change.failedCheck]);
    }
    throw new ConflictError(change.duplicate ?? 'Cet élément existe déjà dans le dossier.');
  }
  return saved;
}
