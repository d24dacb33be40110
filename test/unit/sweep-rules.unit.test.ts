import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts/alert.ts';
import {
  alertLabel,
  caseReference,
  deadlinesOfCase,
  planCase,
  planEscalation,
  planReferral,
  type SweepMoment,
  sweptDays,
  sweptTimeZones,
  timeZonesAt,
} from '../../shared/deadlines/sweep-rules.ts';
import { aCase, aReferral, fixtureIds } from '../support/builders.ts';

const at = '2027-03-01T02:00:00.000Z';
const on = (today: string): SweepMoment => ({
  today,
  at,
  alertId: ({ subject, kind, dueOn }) => `${subject.type}/${subject.id}/${kind}/${dueOn}`,
});
const kindsAndDays = (alerts: Alert[]) => alerts.map((raised) => [raised.kind, raised.dueOn]);

describe('the hours the sweep runs at', () => {
  it('sweeps La Réunion alone at 02:00 UTC, when it is 06:00 there', () => {
    expect(timeZonesAt(new Date('2027-03-01T02:00:00Z'))).toEqual(['Indian/Reunion']);
  });

  it('sweeps Paris at 05:00 UTC in winter and 04:00 UTC once summer time has begun', () => {
    expect(timeZonesAt(new Date('2027-03-27T05:00:00Z'))).toEqual(['Europe/Paris']);
    expect(timeZonesAt(new Date('2027-03-28T04:00:00Z'))).toEqual(['Europe/Paris']);
    expect(timeZonesAt(new Date('2027-03-28T05:00:00Z'))).toEqual([]);
  });

  it('sweeps Guyane at 09:00 UTC and the Antilles at 10:00 UTC', () => {
    expect(timeZonesAt(new Date('2027-03-01T09:00:00Z'))).toEqual(['America/Cayenne']);
    expect(timeZonesAt(new Date('2027-03-01T10:59:59Z'))).toEqual([
      'America/Guadeloupe',
      'America/Martinique',
    ]);
  });

  it('sweeps every time zone exactly once in any 24 hours on the hour', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (start) => {
          const first = Math.floor(start.getTime() / 3_600_000) * 3_600_000;
          const swept = Array.from({ length: 24 }, (_, hour) =>
            timeZonesAt(new Date(first + hour * 3_600_000)),
          ).flat();
          expect(swept.sort()).toEqual(sweptTimeZones());
        },
      ),
    );
  });

  it('sweeps each zone for its own date, and every zone for a given date', () => {
    const lateEvening = new Date('2027-02-28T20:30:00Z');
    expect(sweptDays(lateEvening, { timeZones: ['Indian/Reunion', 'America/Cayenne'] })).toEqual([
      { timeZone: 'Indian/Reunion', date: '2027-03-01' },
      { timeZone: 'America/Cayenne', date: '2027-02-28' },
    ]);
    expect(sweptDays(lateEvening, { date: '2027-03-05' })).toEqual(
      sweptTimeZones().map((timeZone) => ({ timeZone, date: '2027-03-05' })),
    );
    expect(sweptDays(lateEvening, {})).toEqual([]);
  });
});

