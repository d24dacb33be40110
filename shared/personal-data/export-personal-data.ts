/**
 * The person's right of access, as the structure exercises it on their behalf: everything Appui
 * holds about them, in one export that leaves its line in the case's access log.
 */

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Alert, alert as alertSchema } from '../alerts/alert.ts';
import { type Appointment, appointment } from '../cases/appointments/appointment.ts';
import { type SupportCase, supportCase as supportCaseSchema } from '../cases/case.ts';
import { accessLine } from '../cases/case-access.ts';
import { openNotes, stripKeys } from '../cases/case-store.ts';
import { type BarrierScores, barrierScores } from '../cases/diagnostic/barrier-scores.ts';
import { type AccessLogEntry, accessLogEntry } from '../cases/file/access-log.ts';
import { type JournalEntry, journalEntry } from '../cases/journal/journal-entry.ts';
import type { z } from '../common/zod.ts';
import { withTenantKeys } from '../crypto/defaults.ts';
import { getStructure } from '../organisations/structure-store.ts';
import { type Referral, referral as referralSchema } from '../referrals/referral.ts';
import { followUpOf, type ReferralFollowUp } from '../referrals/referral-follow-up.ts';
import {
  caseRetentionStart,
  purgeOn,
  referralRetentionStart,
} from '../retention/retention-rules.ts';
import { readSupport } from '../retention/retention-store.ts';
import { checkIds, notFound, type StructureActor, type UseCaseDeps } from '../use-case.ts';
import { historyOf } from './history-store.ts';
import type { CaseHistoryEntry } from './rectification.ts';

/** Everything Appui holds about one person in one structure, for a right-of-access request. */
export interface PersonalDataExport {
  exportedAt: string;
  exportedBy: { userId: string; role: StructureActor['role'] };
  structure: { id: string; name: string; siret: string };
  /** The referral as filed, with its reason, consent, answer and outcome. */
  referral: Referral;
  /** What the prescriber organisation keeps of it: the name, the status, the coded outcome. */
  prescriberFollowUp: Omit<ReferralFollowUp, 'version'>;
  /** The case, once the referral was accepted. */
  case?: SupportCase;
  barrierScores: BarrierScores[];
  /** Every entry, private notes included: they too are data about the person. */
  journal: JournalEntry[];
  appointments: Appointment[];
  /** Deadlines raised about the referral or the case. */
  alerts: Alert[];
  /** Rectifications, with the values they replaced. */
  history: CaseHistoryEntry[];
  /** Who read or changed the file, and when (the last 12 months: older lines have expired). */
  accessLog: AccessLogEntry[];
  /** When retention erases it, if that day is already known (closed case, ended referral). */
  erasure: { on: string } | { rule: string };
}

/**
 * The export of one person's data (structure-admin), by the id of their referral (which is also
 * their case's). Reads the referral, the case file and the access log (one Query each, run
 * together), the structure (GetItem), then writes its own line in the access log: more than the
 * two calls of other requests, by necessity — a declared exception, counted in the
 * authorization test.
 */
export function makeExportPersonalData(deps: UseCaseDeps) {
  return async (actor: StructureActor, id: string): Promise<PersonalDataExport> => {
    checkIds({ id });
    const [support, structureItem] = await Promise.all([
      readSupport(deps, actor.tenantId, id),
      getStructure(deps, actor.tenantId),
    ]);
    // A support retention has replaced by its stub holds nothing personal any more: not found.
    if (structureItem === undefined || !support.referral.some((item) => item.type === 'referral')) {
      throw notFound('Personne');
    }
    // Notes in clear: the person is entitled to them, private notes included.
    const data = withTenantKeys(deps);
    const [referralItems, caseItems] = await Promise.all([
      openNotes(data, support.referral),
      openNotes(data, support.caseFile),
    ]);
    const ofType = <T>(items: Record<string, unknown>[], type: string, schema: z.ZodType<T>) =>
      items.filter((item) => item.type === type).map((item) => schema.parse(stripKeys(item)));
    const referral = ofType(referralItems, 'referral', referralSchema)[0];
    if (referral === undefined) throw notFound('Personne');
    const supportCase = ofType(caseItems, 'case', supportCaseSchema)[0];
    const now = deps.now();
    const exported: PersonalDataExport = {
      exportedAt: now.toISOString(),
      exportedBy: { userId: actor.userId, role: actor.role },
      structure: {
        id: structureItem.id,
        name: structureItem.name,
        siret: structureItem.siret,
      },
      referral,
      prescriberFollowUp: withoutVersion(followUpOf(referral, structureItem.name, 1)),
      ...(supportCase === undefined ? {} : { case: supportCase }),
      barrierScores: ofType(caseItems, 'barrier-scores', barrierScores),
      journal: ofType(caseItems, 'journal-entry', journalEntry),
      appointments: ofType(caseItems, 'appointment', appointment),
      alerts: [
        ...ofType(referralItems, 'alert', alertSchema),
        ...ofType(caseItems, 'alert', alertSchema),
      ],
      history: historyOf(caseItems),
      accessLog: support.accessLog.map((item) => accessLogEntry.parse(stripKeys(item))).reverse(),
      erasure: erasureOf(deps, referral, supportCase),
    };
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: accessLine(deps, actor, id, 'export:personal-data'),
      }),
    );
    return exported;
  };
}

/** The follow-up as the prescriber's copy reads, less its version counter (not data about anyone). */
function withoutVersion({ version: _counter, ...followUp }: ReferralFollowUp) {
  return followUp;
}

function erasureOf(
  deps: UseCaseDeps,
  referral: Referral,
  supportCase: SupportCase | undefined,
): PersonalDataExport['erasure'] {
  const years = deps.settings.personalDataRetentionYears;
  const months = deps.settings.declinedReferralRetentionMonths;
  if (supportCase !== undefined) {
    const since = caseRetentionStart(supportCase);
    return since === undefined
      ? { rule: `${years} ans après le dernier contact, une fois l’accompagnement terminé` }
      : { on: purgeOn(since, years * 12) };
  }
  const since = referralRetentionStart(referral.status, referral.answeredAt);
  return since === undefined
    ? { rule: `${months} mois après la clôture de la prescription si elle n’aboutit pas` }
    : { on: purgeOn(since, months) };
}
