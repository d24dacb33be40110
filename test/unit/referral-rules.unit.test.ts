import { describe, expect, it } from 'vitest';
import { ReferralAnsweredError } from '../../shared/errors.ts';
import {
  acceptReferral,
  declineReferral,
  withdrawReferral,
} from '../../shared/referrals/referral-rules.ts';
import { aReferral } from '../support/builders.ts';

const at = '2026-01-08T10:00:00.000Z';

describe('answering a referral', () => {
  it('accepting opens a case in intake with its référent, carrying the person over', () => {
    const { referral, supportCase } = acceptReferral(aReferral(), { referentId: 'r-1', at });
    expect(referral).toMatchObject({ status: 'accepted', answeredAt: at });
    expect(supportCase).toMatchObject({
      phase: 'intake',
      referentId: 'r-1',
      acceptedAt: at,
      version: 1,
    });
    expect(supportCase.person).toEqual(referral.person);
    expect(supportCase.id).toBe(referral.id);
  });

  it('declining keeps the coded reason and the sentence', () => {
    const declined = declineReferral(aReferral(), {
      reason: 'no-capacity',
      text: 'Complet jusqu’en mars.',
      at,
    });
    expect(declined).toMatchObject({
      status: 'declined',
      decline: { reason: 'no-capacity', text: 'Complet jusqu’en mars.' },
    });
  });

  it('withdrawing is for a referral still pending', () => {
    expect(withdrawReferral(aReferral(), at).status).toBe('withdrawn');
    expect(() => withdrawReferral(aReferral({ status: 'accepted' }), at)).toThrow(
      ReferralAnsweredError,
    );
  });

  it('refuses to answer twice', () => {
    const accepted = aReferral({ status: 'accepted' });
    expect(() => acceptReferral(accepted, { referentId: 'r-1', at })).toThrow(
      ReferralAnsweredError,
    );
    expect(() => declineReferral(accepted, { reason: 'other', text: 'Non.', at })).toThrow(
      /déjà acceptée/,
    );
  });
});
