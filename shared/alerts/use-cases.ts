/**
 * The alerts the morning sweep raised, as their readers see them: a référent the alerts
 * addressed to them, a structure-admin every alert of the structure. Each use case makes at
 * most two DynamoDB calls; an alert is reached by its id, never searched for.
 */

import type { Page } from '../cases/case-store.ts';
import { z } from '../common/zod.ts';
import { alertKinds } from '../deadlines/deadline-rules.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { notFound, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { type Alert, alert } from './alert.ts';
import { alertId, alertKeyOf } from './alert-id.ts';
import {
  AlertChangedError,
  type AlertStatus,
  countOpenAlerts,
  getAlertItem,
  queryAlerts,
  updateAlert,
} from './alert-store.ts';

/** An alert as the API shows it: its id (what acknowledging takes) and its kind in words. */
export const alertView = alert.extend({
  kindLabel: z.string().describe('Le type d’alerte, en toutes lettres.'),
});
export type AlertView = z.infer<typeof alertView>;

/** The badge: open alerts for the caller and, for a structure-admin, for the structure. */
export const alertCounts = z.object({
  mine: z.int().min(0).describe('Les alertes ouvertes qui vous sont adressées.'),
  structure: z
    .int()
    .min(0)
    .optional()
    .describe('Les alertes ouvertes de toute la structure (responsable seulement).'),
  escalated: z
    .int()
    .min(0)
    .optional()
    .describe(
      'Parmi elles, celles sans référent ou signalées au responsable après 7 jours (responsable seulement).',
    ),
});
export type AlertCounts = z.infer<typeof alertCounts>;

export const alertScopes = ['mine', 'structure'] as const;
export type AlertScope = (typeof alertScopes)[number];

export interface AlertFilter {
  scope: AlertScope;
  status: AlertStatus;
  limit: number;
  cursor?: string | undefined;
}

/** The view of an alert; its id is always the one its key gives, whatever was stored. */
export function viewOf(stored: Alert): AlertView {
  return { ...stored, id: alertId(stored), kindLabel: alertKinds[stored.kind] };
}

/** A référent reaches the alerts addressed to them; a structure-admin every alert of the structure. */
function reaches(actor: StructureActor, target: Alert): boolean {
  return actor.role === 'structure-admin' || target.recipientId === actor.userId;
}

/** The caller's alerts of one status (one Query): `structure` is for structure-admins only. */
export function makeListAlerts(deps: UseCaseDeps) {
  return async (actor: StructureActor, filter: AlertFilter): Promise<Page<AlertView>> => {
    if (filter.scope === 'structure' && actor.role !== 'structure-admin') {
      throw new ForbiddenError(
        'Seul un responsable de structure voit les alertes de toute la structure.',
      );
    }
    const page = await queryAlerts(
      deps,
      filter.scope === 'structure'
        ? { of: 'structure', tenantId: actor.tenantId }
        : { of: 'user', tenantId: actor.tenantId, userId: actor.userId },
      filter,
    );
    return { items: page.items.map(viewOf), cursor: page.cursor };
  };
}

/** The badge's numbers: one COUNT Query for a référent, two for a structure-admin. */
export function makeCountAlerts(deps: UseCaseDeps) {
  return async (actor: StructureActor): Promise<AlertCounts> => {
    const mine = countOpenAlerts(
      deps,
      { of: 'user', tenantId: actor.tenantId, userId: actor.userId },
      { alsoEscalated: false },
    );
    if (actor.role !== 'structure-admin') return { mine: (await mine).open };
    const structure = countOpenAlerts(
      deps,
      { of: 'structure', tenantId: actor.tenantId },
      { alsoEscalated: true },
    );
    const [own, all] = await Promise.all([mine, structure]);
    return { mine: own.open, structure: all.open, escalated: all.escalated };
  };
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
 * write, sent again by the SDK after a lost answer; a resolved alert is closed (409). An id that names no
 * alert of the caller's structure, or one not addressed to a référent, is 404.
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