describe('what a due case raises', () => {
  it('raises each fallen deadline once, for its référent, and waits for the next one', () => {
    const supportCase = { ...aCase().signed('2026-11-01', '2027-04-30').build() };
    supportCase.lastContactOn = '2027-03-25';

    const plan = planCase(supportCase, [], on('2027-03-31'));

    expect(kindsAndDays(plan.raise)).toEqual([['renewal-decision-due', '2027-03-31']]);
    expect(plan.raise[0]).toMatchObject({
      status: 'open',
      recipientId: fixtureIds.referentId,
      raisedOn: '2027-03-31',
      raisedAt: at,
      timeZone: 'Indian/Reunion',
      subject: { type: 'case', id: fixtureIds.caseId },
      id: `case/${fixtureIds.caseId}/renewal-decision-due/2027-03-31`,
    });
    expect(plan.raise[0]?.escalatedAt).toBeUndefined();
    expect(plan.due).toBe(true);
    // Next: no contact since 2027-03-25, on 2027-04-08.
    expect(plan.nextDueOn).toBe('2027-04-08');
  });

  it('raises a late deadline it finds fallen, and not one already raised', () => {
    const supportCase = { ...aCase().build(), lastContactOn: '2027-02-01' };
    const first = planCase(supportCase, [], on('2027-02-20'));
    expect(kindsAndDays(first.raise)).toEqual([
      ['no-contact', '2027-02-15'],
      ['no-contract', '2026-02-09'],
    ]);

    const again = planCase(supportCase, first.raise, on('2027-02-21'));
    expect(again.raise).toEqual([]);
    expect(again.due).toBe(true);
  });

  it('goes to the structure at once when the case has no référent', () => {
    const { referentId: _none, ...withoutReferent } = aCase().build();
    const plan = planCase(
      { ...withoutReferent, lastContactOn: '2027-02-15' },
      [],
      on('2027-03-01'),
    );
    const noContact = plan.raise.find((raised) => raised.kind === 'no-contact');
    expect(noContact?.recipientId).toBeUndefined();
    expect(noContact?.escalatedAt).toBe(at);
  });

  it('says only the first name and the case reference of the person', () => {
    const plan = planCase(
      { ...aCase().build(), lastContactOn: '2027-02-15' },
      [],
      on('2027-03-01'),
    );
    expect(plan.raise.map((raised) => raised.label)).toContain('Zéphirine · 000004');
    expect(JSON.stringify(plan.raise)).not.toContain('Quatorze');
    expect(caseReference('0192f0a0-0000-7000-8000-00000a1b2c3d')).toBe('1B2C3D');
    expect(alertLabel('Ana', '0192f0a0-0000-7000-8000-00000a1b2c3d')).toBe('Ana · 1B2C3D');
  });

  it('resolves an open alert whose deadline the case no longer has', () => {
    const before = { ...aCase().build(), lastContactOn: '2027-02-15' };
    const [noContact] = planCase(before, [], on('2027-03-01')).raise.filter(
      (raised) => raised.kind === 'no-contact',
    );
    if (noContact === undefined) throw new Error('no alert raised');

    const plan = planCase(
      { ...before, lastContactOn: '2027-03-02' },
      [noContact],
      on('2027-03-03'),
    );

    expect(plan.resolve).toEqual([noContact]);
  });

  it('takes the case out of the index once nothing is ahead', () => {
    const exited = aCase().signed('2026-03-01', '2026-08-31').exited('2026-09-01').build();
    const plan = planCase(exited, [], on('2027-03-01'));
    expect(kindsAndDays(plan.raise)).toEqual([['follow-up-after-exit', '2027-03-01']]);
    expect(plan.nextDueOn).toBeUndefined();
  });
});

describe('what a due referral raises', () => {
  // Filed on 2027-02-19 at 10:00 in La Réunion.
  const waiting = aReferral({ submittedAt: '2027-02-19T06:00:00.000Z' });

  it('tells the structure it is unanswered after 10 days, and waits for its expiry', () => {
    const plan = planReferral(waiting, [], on('2027-03-01'));
    expect(kindsAndDays(plan.raise)).toEqual([['referral-unanswered', '2027-03-01']]);
    expect(plan.raise[0]?.recipientId).toBeUndefined();
    expect(plan.raise[0]?.escalatedAt).toBe(at);
    expect(plan).toMatchObject({ expire: false, nextDueOn: '2027-03-21' });
  });

  it('expires after 30 days, resolving the "unanswered" alert', () => {
    const unanswered = planReferral(waiting, [], on('2027-03-01')).raise;
    const plan = planReferral(waiting, unanswered, on('2027-03-21'));
    expect(plan.expire).toBe(true);
    expect(kindsAndDays(plan.raise)).toEqual([['referral-expired', '2027-03-21']]);
    expect(plan.resolve).toEqual(unanswered);
    expect(plan.nextDueOn).toBeUndefined();
  });

  it('does not raise "unanswered" after the fact when it finds the referral already expired', () => {
    const plan = planReferral(waiting, [], on('2027-03-25'));
    expect(kindsAndDays(plan.raise)).toEqual([['referral-expired', '2027-03-21']]);
  });

  it('has nothing due once answered', () => {
    const plan = planReferral({ ...waiting, status: 'accepted' }, [], on('2027-03-21'));
    expect(plan).toMatchObject({ due: false, expire: false, raise: [], nextDueOn: undefined });
  });
});

describe('the escalation of an open alert', () => {
  const supportCase = { ...aCase().build(), lastContactOn: '2027-02-15' };
  const deadlines = () => deadlinesOfCase(supportCase);
  const [raised] = planCase(supportCase, [], on('2027-03-01')).raise.filter(
    (alert) => alert.kind === 'no-contact',
  );
  if (raised === undefined) throw new Error('no alert raised');

  it('escalates after 7 days open, not before', () => {
    expect(planEscalation(raised, deadlines(), '2027-03-07')).toBe('nothing');
    expect(planEscalation(raised, deadlines(), '2027-03-08')).toBe('escalate');
  });

  it('resolves instead when its cause is gone, or its subject', () => {
    expect(planEscalation(raised, [], '2027-03-08')).toBe('resolve');
    expect(planEscalation(raised, undefined, '2027-03-08')).toBe('resolve');
  });

  it('leaves an acknowledged or already escalated alert alone', () => {
    expect(planEscalation({ ...raised, status: 'acknowledged' }, deadlines(), '2027-03-08')).toBe(
      'nothing',
    );
    expect(planEscalation({ ...raised, escalatedAt: at }, deadlines(), '2027-03-08')).toBe(
      'nothing',
    );
  });
});
