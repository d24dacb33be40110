import { describe, expect, it } from 'vitest';
import { buildDemoData, demoId } from '../../infra/local/demo-data.ts';
import { demoItems } from '../../infra/local/seed.ts';
import { tenantPrefix } from '../../shared/data/keys.ts';

const now = new Date('2026-11-23T09:00:00Z');

describe('the demo data', () => {
  const data = buildDemoData(now);

  it('has two structures in two territories and time zones', () => {
    expect(data.structures.map((s) => [s.territory.departement, s.timeZone])).toEqual([
      ['974', 'Indian/Reunion'],
      ['93', 'Europe/Paris'],
    ]);
  });

  it('gives each structure one admin and two referents, and each prescriber organisation and funder a user', () => {
    for (const structure of data.structures) {
      const team = data.users.filter((u) => u.tenantId === structure.id).map((u) => u.role);
      expect(team.sort()).toEqual(['referent', 'referent', 'structure-admin']);
    }
    expect(data.prescriberOrganisations.map((o) => o.kind)).toEqual([
      'france-travail',
      'departement',
    ]);
    expect(data.users.filter((u) => u.role === 'prescriber')).toHaveLength(2);
    expect(data.funders.map((f) => f.territory.region)).toEqual(['04', '11']);
    expect(data.users.filter((u) => u.role === 'platform-admin')).toHaveLength(1);
  });

  it('has a few dozen people with referrals and cases in every phase', () => {
    expect(data.referrals.length).toBeGreaterThanOrEqual(24);
    expect(new Set(data.referrals.map((r) => r.status))).toEqual(
      new Set(['submitted', 'accepted', 'declined', 'withdrawn']),
    );
    expect(new Set(data.cases.map((c) => c.phase))).toEqual(
      new Set(['intake', 'period-1', 'period-2', 'exited']),
    );
    expect(data.cases.some((c) => c.renewal?.status === 'requested')).toBe(true);
    const outcomes = new Set(data.cases.flatMap((c) => (c.exit ? [c.exit.outcome] : [])));
    expect(outcomes.size).toBeGreaterThanOrEqual(5);
  });

  it('closes the loop: an exited case’s referral carries its outcome', () => {
    for (const exited of data.cases.filter((c) => c.exit !== undefined)) {
      const origin = data.referrals.find((r) => r.id === exited.referralId);
      expect(origin?.exitOutcome).toBe(exited.exit?.outcome);
    }
  });

  it('is the same world each time it is built on the same day', () => {
    expect(buildDemoData(now)).toEqual(data);
    expect(demoId('x')).toBe(demoId('x'));
    expect(demoId('x')).not.toBe(demoId('y'));
  });

  it('puts every item of a structure under its tenant partition', () => {
    const tenantIds = new Set(data.structures.map((s) => s.id));
    const items = demoItems(data);
    const tenantTypes = new Set([
      'structure',
      'referral',
      'case',
      'barrier-scores',
      'journal-entry',
    ]);
    for (const item of items.filter((i) => tenantTypes.has(i.type))) {
      const tenant = item.PK.slice('TENANT#'.length);
      expect(tenantIds.has(tenant), item.SK).toBe(true);
      expect(item.PK).toBe(tenantPrefix(tenant));
    }
    expect(new Set(items.map((i) => `${i.PK}|${i.SK}`)).size).toBe(items.length);
  });
});
