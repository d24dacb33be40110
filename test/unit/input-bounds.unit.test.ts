import { describe, expect, it } from 'vitest';
import { earliestRecordDate, refuseBeforeReferral } from '../../shared/cases/case-rules.ts';
import { email, longText, shortText } from '../../shared/common/fields.ts';
import { unsafeTextFields } from '../../shared/common/validation.ts';
import { ValidationError } from '../../shared/errors.ts';
import { ageOn, refuseImplausibleBirthDate } from '../../shared/referrals/person.ts';
import { acceptReferral } from '../../shared/referrals/referral-rules.ts';
import { aCase, aReferral } from '../support/builders.ts';

describe('unsafe text', () => {
  it.each([
    ['NUL', '\u0000'],
    ['a bell', '\u0007'],
    ['an escape', '\u001b'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['a right-to-left override', '\u202e'],
    ['a left-to-right embedding', '\u202a'],
    ['a first-strong isolate', '\u2068'],
    ['a pop directional isolate', '\u2069'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udfff'],
  ])('names the field holding %s, however deep', (_what, character) => {
    const input = { person: { firstName: 'Zéphirine' }, notes: ['ok', `a${character}b`] };

    expect(unsafeTextFields(input)).toEqual([{ name: 'notes.1', reason: expect.any(String) }]);
  });

  it('lets tabs, line breaks, accents, emoji and right-to-left letters through', () => {
    expect(unsafeTextFields({ summary: 'Ligne 1\r\nLigne 2\tfin — é ß 中 😀 مرحبا' })).toEqual([]);
  });

  it('keeps line breaks for long texts only', () => {
    expect(longText.safeParse('Ligne 1\nLigne 2').success).toBe(true);
    expect(shortText.safeParse('Zéphirine\nQuatorze').success).toBe(false);
    expect(shortText.safeParse('Zéphirine\tQuatorze').success).toBe(false);
  });
});

describe('e-mail lengths', () => {
  const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(58)}.fr`;

  it('takes 64 characters before the @ and 254 in all, and not one more', () => {
    expect(email.safeParse(`${'a'.repeat(64)}@exemple.fr`).success).toBe(true);
    expect(email.safeParse(`${'a'.repeat(65)}@exemple.fr`).success).toBe(false);
    expect(`a@${domain}`).toHaveLength(191);
    const longest = `${'a'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(58)}.fr`;
    expect(longest).toHaveLength(254);
    expect(email.safeParse(longest).success).toBe(true);
    expect(
      email.safeParse(`${'a'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(59)}.fr`)
        .success,
    ).toBe(false);
  });
});

describe('birth dates', () => {
  const today = '2026-11-23';

  it('counts full years', () => {
    expect(ageOn('2010-11-23', today)).toBe(16);
    expect(ageOn('2010-11-24', today)).toBe(15);
    expect(ageOn('1926-11-24', today)).toBe(99);
    expect(ageOn('1925-11-24', today)).toBe(100);
    expect(ageOn('1925-11-23', today)).toBe(101);
  });

  it.each(['2026-11-23', '2026-11-24', '1900-01-01', '2100-01-01', '2010-11-24', '1925-11-23'])(
    'refuses %s, naming the field',
    (birthDate) => {
      expect(() => refuseImplausibleBirthDate(birthDate, today, 'person.birthDate')).toThrow(
        ValidationError,
      );
    },
  );

  it.each(['2010-11-23', '1925-11-24', '1988-04-12'])('takes %s', (birthDate) => {
    expect(() => refuseImplausibleBirthDate(birthDate, today, 'person.birthDate')).not.toThrow();
  });
});

describe('records of a case', () => {
  it('are refused before the day the referral was filed, and taken from that day on', () => {
    const supportCase = { ...aCase().build(), referredOn: '2026-03-10' };

    expect(() => refuseBeforeReferral(supportCase, '2026-03-09', 'date')).toThrow(ValidationError);
    expect(() => refuseBeforeReferral(supportCase, '1900-01-01', 'date')).toThrow(ValidationError);
    expect(() => refuseBeforeReferral(supportCase, '2026-03-10', 'date')).not.toThrow();
  });

  it('go by the acceptance date, in the structure’s time zone, for a case without referredOn', () => {
    const { referredOn: _none, ...supportCase } = {
      ...aCase().build(),
      acceptedAt: '2026-03-10T21:30:00Z',
      timeZone: 'Indian/Reunion',
    };

    expect(earliestRecordDate(supportCase)).toBe('2026-03-11');
  });

  it('carry the referral’s filing day from acceptance', () => {
    const referral = aReferral({ submittedAt: '2026-03-10T21:30:00Z', timeZone: 'Indian/Reunion' });

    const { supportCase } = acceptReferral(referral, {
      referentId: referral.prescriberId,
      at: '2026-03-20T08:00:00Z',
    });

    expect(supportCase.referredOn).toBe('2026-03-11');
  });
});
