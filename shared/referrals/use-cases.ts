/**
 * Referrals, from the prescriber who files and follows them and from the structure that answers
 * them. The prescriber works in its organisation's partition and reaches a structure's only to
 * file (after checking the structure is in its territory) or withdraw what it filed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { alertItem } from '../alerts/alert.ts';
import { caseItem } from '../cases/case.ts';
import { accessLogItem } from '../cases/file/access-log.ts';
import { referentCheck } from '../cases/use-cases.ts';
import { newId } from '../common/ids.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import { idempotencyRecordKey, orgPrefix, tenantPrefix } from '../data/keys.ts';
import { tableDefinition } from '../data/table.ts';
import { type Write, WritesStoppedError, writeTogether } from '../data/write.ts';
import {
  ConflictError,
  ForbiddenError,
  PreconditionFailedError,
  ReferralAnsweredError,
  ValidationError,
} from '../errors.ts';
import { type Structure, structureKey } from '../organisations/structure.ts';
import {
  notFound,
  type PrescriberActor,
  reaching,
  type StructureActor,
  type UseCaseDeps,
} from '../use-case.ts';
import { refuseImplausibleBirthDate } from './person.ts';
import {
  inboxIndexKeys,
  type Referral,
  referralItem,
  referralKey,
  referralPurgeKeys,
} from './referral.ts';
import {
  followUpOf,
  type ReferralFollowUp,
  referralFollowUp,
  referralFollowUpItem,
  referralFollowUpKey,
} from './referral-follow-up.ts';
import { acceptReferral, declineReferral } from './referral-rules.ts';
import {
  getFollowUp,
  getReferral,
  getReferralWithAlerts,
  getStructureAndIdempotency,
  listDirectory,
  listFollowUps,
  listInbox,
} from './referral-store.ts';

/** What a prescriber sends to file a referral. */
export type ReferralInput = Pick<
  Referral,
  'person' | 'situation' | 'barriers' | 'specificPublics' | 'context' | 'reason'
> & { structureId: string; consent: true };

function inTerritory(actor: PrescriberActor, structure: Structure): boolean {
  return (
    structure.territory.region === actor.region &&
    (actor.departements.length === 0 ||
      actor.departements.includes(structure.territory.departement))
  );
}

export interface DirectoryEntry {
  id: string;
  name: string;
  kind: Structure['kind'];
  territory: Structure['territory'];
  capacity: number;
  freePlaces: number;
}

