import { dateIn } from '../../common/dates.ts';
import { newId } from '../../common/ids.ts';
import { ConflictError } from '../../errors.ts';
import { checkIds, parseOrRefuse, type StructureActor, type UseCaseDeps } from '../../use-case.ts';
import { changeCase } from '../case-command.ts';
import * as rules from '../case-rules.ts';
import * as schemas from '../schemas.ts';
import type { Appointment } from './appointment.ts';
import { appointmentItem } from './appointment.ts';

/** An appointment with the person, in the case file until the case closes. */
export function makePlanAppointment(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    caseId: string,
    version: number,
    given: { at: string; durationMinutes: number; kind: Appointment['kind'] },
  ) => {
    checkIds({ caseId });
    const input = parseOrRefuse(schemas.AppointmentInput, given);
    const appointment: Appointment = {
      ...input,
      id: newId(deps.now()),
      caseId,
      plannedBy: actor.userId,
    };
    const saved = await changeCase(deps, actor, caseId, version, 'write:appointment', (current) => {
      if (current.phase === 'exited') {
        throw new ConflictError(
          'Le dossier est clos : on ne peut plus y planifier de rendez-vous.',
        );
      }
      rules.refuseBeforeReferral(current, dateIn(current.timeZone, new Date(input.at)), 'at');
      return { next: current, creates: [appointmentItem(actor.tenantId, appointment)] };
    });
    return { supportCase: saved, appointment };
  };
}
