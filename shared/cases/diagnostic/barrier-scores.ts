/** The diagnostic's scores of each barrier domain, at entry, at renewal and at exit. */
import { enteredDate, id, longText } from '../../common/fields.ts';
import { z } from '../../common/zod.ts';
import type { Item } from '../../data/item.ts';
import { type ItemKey, tenantPrefix } from '../../data/keys.ts';
import { barrierDomains } from '../../measure/vocabulary.ts';
import { caseFilePrefix } from '../case.ts';

/** The version of the stored shape below; raised when a stored attribute changes meaning. */
const schemaVersion = 1;

export const barrierScoreStages = ['entry', 'renewal', 'exit'] as const;
export const barrierScores = z.strictObject({
  caseId: id,
  stage: z.enum(barrierScoreStages),
  scoredOn: enteredDate,
  scores: z.partialRecord(z.enum(barrierDomains.codes), z.int().min(0).max(3)),
  /** The diagnostic's notes: free text, sealed with the structure's key in the table. */
  notes: longText.optional(),
});
export type BarrierScores = z.infer<typeof barrierScores>;

export function barrierScoresKey(tenantId: string, caseId: string, stage: string): ItemKey {
  return { PK: tenantPrefix(tenantId), SK: `${caseFilePrefix(caseId)}#SCORES#${stage}` };
}

export function barrierScoresItem(tenantId: string, scores: BarrierScores): Item {
  return {
    ...barrierScoresKey(tenantId, scores.caseId, scores.stage),
    type: 'barrier-scores',
    schemaVersion,
    ...scores,
  };
}