/** The structures of the prescriber's territory, with their free places (one Query). */
export function makeListDirectory(deps: UseCaseDeps) {
  return async (actor: PrescriberActor): Promise<DirectoryEntry[]> => {
    const only = actor.departements.length === 1 ? actor.departements[0] : undefined;
    const structures = await listDirectory(deps, actor.region, only);
    return structures
      .filter((structure) => inTerritory(actor, structure))
      .map((structure) => ({
        id: structure.id,
        name: structure.name,
        kind: structure.kind,
        territory: structure.territory,
        capacity: structure.capacity,
        freePlaces: Math.max(0, structure.capacity - structure.activeCases),
      }));
  };
}

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
    input: ReferralInput,
    idempotencyKey: string | undefined,
  ): Promise<FiledReferral> => {
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

export function makeListFollowUps(deps: UseCaseDeps) {
  return (
    actor: PrescriberActor,
    filter: { status?: Referral['status'] | undefined; limit: number; cursor?: string | undefined },
  ) => listFollowUps(deps, actor.orgId, filter);
}

export function makeGetFollowUp(deps: UseCaseDeps) {
  return async (actor: PrescriberActor, referralId: string) => {
    const followUp = await getFollowUp(deps, actor.orgId, referralId);
    if (followUp === undefined) throw notFound('Prescription');
    return followUp;
  };
}

/** The prescriber takes back a referral the structure has not answered (If-Match on its follow-up). */
export function makeWithdrawReferral(deps: UseCaseDeps) {
  return async (actor: PrescriberActor, referralId: string, version: number) => {
    const followUp = await getFollowUp(deps, actor.orgId, referralId);
    if (followUp === undefined) throw notFound('Prescription');
    if (followUp.version !== version) {
      throw new PreconditionFailedError(
        `La prescription a changé depuis votre lecture (version ${followUp.version}).`,
      );
    }
    if (followUp.status !== 'submitted') {
      throw new ReferralAnsweredError(
        'Cette prescription a déjà reçu une réponse : elle ne peut plus être retirée.',
      );
    }
    const at = deps.now().toISOString();
    const withdrawn: ReferralFollowUp = {
      ...followUp,
      status: 'withdrawn',
      answeredAt: at,
      version: version + 1,
    };
    const inbox = inboxIndexKeys(followUp.tenantId, 'withdrawn', followUp.submittedAt, followUp.id);
    try {
      await reaching([tenantPrefix(followUp.tenantId)], () =>
        writeTogether(deps.db, deps.tableName, [
          { kind: 'replace', item: referralFollowUpItem(withdrawn), expectedVersion: version },
          {
            kind: 'set',
            key: referralKey(followUp.tenantId, followUp.id),
            values: {
              status: 'withdrawn',
              answeredAt: at,
              ...inbox,
              // Retention erases it six months on.
              ...referralPurgeKeys({ ...followUp, status: 'withdrawn', answeredAt: at }),
            },
            bumpVersion: true,
            // Nothing is due any more: the referral leaves the due-date index.
            remove: [
              tableDefinition.indexes.byDueDate.partitionKey,
              tableDefinition.indexes.byDueDate.sortKey,
            ],
          },
        ]),
      );
    } catch (error: unknown) {
      if (error instanceof WritesStoppedError) {
        throw new PreconditionFailedError('La prescription a changé entre-temps : rechargez-la.');
      }
      throw error;
    }
    return withdrawn;
  };
}

/**
 * A référent sees the referrals still waiting for an answer (the team decides together); once
 * answered, a referral's person is followed in the case file, by its own référent only. A
 * structure-admin sees every status.
 */
function seesStatus(actor: StructureActor, status: Referral['status']): boolean {
  return actor.role === 'structure-admin' || status === 'submitted';
}

export function makeListInbox(deps: UseCaseDeps) {
  return async (
    actor: StructureActor,
    status: Referral['status'],
    limit: number,
    cursor: string | undefined,
  ) => {
    if (!seesStatus(actor, status)) {
      throw new ForbiddenError(
        'Un référent voit les prescriptions en attente ; les autres sont dans ses dossiers.',
      );
    }
    return listInbox(withTenantKeys(deps), actor.tenantId, status, limit, cursor);
  };
}

export function makeGetInboxReferral(deps: UseCaseDeps) {
  return async (actor: StructureActor, referralId: string) => {
    const found = await getReferral(withTenantKeys(deps), actor.tenantId, referralId);
    if (found === undefined || !seesStatus(actor, found.status)) throw notFound('Prescription');
    return found;
  };
}

interface Answer {
  referral: Referral;
  extra: Write[];
  failedCheck?: string;
}

async function answerReferral(
  deps: UseCaseDeps,
  actor: StructureActor,
  referralId: string,
  version: number,
  decide: (current: Referral, at: string) => Answer,
): Promise<Referral> {
  const data = withTenantKeys(deps);
  const found = await getReferralWithAlerts(data, actor.tenantId, referralId);
  if (found === undefined) throw notFound('Prescription');
  const current = found.referral;
  if (current.version !== version) {
    throw new PreconditionFailedError(
      `La prescription a changé depuis votre lecture (version ${current.version}).`,
    );
  }
  const answer = decide(current, deps.now().toISOString());
  const saved: Referral = { ...answer.referral, version: version + 1 };
  const writes: Write[] = [
    { kind: 'replace', item: referralItem(saved), expectedVersion: version },
    {
      kind: 'set',
      key: referralFollowUpKey(saved.orgId, saved.id),
      values: {
        status: saved.status,
        answeredAt: saved.answeredAt ?? deps.now().toISOString(),
        ...(saved.decline === undefined ? {} : { declineReason: saved.decline.reason }),
      },
      bumpVersion: true,
    },
    ...answer.extra,
    // An answer takes away the cause of every alert about the referral.
    ...found.alerts
      .filter((raised) => raised.status !== 'resolved')
      .map(
        (raised): Write => ({
          kind: 'put',
          item: alertItem({
            ...raised,
            status: 'resolved',
            resolvedAt: saved.answeredAt ?? deps.now().toISOString(),
          }),
        }),
      ),
  ];
  try {
    // The referral is written whole again: its reason (and decline text) sealed anew.
    await reaching([orgPrefix(saved.orgId)], () =>
      writeTogether(deps.db, deps.tableName, writes, data.tenantKeys),
    );
  } catch (error: unknown) {
    if (!(error instanceof WritesStoppedError)) throw error;
    if (
      answer.failedCheck !== undefined &&
      error.stopped.some((index) => writes[index]?.kind === 'check')
    ) {
      throw new ValidationError([{ name: 'referentId', reason: answer.failedCheck }]);
    }
    throw new PreconditionFailedError(
      'La prescription a été traitée en même temps par quelqu’un d’autre : rechargez-la.',
    );
  }
  return saved;
}

/** Accepts: the case opens with its référent unique, in the same transaction as the new status. */
export function makeAcceptReferral(deps: UseCaseDeps) {
  return async (actor: StructureActor, referralId: string, version: number, referentId: string) => {
    const referral = await answerReferral(deps, actor, referralId, version, (current, at) => {
      const { referral: accepted, supportCase } = acceptReferral(current, { referentId, at });
      const line = accessLogItem(
        actor.tenantId,
        {
          caseId: supportCase.id,
          userId: actor.userId,
          role: actor.role,
          action: 'write:open',
          at,
        },
        randomUUID(),
        deps.settings.accessLogRetentionDays,
      );
      return {
        referral: accepted,
        extra: [
          { kind: 'create', item: caseItem(supportCase) },
          referentCheck(actor.tenantId, referentId),
          { kind: 'add', key: structureKey(actor.tenantId), attribute: 'activeCases', delta: 1 },
          { kind: 'put', item: line },
        ],
        failedCheck: 'ce référent n’appartient pas à la structure',
      };
    });
    return { referral, caseId: referral.id };
  };
}

export function makeDeclineReferral(deps: UseCaseDeps) {
  return (
    actor: StructureActor,
    referralId: string,
    version: number,
    input: { reason: NonNullable<Referral['decline']>['reason']; text: string },
  ) =>
    answerReferral(deps, actor, referralId, version, (current, at) => ({
      referral: declineReferral(current, { ...input, at }),
      extra: [],
    }));
}
