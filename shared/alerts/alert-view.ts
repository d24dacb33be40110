/**
 * The alerts the morning sweep raised, as their readers see them: a référent the alerts
 * addressed to them, a structure-admin every alert of the structure.
 */
import { z } from '../common/zod.ts';
import { alertKinds } from '../deadlines/deadline-rules.ts';
import { type Alert, alert } from './alert.ts';
import { alertId } from './alert-id.ts';
import type { AlertStatus } from './alert-store.ts';

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
