import type { StructureActor, UseCaseDeps } from '../use-case.ts';
import { countOpenAlerts } from './alert-store.ts';
import type { AlertCounts } from './alert-view.ts';

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
