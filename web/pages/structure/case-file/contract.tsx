/** The support contract: what was signed, or the form that signs it and starts the first period. */

import { type FieldLabels, PostForm, TextArea, TextField } from '../../../components/form.tsx';
import { Facts } from '../../../components/table.tsx';
import { formatDate } from '../../../format.ts';
import type { SectionProps } from './props.ts';

export const contractLabels = {
  signedOn: 'Date de signature',
  objectives: 'Objectifs',
  personCommitments: 'Engagements de la personne',
  structureCommitments: 'Engagements de la structure',
} as const satisfies FieldLabels;

export function ContractSection({ viewer, file, form, action }: SectionProps) {
  const { contract, phase, version } = file.supportCase;
  return (
    <section aria-labelledby="contrat-titre" id="contrat">
      <h2 id="contrat-titre">Contrat d’accompagnement</h2>
      {contract !== undefined ? (
        <>
          <Facts
            items={[
              ['Signé le', formatDate(contract.signedOn)],
              ['Fin de la première période', formatDate(contract.period1EndsOn)],
            ]}
          />
          <h3>Objectifs</h3>
          <ul>
            {contract.objectives.map((objective) => (
              <li>{objective}</li>
            ))}
          </ul>
          <h3>Engagements de la personne</h3>
          <p class="text-block">{contract.personCommitments}</p>
          <h3>Engagements de la structure</h3>
          <p class="text-block">{contract.structureCommitments}</p>
        </>
      ) : phase === 'exited' ? (
        <p class="empty">Aucun contrat n’a été signé.</p>
      ) : (
        <>
          <p>
            Le contrat n’est pas encore signé. La première période de six mois commence à la
            signature.
          </p>
          <PostForm
            form={form}
            action={action}
            csrf={viewer.csrf}
            labels={contractLabels}
            version={version}
            submit="Signer le contrat"
          >
            <TextField
              form={form}
              name="signedOn"
              label={contractLabels.signedOn}
              type="date"
              size="medium"
              required
            />
            <TextArea
              form={form}
              name="objectives"
              label={contractLabels.objectives}
              hint="Un objectif par ligne (10 au plus)."
              rows={4}
              required
            />
            <TextArea
              form={form}
              name="personCommitments"
              label={contractLabels.personCommitments}
              required
            />
            <TextArea
              form={form}
              name="structureCommitments"
              label={contractLabels.structureCommitments}
              required
            />
          </PostForm>
        </>
      )}
    </section>
  );
}
