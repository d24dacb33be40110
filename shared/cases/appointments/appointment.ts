/** An appointment planned with the person, and whether they came. */
import { enteredDateTime, id, isoDateTime } from '../../common/fields.ts';
import { z } from '../../common/zod.ts';
import type { Item } from '../../data/item.ts';
import { type ItemKey, tenantPrefix } from '../../data/keys.ts';
import { attendances, contactKinds } from '../../measure/vocabulary.ts';
import { caseFilePrefix } from '../case.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const appointment = z.strictObject({
  id,
  caseId: id,
  /** When it is planned, as an instant; shown in the structure's time zone. */
  at: enteredDateTime,
  durationMinutes: z.int().min(5).max(600),
  kind: z.enum(contactKinds.codes),
  plannedBy: id,
  attendance: z.enum(attendances.codes).optional(),
  attendanceRecordedAt: isoDateTime.optional(),
});
export type Appointment = z.infer<typeof appointment>;

export function appointmentKey(tenantId: string, caseId: string, appointmentId: string): ItemKey {
  return {
    PK: tenantPrefix(tenantId),
    SK: `${caseFilePrefix(caseId)}#APPOINTMENT#${appointmentId}`,
  };
}

export function appointmentItem(tenantId: string, appointment: Appointment): Item {
  return {
    ...appointmentKey(tenantId, appointment.caseId, appointment.id),
    type: 'appointment',
    schemaVersion,
    ...appointment,
  };
}
