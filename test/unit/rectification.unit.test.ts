import { describe, expect, it } from 'vitest';
import {
  rectificationInput,
  rectify,
  touchesName,
} from '../../shared/personal-data/rectification.ts';
import { aCase } from '../support/builders.ts';

const current = aCase().build();

describe('rectify', () => {
  it('records only the fields that change, in the order of the form', () => {
    const { person, changes } = rectify(
      current,
      rectificationInput.parse({
        person: { city: 'Le Tampon', firstName: current.person.firstName },
        situation: { registeredWithFranceTravail: !current.situation.registeredWithFranceTravail },
        reason: 'Correction demandée.',
      }),
    );
    expect(person.city).toBe('Le Tampon');
    expect(changes.map((changed) => changed.field)).toEqual([
      'person.city',
      'situation.registeredWithFranceTravail',
    ]);
    expect(touchesName(changes)).toBe(false);
  });

  it('erases an optional contact detail with null, and records nothing for an absent one', () => {
    const withPhone = { ...current, person: { ...current.person, phone: '0262 00 00 00' } };
    const erased = rectify(withPhone, {
      person: { phone: null, email: null },
      reason: 'La personne ne veut plus être appelée.',
    });
    expect(erased.person.phone).toBeUndefined();
    expect('phone' in erased.person).toBe(false);
    expect(erased.changes).toEqual([
      { field: 'person.phone', previous: '0262 00 00 00' },
      ...(current.person.email === undefined
        ? []
        : [{ field: 'person.email', previous: current.person.email }]),
    ]);
  });

  it('refuses a mandatory field set to null and a field it does not know', () => {
    expect(rectificationInput.safeParse({ person: { lastName: null }, reason: 'x' }).success).toBe(
      false,
    );
    expect(rectificationInput.safeParse({ person: { alias: 'x' }, reason: 'x' }).success).toBe(
      false,
    );
    expect(rectificationInput.safeParse({ person: { city: 'Le Port' } }).success).toBe(false);
  });

  it('says when the name changes (the prescriber’s follow-up shows it)', () => {
    const { changes } = rectify(current, { person: { lastName: 'Nouveau' }, reason: 'Mariage.' });
    expect(touchesName(changes)).toBe(true);
  });
});
