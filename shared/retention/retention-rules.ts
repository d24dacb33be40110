/**
 * When a person's data is erased (CNIL's 2023 retention référentiel for social support): a closed
 * case two years after the last contact with the person, a referral that never became a case
 * six months after its answer, withdrawal or expiry. The periods are platform settings; these
 * rules say from which day they run and when they have run out.
 */

import { addDays, addMonths } from '../common/dates.ts';
import type { CaseTimeline } from '../deadlines/deadline-rules.ts';
import type { ReferralStatus } from '../measure/vocabulary.ts';

/** The referral statuses that end without a case: erased on their own, after their period. */
export const unfollowedStatuses: readonly ReferralStatus[] = ['declined', 'withdrawn', 'expired'];

/**
 * The day a closed case's retention runs from: its last contact, or its exit when that came
 * later (or there was no contact). Undefined while the case is open.
 */
export function caseRetentionStart(
  supportCase: Pick<CaseTimeline, 'phase' | 'exit' | 'lastContactOn'>,
): string | undefined {
  if (supportCase.phase !== 'exited' || supportCase.exit === undefined) return undefined;
  const { lastContactOn } = supportCase;
  const exitedOn = supportCase.exit.date;
  return lastContactOn !== undefined && lastContactOn > exitedOn ? lastContactOn : exitedOn;
}

/**
 * The day a referral's retention runs from: the (UTC) day of its answer, withdrawal or expiry,
 * once it is declined, withdrawn or expired. Undefined otherwise (an accepted referral lives
 * and goes with its case).
 */
export function referralRetentionStart(
  status: ReferralStatus,
  answeredAt: string | undefined,
): string | undefined {
  if (!unfollowedStatuses.includes(status) || answeredAt === undefined) return undefined;
  return answeredAt.slice(0, 10);
}

/**
 * The last start day whose period of `months` has run out on `today`: more than `months` months
 * ago. A case closed 2 years and 1 day ago is due; 2 years ago to the day, not yet.
 */
export function lastDueStart(today: string, months: number): string {
  return addDays(addMonths(today, -months), -1);
}

/** Whether a period of `months` that started on `since` has run out on `today`. */
export function retentionOver(since: string, months: number, today: string): boolean {
  return since <= lastDueStart(today, months);
}

/** The first day on which data whose period of `months` started on `since` is erased. */
export function purgeOn(since: string, months: number): string {
  return addDays(addMonths(since, months), 1);
}
