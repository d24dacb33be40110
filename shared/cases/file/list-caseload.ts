import { addDays, dateIn } from '../../common/dates.ts';
import type { StructureActor, UseCaseDeps } from '../../use-case.ts';
import * as rules from '../case-rules.ts';
import { type CaseFilter, listCases } from '../case-store.ts';

/** A référent's caseload (a structure-admin's: any référent's, or the structure's), by phase. */
export function makeListCaseload(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    filter: Omit<CaseFilter, 'referentId'> & {
      referentId?: string | undefined;
      /** Only cases whose current period ends within this many days (or has already ended). */
      dueWithinDays?: number | undefined;
    },
  ) => {
    // A référent sees their own caseload whatever they ask; an admin may look at one référent's.
    const referentId = actor.role === 'referent' ? actor.userId : filter.referentId;
    const page = await listCases(deps, actor.tenantId, { ...filter, referentId });
    const { dueWithinDays } = filter;
    if (dueWithinDays === undefined) return page;
    // Filtered here rather than in DynamoDB: "today" is the structure's, from the case's time zone.
    return {
      ...page,
      items: page.items.filter((supportCase) => {
        const endsOn = rules.supportEndsOn(supportCase);
        return (
          supportCase.phase !== 'exited' &&
          endsOn !== undefined &&
          endsOn <= addDays(dateIn(supportCase.timeZone, deps.now()), dueWithinDays)
        );
      }),
    };
  };
}
