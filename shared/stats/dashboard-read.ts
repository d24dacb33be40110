/**
 * The dashboards' read side: a funder's territory (its region, each département, each structure)
 * and a structure-admin's own structure, for a month or a year.
 */
import type { Principal } from '../auth/principal.ts';
import type { Dashboard } from './dashboard.ts';

export type FunderActor = Extract<Principal, { role: 'funder' }>;

export interface DashboardRead {
  dashboard: Dashboard;
  /** Items DynamoDB returned: what the benchmark watches. */
  itemsRead: number;
}
