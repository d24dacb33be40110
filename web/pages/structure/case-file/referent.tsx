/** The reassignment of the case to another référent: for the structure-admin, while the case is open. */

import { type FieldLabels, PostForm, SelectField } from '../../../components/form.tsx';
import { referentOptions } from '../names.ts';
import type { SectionProps } from './props.ts';

export const reassignLabels = { referentId: 'Nouveau référent' } as const satisfies FieldLabels;

export function ReferentSection({ viewer, file, team, form, action }: SectionProps) {
  const supportCase = file.supportCase;
  const admin = viewer.principal.role === 'structure-admin';
  if (!admin || supportCase.phase === 'exited' || team === undefined) return null;
  return (
    <section aria-labelledby="referent-titre" id="referent">
      <h2 id="referent-titre">Confier le dossier à un autre référent</h2>
      <PostForm
        form={form}
        action={action}
        csrf={viewer.csrf}
        labels={reassignLabels}
        version={supportCase.version}
        submit="Changer de référent"
        secondary
      >
        <SelectField
          form={form}
          name="referentId"
          label={reassignLabels.referentId}
          options={referentOptions(viewer, team).filter(([id]) => id !== supportCase.referentId)}
          placeholder="Choisir"
          required
        />
      </PostForm>
    </section>
  );
}
