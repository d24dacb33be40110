import { describe, expect, it } from 'vitest';
import { isValidSiret, siret, territory } from '../../shared/common/fields.ts';
import {
  isDepartementCode,
  regionOf,
  regions,
  timeZoneOf,
} from '../../shared/measure/territory.ts';

describe('SIRET', () => {
  it('accepts a number whose Luhn key is right', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
  });

  it('refuses a wrong key, a wrong length and letters', () => {
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('7328293200007A')).toBe(false);
  });

  it('follows La Poste’s own rule for its establishments', () => {
    expect(isValidSiret('35600000012346')).toBe(true); // its digits sum to 30
    expect(isValidSiret('35600000012345')).toBe(false);
  });

  it('names the problem in French', () => {
    const result = siret.safeParse('73282932000075');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('SIRET invalide (clé de contrôle)');
  });
});

describe('territories', () => {
  it('lists the 101 départements, overseas included', () => {
    const all = Object.values(regions).flatMap((region) => region.departements);
    expect(all).toHaveLength(101);
    expect(new Set(all).size).toBe(101);
    for (const code of ['971', '972', '973', '974', '976', '2A', '2B'])
      expect(isDepartementCode(code)).toBe(true);
  });

  it('knows the region and time zone of a département', () => {
    expect(regionOf('974')).toBe('04');
    expect(timeZoneOf('974')).toBe('Indian/Reunion');
    expect(timeZoneOf('973')).toBe('America/Cayenne');
    expect(timeZoneOf('93')).toBe('Europe/Paris');
  });

  it('refuses unknown codes', () => {
    expect(territory.safeParse({ region: '04', departement: '975' }).success).toBe(false);
    expect(territory.safeParse({ region: '99', departement: '93' }).success).toBe(false);
    expect(regionOf('20')).toBeUndefined();
  });
});
