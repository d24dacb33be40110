/** The diagnostic of barriers: the scores by stage, their notes, and the form for the next stage. */

import { barrierScoreStages } from '../../../../shared/cases/diagnostic/barrier-scores.ts';
import { barrierDomains } from '../../../../shared/measure/vocabulary.ts';
import {
  ChoiceGroup,
  type FieldLabels,
  PostForm,
  SelectField,
  TextArea,
  TextField,
} from '../../../components/form.tsx';
import { DataTable } from '../../../components/table.tsx';
import { formatDate } from '../../../format.ts';
import type { SectionProps } from './props.ts';

export const stageLabels = {
  entry: 'À l’entrée',
  renewal: 'Au renouvellement',
  exit: 'À la sortie',
} as const;

const scoreOptions = [
  ['0', '0 – pas de frein'],
  ['1', '1 – frein léger'],
  ['2', '2 – frein important'],
  ['3', '3 – frein majeur'],
] as const;

export const diagnosticLabels = {
  stage: 'Étape',
  scoredOn: 'Date de l’évaluation',
  scores: 'Évaluation des freins',
  notes: 'Notes du diagnostic (chiffrées)',
  ...Object.fromEntries(
    barrierDomains.codes.map((code) => [`scores.${code}`, barrierDomains.labels[code]]),
  ),
} satisfies FieldLabels;

export function DiagnosticSection({ viewer, file, form, action }: SectionProps) {
  const stages = barrierScoreStages.filter((stage) =>
    file.barrierScores.some((scores) => scores.stage === stage),
  );
  const exited = file.supportCase.phase === 'exited';
  return (
    <section aria-labelledby="freins-titre" id="freins">
      <h2 id="freins-titre">Diagnostic et freins</h2>
      <p class="muted">
        De 0 (pas de frein) à 3 (frein majeur), à l’entrée, au renouvellement et à la sortie.
      </p>
      {stages.length === 0 ? (
        <p class="empty">Aucun diagnostic enregistré.</p>
      ) : (
        <DataTable
          id="freins-tableau"
          caption="Évaluation des freins par étape"
          columns={[
            {
              header: 'Frein',
              cell: (code: (typeof barrierDomains.codes)[number]) => barrierDomains.labels[code],
            },
            ...stages.map((stage) => ({
              header: `${stageLabels[stage]} (${formatDate(file.barrierScores.find((scores) => scores.stage === stage)?.scoredOn)})`,
              numeric: true,
              cell: (code: (typeof barrierDomains.codes)[number]) => {
                const score = file.barrierScores.find((scores) => scores.stage === stage)?.scores[
                  code
                ];
                return score === undefined ? '—' : String(score);
              },
            })),
          ]}
          rows={barrierDomains.codes}
          empty=""
        />
      )}
      {stages.map((stage) => {
        const notes = file.barrierScores.find((scores) => scores.stage === stage)?.notes;
        return notes === undefined ? null : (
          <>
            <h3>Notes du diagnostic : {stageLabels[stage].toLowerCase()}</h3>
            <p class="text-block">{notes}</p>
          </>
        );
      })}
      {!exited && stages.length < barrierScoreStages.length && (
        <details open={form.errors.length > 0}>
          <summary>Enregistrer une évaluation</summary>
          <PostForm
            form={form}
            action={action}
            csrf={viewer.csrf}
            labels={diagnosticLabels}
            version={file.supportCase.version}
            submit="Enregistrer le diagnostic"
          >
            <ChoiceGroup
              form={form}
              name="stage"
              legend={diagnosticLabels.stage}
              type="radio"
              inline
              required
              options={barrierScoreStages
                .filter((stage) => !stages.includes(stage))
                // The renewal's scoring follows a renewal request.
                .filter((stage) => stage !== 'renewal' || file.supportCase.renewal !== undefined)
                .map((stage) => [stage, stageLabels[stage]] as const)}
            />
            <TextField
              form={form}
              name="scoredOn"
              label={diagnosticLabels.scoredOn}
              type="date"
              size="medium"
              required
            />
            <fieldset class="group" id={`${form.id}-scores`}>
              <legend>{diagnosticLabels.scores}</legend>
              <p class="hint">
                Laissez « non évalué » les domaines sans objet ; au moins un domaine est noté.
              </p>
              <div class="columns">
                {barrierDomains.codes.map((code) => (
                  <SelectField
                    form={form}
                    name={`scores.${code}`}
                    label={barrierDomains.labels[code]}
                    options={scoreOptions}
                    placeholder="Non évalué"
                    optionalMark={false}
                  />
                ))}
              </div>
            </fieldset>
            <TextArea
              form={form}
              name="notes"
              label={diagnosticLabels.notes}
              hint="Partagées avec l’équipe de la structure ; chiffrées avec la clé de la structure avant d’être enregistrées. 4 000 caractères au plus."
              rows={4}
            />
          </PostForm>
        </details>
      )}
    </section>
  );
}
