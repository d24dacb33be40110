/** The thresholds of the deadlines a structure is told about; each structure may change them. */

import { z } from '../common/zod.ts';

export const deadlineSettings = z.strictObject({
  renewalDecisionDaysBefore: z.int().min(1).max(90),
  periodEndingDaysBefore: z.int().min(1).max(30),
  referralUnansweredDays: z.int().min(1).max(30),
  referralExpiryDays: z.int().min(1).max(90),
  silenceDays: z.int().min(1).max(60),
  noContractDays: z.int().min(1).max(90),
  followUpMonthsAfterExit: z.int().min(1).max(24),
});
export type DeadlineSettings = z.infer<typeof deadlineSettings>;

/** The thresholds of the design page; each structure may change them. */
export const defaultDeadlineSettings: DeadlineSettings = {
  renewalDecisionDaysBefore: 30,
  periodEndingDaysBefore: 7,
  referralUnansweredDays: 10,
  referralExpiryDays: 30,
  silenceDays: 14,
  noContractDays: 30,
  followUpMonthsAfterExit: 6,
};
