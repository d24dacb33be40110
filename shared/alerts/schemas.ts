/** The payloads of alerts. */
import { alert } from './alert.ts';

/** The alert as a case file shows it: its own copy of the entity schema, which the API names. */
export const Alert = alert.clone();
