/** The payloads of a referral: what a prescriber sends and follows, what a structure receives and answers. */

import { id } from '../common/fields.ts';
import { cursor, limit, pageOf, text } from '../common/schemas.ts';
import { z } from '../common/zod.ts';
import {
  barrierDomains,
  declineReasons,
  mobilisationContexts,
  referralStatuses,
  specificPublics,
  structureKinds,
} from '../measure/vocabulary.ts';
import { person, situation } from './person.ts';
import { referral } from './referral.ts';
import { referralFollowUp } from './referral-follow-up.ts';

export const ReferralInput = z.strictObject({
  structureId: id,
  person,
  situation,
  barriers: z.array(z.enum(barrierDomains.codes)).max(barrierDomains.codes.length),
  specificPublics: z.array(z.enum(specificPublics.codes)).max(specificPublics.codes.length),
  context: z.enum(mobilisationContexts.codes),
  reason: text(4_000),
  consent: z.literal(true, 'le consentement de la personne doit être recueilli'),
});

/**
 * The answers' own copies of the entity schemas (`.clone()`): the API names these in its
 * document, while the entity stays written out where other answers nest it.
 */
export const FollowUp = referralFollowUp.clone();
export const FollowUpPage = pageOf(FollowUp);
export const FollowUpQuery = z.strictObject({
  status: z.enum(referralStatuses.codes).optional(),
  limit,
  cursor,
});

export const DirectoryEntry = z.object({
  id,
  name: z.string(),
  kind: z.enum(structureKinds.codes),
  territory: z.object({ region: z.string(), departement: z.string() }),
  capacity: z.int(),
  freePlaces: z.int(),
});

export const Referral = referral.clone();
export const ReferralPage = pageOf(Referral);
export const InboxQuery = z.strictObject({
  status: z.enum(referralStatuses.codes).default('submitted'),
  limit,
  cursor,
});
export const AcceptInput = z.strictObject({ referentId: id });
export const AcceptResult = z.object({ referral: Referral, caseId: id });
export const DeclineInput = z.strictObject({
  reason: z.enum(declineReasons.codes),
  text: text(2_000),
});
