import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/use-case.ts';
import { daysInWords } from '../../web/pages/privacy.tsx';
import { createStaticSite } from '../../web/static-site.tsx';

async function notice(retention: typeof defaultSettings) {
  const site = createStaticSite({ demoAccounts: [], signInUrl: '/dev/sign-in', retention });
  const response = await site.request('/confidentialite');
  expect(response.status).toBe(200);
  // Whitespace as a reader sees it, whatever the line breaks of the markup.
  return (await response.text()).replace(/\s+/g, ' ');
}

describe('the privacy notice', () => {
  it('states the periods of the platform settings the retention job applies', async () => {
    const page = await notice(defaultSettings);
    expect(page).toContain('2 ans après le dernier contact');
    expect(page).toContain('<strong>6 mois</strong> après sa clôture');
    expect(page).toContain('<strong>12 mois</strong>');
  });

  it('follows the settings when they change', async () => {
    const page = await notice({
      ...defaultSettings,
      personalDataRetentionYears: 3,
      declinedReferralRetentionMonths: 9,
      accessLogRetentionDays: 180,
    });
    expect(page).toContain('3 ans après le dernier contact');
    expect(page).toContain('<strong>9 mois</strong>');
    expect(page).toContain('<strong>180 jours</strong>');
    expect(page).not.toContain('2 ans après');
  });

  it('says a number of days in words', () => {
    expect(daysInWords(365)).toBe('12 mois');
    expect(daysInWords(730)).toBe('24 mois');
    expect(daysInWords(1)).toBe('1 jour');
    expect(daysInWords(90)).toBe('90 jours');
  });
});
