/**
 * A prescriber files a referral: it works in its organisation's partition and reaches the
 * structure's only to file it, after checking the structure is in its territory.
 */
import { createHash } from 'node:crypto';
import { newId } from '../common/ids.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import { idempotencyRecordKey, orgPrefix, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import {
  checkIds,
  type PrescriberActor,
  parseOrRefuse,
  reaching,
  type UseCaseDeps,
} from '../use-case.ts';
import { refuseImplausibleBirthDate } from './person.ts';
import { inTerritory } from './reach.ts';
import { type Referral, referralItem } from './referral.ts';
import {
  followUpOf,
  type ReferralFollowUp,
  referralFollowUp,
  referralFollowUpItem,
} from './referral-follow-up.ts';
import { getStructureAndIdempotency } from './referral-store.ts';
import * as schemas from './schemas.ts';

/** What a prescriber sends to file a referral. */
export type ReferralInput = Pick<
  Referral,
  'person' | 'situation' | 'barriers' | 'specificPublics' | 'context' | 'reason'
> & { structureId: string; consent: true };

function requestHash(input: ReferralInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}

export interface FiledReferral {
  followUp: ReferralFollowUp;
  /** False when an earlier request with the same Idempotency-Key made it: nothing new was written. */
  created: boolean;
}

/**
 * Files a referral: the structure's copy (its inbox) and the organisation's follow-up in one
 * transaction, with the Idempotency-Key's record (per caller, per tenant) so a retry never makes two.
 */
export function makeFileReferral(deps: UseCaseDeps) {
  return async (
    actor: PrescriberActor,
    given: ReferralInput,
    idempotencyKey: string | undefined,
  ): Promise<FiledReferral> => {
    const input = parseOrRefuse(schemas.ReferralInput, given);
    checkIds({ structureId: input.structureId });
    const today = deps.now().toISOString().slice(0, 10);
    refuseImplausibleBirthDate(input.person.birthDate, today, 'person.birthDate');
    const tenant = tenantPrefix(input.structureId);
    return reaching([tenant], async () => {
      const hash = requestHash(input);
      const found = await getStructureAndIdempotency(
        deps,
        input.structureId,
        idempotencyKey === undefined ? undefined : { callerId: actor.userId, key: idempotencyKey },
      );
      if (found.idempotency !== undefined) {
        if (found.idempotency.requestHash !== hash) {
          throw new ValidationError([
            {
              name: 'Idempotency-Key',
              reason: 'cette clé a déjà servi pour une autre prescription',
            },
          ]);
        }
        // Written from a checked follow-up; checked again rather than trusted from storage.
        return { followUp: referralFollowUp.parse(found.idempotency.followUp), created: false };
      }
      const { structure } = found;
      if (structure === undefined) {
        throw new ValidationError([{ name: 'structureId', reason: 'structure inconnue' }]);
      }
      if (!inTerritory(actor, structure)) {
        throw new ValidationError([
          { name: 'structureId', reason: 'cette structure n’est pas dans votre territoire' },
        ]);
      }
      const now = deps.now();
      const at = now.toISOString();
      const referral: Referral = {
        id: newId(now),
        tenantId: structure.id,
        orgId: actor.orgId,
        prescriberId: actor.userId,
        status: 'submitted',
        submittedAt: at,
        timeZone: structure.timeZone,
        deadlines: structure.deadlines,
        person: input.person,
        situation: input.situation,
        barriers: input.barriers,
        specificPublics: input.specificPublics,
        context: input.context,
        reason: input.reason,
        consent: { recordedAt: at, recordedBy: actor.userId },
        version: 1,
      };
      const followUp = followUpOf(referral, structure.name, 1);
      const writes: Write[] = [
        { kind: 'create', item: referralItem(referral) },
        { kind: 'create', item: referralFollowUpItem(followUp) },
      ];
      if (idempotencyKey !== undefined) {
        writes.push({
          kind: 'create',
          item: {
            ...idempotencyRecordKey(structure.id, actor.userId, idempotencyKey),
            type: 'idempotency',
            requestHash: hash,
            followUp,
            [tableDefinition.ttlAttribute]:
              Math.floor(now.getTime() / 1000) + deps.settings.idempotencyHours * 3600,
          },
        });
      }
      try {
        // The reason is sealed with the structure's key on the way (write.ts): the prescriber's
        // session, tagged with that structure, may seal for it and never open.
        await reaching([orgPrefix(actor.orgId)], () =>
          writeTogether(deps.db, deps.tableName, writes, withTenantKeys(deps).tenantKeys),
        );
      } catch (error: unknown) {
        if (error instanceof WritesStoppedError) {
          throw new ConflictError(
            'Une requête avec la même clé d’idempotence est en cours : réessayez dans un instant.',
          );
        }
        throw error;
      }
      return { followUp, created: true };
    });
  };
}
