/**
 * The life of a case as plain functions: each takes the case as read and what the user asked,
 * refuses what the measure does not allow, and returns the case as it must be written.
 * No I/O here: the use cases read, call these, and write.
 */

import { addDays, dateIn, daysBetween, periodEnd } from '../common/dates.ts';
import { CaseClosedError, ConflictError, RenewalLimitError, ValidationError } from '../errors.ts';
import type { ExitOutcome } from '../measure/vocabulary.ts';
import type { SupportCase } from './case.ts';
import type { BarrierScores } from './diagnostic/barrier-scores.ts';
import type { JournalEntry } from './journal/journal-entry.ts';

/** A support period lasts six months; a case has at most two (one renewal, never a third). */
export const periodMonths = 6;

export interface ContractInput {
  signedOn: string;
  objectives: string[];
  personCommitments: string;
  structureCommitments: string;
}

/** The day the case was accepted, in the structure's time zone. */
export function acceptedOn(supportCase: SupportCase): string {
  return dateIn(supportCase.timeZone, new Date(supportCase.acceptedAt));
}

function refuseWhenExited(supportCase: SupportCase, what: string): void {
  if (supportCase.phase === 'exited') {
    throw new CaseClosedError(
      `Le dossier est clos depuis le ${supportCase.exit?.date ?? '?'} : ${what} n’est plus possible.`,
    );
  }
}

/** Signs the contract: period 1 runs six months from the signature. Only once, during intake. */
export function signContract(
  supportCase: SupportCase,
  input: ContractInput,
  today: string,
): SupportCase {
  refuseWhenExited(supportCase, 'signer un contrat');
  if (supportCase.contract !== undefined) {
    throw new ConflictError('Le contrat de ce dossier est déjà signé.');
  }
  if (input.signedOn > today) {
    throw new ValidationError([
      { name: 'signedOn', reason: 'la date de signature ne peut pas être dans le futur' },
    ]);
  }
  if (daysBetween(acceptedOn(supportCase), input.signedOn) < 0) {
    throw new ValidationError([
      { name: 'signedOn', reason: 'la signature ne peut pas précéder l’acceptation' },
    ]);
  }
  return {
    ...supportCase,
    phase: 'period-1',
    contract: { ...input, period1EndsOn: periodEnd(input.signedOn, periodMonths) },
  };
}

/** The last day of the support as it stands: end of period 2 when renewed, else of period 1. */
export function supportEndsOn(supportCase: SupportCase): string | undefined {
  return supportCase.renewal?.period2EndsOn ?? supportCase.contract?.period1EndsOn;
}

/** Records a contact: refused on a closed case, and never dated in the future. */
/**
 * The first day a record of the case may bear: the day its referral was filed (or, for a case
 * accepted before that was kept, the day it was accepted).
 */
export function earliestRecordDate(supportCase: SupportCase): string {
  return supportCase.referredOn ?? dateIn(supportCase.timeZone, new Date(supportCase.acceptedAt));
}

/** Refuses a record dated before its case's referral was filed: 422 naming `field`. */
export function refuseBeforeReferral(supportCase: SupportCase, date: string, field: string): void {
  const earliest = earliestRecordDate(supportCase);
  if (date < earliest) {
    throw new ValidationError([
      {
        name: field,
        reason: `date antérieure à la prescription (${earliest.split('-').reverse().join('/')})`,
      },
    ]);
  }
}

export function recordContact(
  supportCase: SupportCase,
  entry: JournalEntry,
  today: string,
): SupportCase {
  refuseWhenExited(supportCase, 'ajouter une entrée au journal');
  if (entry.date > today) {
    throw new ValidationError([
      { name: 'date', reason: 'un contact ne peut pas être daté dans le futur' },
    ]);
  }
  refuseBeforeReferral(supportCase, entry.date, 'date');
  const lastContactOn =
    supportCase.lastContactOn === undefined || entry.date > supportCase.lastContactOn
      ? entry.date
      : supportCase.lastContactOn;
  return { ...supportCase, lastContactOn };
}

/** Scores the barriers at a stage; each stage is scored once (entry at intake, renewal, exit). */
export function checkScoring(
  supportCase: SupportCase,
  scores: BarrierScores,
  alreadyScored: boolean,
): void {
  refuseWhenExited(supportCase, 'modifier le diagnostic');
  if (alreadyScored) {
    throw new ConflictError(`Le diagnostic « ${scores.stage} » de ce dossier est déjà enregistré.`);
  }
  if (scores.stage === 'renewal' && supportCase.renewal === undefined) {
    throw new ConflictError('Le diagnostic de renouvellement suit une demande de renouvellement.');
  }
}

