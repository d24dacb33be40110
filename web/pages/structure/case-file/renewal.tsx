/** The renewal: the référent's request during the first period, the structure-admin's decision. */

import {
  ChoiceGroup,
  type FieldLabels,
  type FormState,
  PostForm,
  TextArea,
} from '../../../components/form.tsx';
import { Facts } from '../../../components/table.tsx';
import { formatDate } from '../../../format.ts';
import { memberName } from '../names.ts';
import type { CaseFilePageProps } from './props.ts';

export const renewalLabels = { justification: 'Justification' } as const satisfies FieldLabels;
export const decisionLabels = { grant: 'Décision', reason: 'Motif' } as const satisfies FieldLabels;

export function RenewalSection({
  viewer,
  file,
  team,
  request,
  decision,
  requestAction,
  decisionAction,
}: CaseFilePageProps & {
  request: FormState;
  decision: FormState;
  requestAction: string;
  decisionAction: string;
}) {
  const { renewal, phase, version } = file.supportCase;
  const admin = viewer.principal.role === 'structure-admin';
  const statusLabel = { requested: 'Demandé', granted: 'Accordé', denied: 'Refusé' } as const;
  return (
    <section aria-labelledby="renouvellement-titre" id="renouvellement">
      <h2 id="renouvellement-titre">Renouvellement</h2>
      {renewal !== undefined && (
        <Facts
          items={[
            ['Statut', statusLabel[renewal.status]],
            ['Demandé par', memberName(viewer, team, renewal.requestedBy)],
            ['Justification', <span class="text-block">{renewal.justification}</span>],
            ...(renewal.decisionReason === undefined
              ? []
              : ([
                  [
                    'Motif de la décision',
                    <span class="text-block">{renewal.decisionReason}</span>,
                  ],
                ] as const)),
            ...(renewal.period2EndsOn === undefined
              ? []
              : ([['Fin de la seconde période', formatDate(renewal.period2EndsOn)]] as const)),
          ]}
        />
      )}
      {renewal === undefined && phase === 'period-1' && (
        <PostForm
          form={request}
          action={requestAction}
          csrf={viewer.csrf}
          labels={renewalLabels}
          version={version}
          submit="Demander le renouvellement"
        >
          <TextArea
            form={request}
            name="justification"
            label={renewalLabels.justification}
            hint="Pourquoi six mois de plus : ce qui a avancé, ce qui reste à faire."
            required
          />
        </PostForm>
      )}
      {renewal?.status === 'requested' && admin && (
        <PostForm
          form={decision}
          action={decisionAction}
          csrf={viewer.csrf}
          labels={decisionLabels}
          version={version}
          submit="Enregistrer la décision"
        >
          <ChoiceGroup
            form={decision}
            name="grant"
            legend={decisionLabels.grant}
            type="radio"
            inline
            required
            options={[
              ['oui', 'Accorder le renouvellement'],
              ['non', 'Refuser le renouvellement'],
            ]}
          />
          <TextArea form={decision} name="reason" label={decisionLabels.reason} required />
        </PostForm>
      )}
      {renewal === undefined && phase !== 'period-1' && (
        <p class="empty">
          {phase === 'intake'
            ? 'Le renouvellement se demande pendant la première période, une fois le contrat signé.'
            : 'Aucun renouvellement.'}
        </p>
      )}
    </section>
  );
}
