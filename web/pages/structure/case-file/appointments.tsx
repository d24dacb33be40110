/** The appointments: the past and coming ones with their attendance, and the form that plans one. */

import type { Appointment } from '../../../../shared/cases/appointments/appointment.ts';
import { attendances, contactKinds } from '../../../../shared/measure/vocabulary.ts';
import {
  type FieldLabels,
  formState,
  PostForm,
  SelectField,
  TextField,
} from '../../../components/form.tsx';
import { type Column, DataTable } from '../../../components/table.tsx';
import { formatDateTime, formatMinutes } from '../../../format.ts';
import type { SectionProps } from './props.ts';

export const appointmentLabels = {
  at: 'Date du rendez-vous',
  atTime: 'Heure',
  durationMinutes: 'Durée en minutes',
  kind: 'Type de rendez-vous',
} as const satisfies FieldLabels;

export const attendanceLabels = { attendance: 'Présence' } as const satisfies FieldLabels;

export function AppointmentsSection({ viewer, file, form, action, refused }: SectionProps) {
  const { timeZone, version, phase } = file.supportCase;
  const appointments = [...file.appointments].sort((a, b) => b.at.localeCompare(a.at));
  const now = Date.now();
  const attendanceForm = (appointment: Appointment) => {
    const state =
      refused?.form === 'presence' && refused.appointmentId === appointment.id
        ? formState(`presence-${appointment.id}`, refused.values, refused.errors)
        : formState(`presence-${appointment.id}`);
    return (
      <PostForm
        form={state}
        action={`/structure/dossiers/${file.supportCase.id}/rendez-vous/${appointment.id}/presence`}
        csrf={viewer.csrf}
        labels={attendanceLabels}
        version={version}
        submit="Noter"
        secondary
      >
        <SelectField
          form={state}
          name="attendance"
          label={attendanceLabels.attendance}
          options={attendances.labels}
          placeholder="Choisir"
          required
        />
      </PostForm>
    );
  };
  const columns: Column<Appointment>[] = [
    { header: 'Date et heure', cell: (row) => formatDateTime(row.at, timeZone) },
    { header: 'Type', cell: (row) => contactKinds.labels[row.kind] },
    { header: 'Durée', numeric: true, cell: (row) => formatMinutes(row.durationMinutes) },
    {
      header: 'Présence',
      cell: (row) =>
        row.attendance !== undefined
          ? attendances.labels[row.attendance]
          : Date.parse(row.at) <= now && phase !== 'exited'
            ? attendanceForm(row)
            : 'À venir',
    },
  ];
  return (
    <section aria-labelledby="rendez-vous-titre" id="rendez-vous">
      <h2 id="rendez-vous-titre">Rendez-vous</h2>
      <DataTable
        id="rendez-vous-tableau"
        caption="Rendez-vous, les plus récents d’abord"
        columns={columns}
        rows={appointments}
        empty="Aucun rendez-vous."
      />
      {phase !== 'exited' && (
        <details open={form.errors.length > 0}>
          <summary>Planifier un rendez-vous</summary>
          <PostForm
            form={form}
            action={action}
            csrf={viewer.csrf}
            labels={appointmentLabels}
            version={version}
            submit="Planifier"
          >
            <input type="hidden" name="timeZone" value={timeZone} />
            <div class="columns">
              <TextField form={form} name="at" label={appointmentLabels.at} type="date" required />
              <TextField
                form={form}
                name="atTime"
                label={appointmentLabels.atTime}
                type="time"
                hint="Par exemple 09:30."
                required
              />
              <TextField
                form={form}
                name="durationMinutes"
                label={appointmentLabels.durationMinutes}
                type="number"
                inputmode="numeric"
                min="5"
                max="600"
                required
              />
              <SelectField
                form={form}
                name="kind"
                label={appointmentLabels.kind}
                options={contactKinds.labels}
                required
              />
            </div>
          </PostForm>
        </details>
      )}
    </section>
  );
}
