import { ConflictError } from '../errors.ts';
import { notFound, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import type { Alert } from './alert.ts';
import { alertKeyOf } from './alert-id.ts';
import { AlertChangedError, getAlertItem, updateAlert } from './alert-store.ts';
import { type AlertView, viewOf } from './alert-view.ts';

/** A référent reaches the alerts addressed to them; a structure-admin every alert of the structure. */
function reaches(actor: StructureActor, target: Alert): boolean {
  return actor.role === 'structure-admin' || target.recipientId === actor.userId;
}

export interface Acknowledgement {
  alert: AlertView;
  /** False when the alert was already acknowledged: nothing was written. */
  changed: boolean;
}

/**
 * Marks an open alert as seen: its status and the index keys that sort by it change in one
 * UpdateItem (GetItem first: two calls). Acknowledging an acknowledged alert changes nothing
 * and answers it as it is (idempotent), also when the acknowledgement found was this one's own
 * write, sent again by the SDK after a lost answer; a resolved alert is closed (409). An id that
 * names no alert of the caller's structure, or one not addressed to a référent, is 404: the id is
 * checked by reading it as a key (alert-id.ts), before anything is read.
 */
export function makeAcknowledgeAlert(deps: UseCaseDeps) {
  return async (actor: StructureActor, id: string): Promise<Acknowledgement> => {
    const key = alertKeyOf(actor.tenantId, id);
    if (key === undefined) throw notFound('Alerte');
    const found = await getAlertItem(deps, key);
    if (found === undefined || !reaches(actor, found.alert)) throw notFound('Alerte');
    const current = found.alert;
    if (current.status === 'acknowledged') return { alert: viewOf(current), changed: false };
    if (current.status === 'resolved') {
      throw new ConflictError('Cette alerte est déjà levée : sa cause a disparu.');
    }
    const next: Alert = {
      ...current,
      status: 'acknowledged',
      acknowledgedAt: deps.now().toISOString(),
      acknowledgedBy: actor.userId,
    };
    try {
      await updateAlert(deps, found.stored, next, 'open');
    } catch (error: unknown) {
      if (error instanceof AlertChangedError) {
        // The condition failed: someone acknowledged it meanwhile, or this very update landed
        // once already and the SDK sent it again after its answer was lost. Either way an
        // acknowledged alert is answered as it is, as a second acknowledgement would be.
        const now = await getAlertItem(deps, key);
        if (now?.alert.status === 'acknowledged') {
          const mine =
            now.alert.acknowledgedBy === actor.userId &&
            now.alert.acknowledgedAt === next.acknowledgedAt;
          return { alert: viewOf(now.alert), changed: mine };
        }
        throw new ConflictError(
          'Cette alerte vient d’être prise en compte ou levée par ailleurs : rechargez-la.',
          { cause: error },
        );
      }
      throw error;
    }
    return { alert: viewOf(next), changed: true };
  };
}
