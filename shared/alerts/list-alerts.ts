import type { Page } from '../cases/case-store.ts';
import { ForbiddenError } from '../errors.ts';
import type { StructureActor, UseCaseDeps } from '../use-case.ts';
import { queryAlerts } from './alert-store.ts';
import { type AlertFilter, type AlertView, viewOf } from './alert-view.ts';

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