/** The référent asks for the one renewal the measure allows, with a justification. */
export function requestRenewal(
  supportCase: SupportCase,
  input: { justification: string; requestedBy: string; at: string },
): SupportCase {
  refuseWhenExited(supportCase, 'demander un renouvellement');
  if (supportCase.renewal !== undefined) {
    const said =
      supportCase.renewal.status === 'granted'
        ? 'il a déjà été accordé une fois, et la mesure n’en permet pas un second'
        : supportCase.renewal.status === 'denied'
          ? 'il a déjà été refusé pour ce dossier'
          : 'une demande est déjà en attente de décision';
    throw new RenewalLimitError(`Renouvellement impossible : ${said}.`);
  }
  if (supportCase.phase !== 'period-1' || supportCase.contract === undefined) {
    throw new ConflictError('Un renouvellement se demande pendant la première période du contrat.');
  }
  return {
    ...supportCase,
    renewal: {
      status: 'requested',
      requestedAt: input.at,
      requestedBy: input.requestedBy,
      justification: input.justification,
    },
  };
}

/** The structure-admin grants or denies the pending renewal, with a reason. */
export function decideRenewal(
  supportCase: SupportCase,
  input: { grant: boolean; reason: string; decidedBy: string; at: string },
): SupportCase {
  refuseWhenExited(supportCase, 'décider du renouvellement');
  const { renewal, contract } = supportCase;
  if (renewal === undefined || renewal.status !== 'requested' || contract === undefined) {
    throw new ConflictError(
      'Aucune demande de renouvellement n’attend de décision sur ce dossier.',
    );
  }
  const decided = {
    ...renewal,
    decidedAt: input.at,
    decidedBy: input.decidedBy,
    decisionReason: input.reason,
  };
  if (!input.grant) return { ...supportCase, renewal: { ...decided, status: 'denied' } };
  const period2Start = addDays(contract.period1EndsOn, 1);
  return {
    ...supportCase,
    phase: 'period-2',
    renewal: {
      ...decided,
      status: 'granted',
      period2EndsOn: periodEnd(period2Start, periodMonths),
    },
  };
}

/** Closes the case with its outcome; once only, and not before it was accepted. */
export function exitCase(
  supportCase: SupportCase,
  input: { date: string; outcome: ExitOutcome },
  today: string,
): SupportCase {
  if (supportCase.phase === 'exited') {
    throw new CaseClosedError(`Ce dossier est déjà sorti le ${supportCase.exit?.date ?? '?'}.`);
  }
  if (input.date > today) {
    throw new ValidationError([
      { name: 'date', reason: 'la date de sortie ne peut pas être dans le futur' },
    ]);
  }
  if (input.date < acceptedOn(supportCase)) {
    throw new ValidationError([
      { name: 'date', reason: 'la sortie ne peut pas précéder l’acceptation' },
    ]);
  }
  return { ...supportCase, phase: 'exited', exit: { date: input.date, outcome: input.outcome } };
}

/**
 * Corrects the date or outcome of an exit recorded by mistake: the case stays closed, the
 * statistics move with it and the prescriber's follow-up shows the corrected outcome.
 */
export function correctExit(
  supportCase: SupportCase,
  input: { date: string; outcome: ExitOutcome },
  today: string,
): SupportCase {
  if (supportCase.phase !== 'exited' || supportCase.exit === undefined) {
    throw new ConflictError('Ce dossier n’est pas sorti : enregistrez d’abord sa sortie.');
  }
  if (supportCase.exit.date === input.date && supportCase.exit.outcome === input.outcome) {
    throw new ConflictError('La sortie enregistrée est déjà celle-ci : rien à corriger.');
  }
  const reopened: SupportCase = { ...supportCase, phase: 'period-1' };
  const corrected = exitCase(reopened, input, today);
  return { ...supportCase, exit: corrected.exit };
}

/** Gives the case to another référent of the structure; the former one loses access. */
export function reassign(supportCase: SupportCase, referentId: string): SupportCase {
  refuseWhenExited(supportCase, 'changer de référent');
  if (supportCase.referentId === referentId) {
    throw new ConflictError('Cette personne est déjà le référent du dossier.');
  }
  return { ...supportCase, referentId };
}
