/**
 * A referral's answers as plain functions: submitted → accepted | declined | withdrawn | expired.
 * Only a submitted referral can be answered; everything after is final.
 */

import type { SupportCase } from '../cases/case.ts';
import { dateIn } from '../common/dates.ts';
import { ReferralAnsweredError } from '../errors.ts';
import { referralStatuses } from '../measure/vocabulary.ts';
import type { Referral } from './referral.ts';

function refuseWhenAnswered(referral: Referral, what: string): void {
  if (referral.status !== 'submitted') {
    const status = referralStatuses.labels[referral.status].toLowerCase();
    throw new ReferralAnsweredError(
      `Cette prescription est déjà ${status} : on ne peut plus ${what}.`,
    );
  }
}

/** Accepts the referral: the case opens with its référent unique, carrying the person over. */
export function acceptReferral(
  referral: Referral,
  input: { referentId: string; at: string },
): { referral: Referral; supportCase: SupportCase } {
  refuseWhenAnswered(referral, 'l’accepter');
  return {
    referral: { ...referral, status: 'accepted', answeredAt: input.at },
    supportCase: {
      id: referral.id,
      tenantId: referral.tenantId,
      referralId: referral.id,
      orgId: referral.orgId,
      referentId: input.referentId,
      phase: 'intake',
      acceptedAt: input.at,
      referredOn: dateIn(referral.timeZone, new Date(referral.submittedAt)),
      timeZone: referral.timeZone,
      deadlines: referral.deadlines,
      person: referral.person,
      situation: referral.situation,
      version: 1,
    },
  };
}

export function declineReferral(
  referral: Referral,
  input: { reason: NonNullable<Referral['decline']>['reason']; text: string; at: string },
): Referral {
  refuseWhenAnswered(referral, 'la refuser');
  return {
    ...referral,
    status: 'declined',
    answeredAt: input.at,
    decline: { reason: input.reason, text: input.text },
  };
}

/** The prescriber takes back a referral the structure has not answered yet. */
export function withdrawReferral(referral: Referral, at: string): Referral {
  refuseWhenAnswered(referral, 'la retirer');
  return { ...referral, status: 'withdrawn', answeredAt: at };
}
