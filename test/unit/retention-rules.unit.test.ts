import { describe, expect, it } from 'vitest';
import { caseItem } from '../../shared/cases/case.ts';
import { indexPartitions } from '../../shared/data/keys.ts';
import { partitionKeysOf } from '../../shared/data/scope-guard.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { referralItem, referralPurgeKeys } from '../../shared/referrals/referral.ts';
import { purgeShardOf } from '../../shared/retention/purge-index.ts';
import {
  caseRetentionStart,
  lastDueStart,
  purgeOn,
  referralRetentionStart,
  retentionOver,
} from '../../shared/retention/retention-rules.ts';
import { aCase, aReferral } from '../support/builders.ts';

const { byPurgeDate } = tableDefinition.indexes;

describe('when retention runs from', () => {
  it('runs a closed case from its exit, or its last contact when that came later', () => {
    const exited = aCase().signed('2026-01-15', '2026-07-14').exited('2026-06-30').build();
    expect(caseRetentionStart(exited)).toBe('2026-06-30');
    expect(caseRetentionStart({ ...exited, lastContactOn: '2026-06-12' })).toBe('2026-06-30');
    expect(caseRetentionStart({ ...exited, lastContactOn: '2026-07-02' })).toBe('2026-07-02');
  });

  it('does not run for a case still open', () => {
    expect(caseRetentionStart(aCase().signed('2026-01-15', '2026-07-14').build())).toBeUndefined();
  });

  it('runs a referral that ended without a case from the day it ended', () => {
    expect(referralRetentionStart('declined', '2027-09-02T21:30:00.000Z')).toBe('2027-09-02');
    expect(referralRetentionStart('withdrawn', '2027-09-02T06:00:00.000Z')).toBe('2027-09-02');
    expect(referralRetentionStart('expired', '2027-09-02T06:00:00.000Z')).toBe('2027-09-02');
    expect(referralRetentionStart('accepted', '2027-09-02T06:00:00.000Z')).toBeUndefined();
    expect(referralRetentionStart('submitted', undefined)).toBeUndefined();
  });
});

describe('when the period has run out', () => {
  it('is over 2 years and 1 day on, not 2 years to the day, nor a day less', () => {
    expect(retentionOver('2026-03-02', 24, '2028-03-03')).toBe(true);
    expect(retentionOver('2026-03-03', 24, '2028-03-03')).toBe(false);
    expect(retentionOver('2026-03-04', 24, '2028-03-03')).toBe(false);
    expect(lastDueStart('2028-03-03', 24)).toBe('2026-03-02');
    expect(purgeOn('2026-03-02', 24)).toBe('2028-03-03');
  });

  it('is over 6 months and 1 day on for a referral', () => {
    expect(retentionOver('2027-09-02', 6, '2028-03-03')).toBe(true);
    expect(retentionOver('2027-09-04', 6, '2028-03-03')).toBe(false);
  });
});

describe('the purge index', () => {
  it('lists a case once it is closed, by the day its retention runs from', () => {
    const open = aCase().signed('2026-01-15', '2026-07-14').build();
    expect(caseItem(open)[byPurgeDate.partitionKey]).toBeUndefined();
    const closed = caseItem({
      ...aCase().signed('2026-01-15', '2026-07-14').exited('2026-06-30').build(),
    });
    expect(closed[byPurgeDate.partitionKey]).toBe(indexPartitions.purge(purgeShardOf(closed.SK)));
    expect(closed[byPurgeDate.sortKey]).toBe(
      `CASE#2026-06-30#${String(closed.tenantId)}#${closed.SK}`,
    );
  });

  it('lists a referral once declined, withdrawn or expired, never while it waits or once accepted', () => {
    const submitted = aReferral();
    expect(referralItem(submitted)[byPurgeDate.sortKey]).toBeUndefined();
    expect(
      referralItem({ ...submitted, status: 'accepted', answeredAt: '2027-09-02T06:00:00.000Z' })[
        byPurgeDate.sortKey
      ],
    ).toBeUndefined();
    const declined = referralItem({
      ...submitted,
      status: 'declined',
      answeredAt: '2027-09-02T06:00:00.000Z',
      decline: { reason: 'other', text: 'Autre structure plus proche.' },
    });
    expect(declined[byPurgeDate.sortKey]).toBe(
      `REFERRAL#2027-09-02#${submitted.tenantId}#${declined.SK}`,
    );
    expect(
      referralPurgeKeys({
        ...submitted,
        status: 'withdrawn',
        answeredAt: '2027-09-02T06:00:00.000Z',
      }),
    ).toEqual({
      [byPurgeDate.partitionKey]: declined[byPurgeDate.partitionKey],
      [byPurgeDate.sortKey]: declined[byPurgeDate.sortKey],
    });
  });

  it('is a shared index the scope guard lets a tenant write put its item in', () => {
    const closed = caseItem(
      aCase().signed('2026-01-15', '2026-07-14').exited('2026-06-30').build(),
    );
    expect(partitionKeysOf('PutItemCommand', { TableName: 't', Item: closed })).not.toContain(
      closed[byPurgeDate.partitionKey],
    );
  });
});
