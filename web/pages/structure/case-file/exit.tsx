/** The exit: its date and outcome once recorded, or the form that records it and closes the case. */

import { exitOutcomes } from '../../../../shared/measure/vocabulary.ts';
import { type FieldLabels, PostForm, SelectField, TextField } from '../../../components/form.tsx';
import { Facts } from '../../../components/table.tsx';
import { formatDate } from '../../../format.ts';
import type { SectionProps } from './props.ts';

export const exitLabels = {
  date: 'Date de sortie',
  outcome: 'Issue',
} as const satisfies FieldLabels;

export function ExitSection({ viewer, file, form, action }: SectionProps) {
  const supportCase = file.supportCase;
  return (
    <section aria-labelledby="sortie-titre" id="sortie">
      <h2 id="sortie-titre">Sortie</h2>
      {supportCase.exit !== undefined ? (
        <Facts
          items={[
            ['Date de sortie', formatDate(supportCase.exit.date)],
            ['Issue', exitOutcomes.labels[supportCase.exit.outcome]],
          ]}
        />
      ) : (
        <PostForm
          form={form}
          action={action}
          csrf={viewer.csrf}
          labels={exitLabels}
          version={supportCase.version}
          submit="Enregistrer la sortie"
          secondary
        >
          <TextField
            form={form}
            name="date"
            label={exitLabels.date}
            type="date"
            size="medium"
            required
          />
          <SelectField
            form={form}
            name="outcome"
            label={exitLabels.outcome}
            options={exitOutcomes.labels}
            placeholder="Choisir l’issue"
            required
          />
        </PostForm>
      )}
    </section>
  );
}
