import { describe, expect, it } from 'vitest';
import {
  ageOn,
  formatDate,
  formatDateTime,
  formatDay,
  formatMinutes,
  formatNumber,
  instantOf,
} from '../../web/format.ts';
import { calendarDate, FormValues, friendlier, integer, lines, yesNo } from '../../web/forms.ts';

describe('French formats', () => {
  it('writes a calendar date as 22/11/2026', () => {
    expect(formatDate('2026-11-22')).toBe('22/11/2026');
    expect(formatDate(undefined)).toBe('—');
  });

  it('writes numbers with a narrow space between thousands and a decimal comma', () => {
    expect(formatNumber(1234.5)).toBe('1\u202f234,5');
  });

  it('gives the day and time an instant was in the structure’s time zone', () => {
    const instant = '2026-11-22T21:30:00.000Z';

    expect(formatDay(instant, 'Europe/Paris')).toBe('22/11/2026');
    expect(formatDay(instant, 'Indian/Reunion')).toBe('23/11/2026');
    expect(formatDateTime(instant, 'Indian/Reunion')).toBe('23/11/2026 à 01:30');
    expect(formatDateTime(instant, 'America/Cayenne')).toBe('22/11/2026 à 18:30');
  });

  it('turns a wall-clock time of a time zone into its instant, across a change of time', () => {
    expect(instantOf('2026-11-22', '09:30', 'Indian/Reunion')).toBe('2026-11-22T05:30:00.000Z');
    expect(instantOf('2026-07-01', '09:30', 'Europe/Paris')).toBe('2026-07-01T07:30:00.000Z');
    expect(instantOf('2026-03-29', '12:00', 'Europe/Paris')).toBe('2026-03-29T10:00:00.000Z');
    expect(instantOf('22/11/2026', '09:30', 'Europe/Paris')).toBeUndefined();
  });

  it('says durations and ages as people do', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(90)).toBe('1 h 30');
    expect(formatMinutes(120)).toBe('2 h');
    expect(ageOn('1984-11-23', '2026-11-22')).toBe(41);
    expect(ageOn('1984-11-22', '2026-11-22')).toBe(42);
  });
});

describe('form values', () => {
  const values = FormValues.initial({
    date: '3/2/2026',
    iso: '2026-02-03',
    number: ' 1 200 ',
    word: 'douze',
    objectives: ' Un \r\n\r\nDeux\n',
    yes: 'oui',
  });

  it('reads dates as typed in France or as a date field sends them', () => {
    expect(calendarDate(values, 'date')).toBe('2026-02-03');
    expect(calendarDate(values, 'iso')).toBe('2026-02-03');
    expect(calendarDate(values, 'missing')).toBeUndefined();
  });

  it('reads whole numbers, and lets the schema refuse what is not one', () => {
    expect(integer(values, 'number')).toBe(1200);
    expect(integer(values, 'word')).toBeNaN();
    expect(integer(values, 'missing')).toBeUndefined();
  });

  it('reads one item per line and yes/no radios', () => {
    expect(lines(values, 'objectives')).toEqual(['Un', 'Deux']);
    expect(yesNo(values, 'yes')).toBe(true);
    expect(yesNo(values, 'missing')).toBeUndefined();
  });

  it('says an empty field is missing, and keeps a schema’s own sentence', () => {
    const errors = friendlier(
      [
        {
          name: 'missing',
          reason: 'Entrée invalide : chaîne de caractères attendu, indéfini reçu',
        },
        { name: 'consent', reason: 'le consentement de la personne doit être recueilli' },
        { name: 'word', reason: 'Entrée invalide : nombre attendu, NaN reçu' },
      ],
      values,
    );

    expect(errors.map((error) => error.reason)).toEqual([
      'ce champ est à renseigner',
      'le consentement de la personne doit être recueilli',
      'saisissez un nombre entier',
    ]);
  });
});
