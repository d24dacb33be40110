import { CaseClosedError, ConflictError } from '../../errors.ts';
import { checkIds, notFound, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import type { Appointment } from './appointment.ts';
import { appointmentItem } from './appointment.ts';

/** Whether the person came to an appointment, once it has passed. */
export function makeRecordAttendance(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    appointmentId: string,
    attendance: NonNullable<Appointment['attendance']>,
  ) => {
    checkIds({ caseId, appointmentId });
    let recorded: Appointment | undefined;
    const saved = await changeCase(
      deps,
      actor,
      caseId,
      version,
      'write:attendance',
      (current, _today, file) => {
        const planned = file.appointments.find((appointment) => appointment.id === appointmentId);
        if (planned === undefined) throw notFound('Rendez-vous');
        if (current.phase === 'exited') {
          throw new CaseClosedError('Le dossier est clos : la présence ne se note plus.');
        }
        const now = deps.now();
        if (Date.parse(planned.at) > now.getTime()) {
          throw new ConflictError('La présence se note une fois le rendez-vous passé.');
        }
        recorded = { ...planned, attendance, attendanceRecordedAt: now.toISOString() };
        return { next: current, replaces: [appointmentItem(actor.tenantId, recorded)] };
      },
    );
    if (recorded === undefined) throw new Error('attendance was not recorded');
    return { supportCase: saved, appointment: recorded };
  };
}
