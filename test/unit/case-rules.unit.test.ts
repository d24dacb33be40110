import { describe, expect, it } from 'vitest';
import {
  decideRenewal,
  exitCase,
  reassign,
  recordContact,
  requestRenewal,
  signContract,
} from '../../shared/cases/case-rules.ts';
import {
  CaseClosedError,
  ConflictError,
  RenewalLimitError,
  ValidationError,
} from '../../shared/errors.ts';
import { aCase, aJournalEntry } from '../support/builders.ts';

const contract = {
  signedOn: '2026-01-15',
  objectives: ['Trouver un logement'],
  personCommitments: 'Venir chaque semaine.',
  structureCommitments: 'Un entretien par semaine.',
};
const at = '2026-06-01T09:00:00.000Z';

describe('signing the contract', () => {
  it('opens period 1 for six months from the signature', () => {
    const signed = signContract(aCase().build(), contract, '2026-01-20');
    expect(signed.phase).toBe('period-1');
    expect(signed.contract?.period1EndsOn).toBe('2026-07-14');
  });

  it('refuses a second signature', () => {
    const signed = aCase().signed('2026-01-15', '2026-07-14').build();
    expect(() => signContract(signed, contract, '2026-01-20')).toThrow(ConflictError);
  });

  it('refuses a signature dated in the future', () => {
    expect(() => signContract(aCase().build(), contract, '2026-01-14')).toThrow(ValidationError);
  });
});

describe('renewal', () => {
  const inPeriod1 = aCase().signed('2026-01-15', '2026-07-14');

  it('is requested once, with its justification', () => {
    const requested = requestRenewal(inPeriod1.build(), {
      justification: 'Consolider.',
      requestedBy: 'r',
      at,
    });
    expect(requested.renewal).toMatchObject({ status: 'requested', justification: 'Consolider.' });
  });

  it('when granted, opens period 2 for six more months', () => {
    const granted = decideRenewal(inPeriod1.renewalRequested().build(), {
      grant: true,
      reason: 'Oui.',
      decidedBy: 'a',
      at,
    });
    expect(granted.phase).toBe('period-2');
    expect(granted.renewal?.period2EndsOn).toBe('2027-01-14');
  });

  it('when denied, leaves the case in period 1', () => {
    const denied = decideRenewal(
      aCase().signed('2026-01-15', '2026-07-14').renewalRequested().build(),
      {
        grant: false,
        reason: 'Non.',
        decidedBy: 'a',
        at,
      },
    );
    expect(denied.phase).toBe('period-1');
    expect(denied.renewal?.status).toBe('denied');
  });

  it('refuses a second renewal and says why', () => {
    const renewed = aCase().signed('2026-01-15', '2026-07-14').renewed('2027-01-14').build();
    expect(() =>
      requestRenewal(renewed, { justification: 'Encore.', requestedBy: 'r', at }),
    ).toThrow(RenewalLimitError);
    expect(() =>
      requestRenewal(renewed, { justification: 'Encore.', requestedBy: 'r', at }),
    ).toThrow(/déjà été accordé une fois/);
  });

  it('refuses a request before the contract is signed', () => {
    expect(() =>
      requestRenewal(aCase().build(), { justification: 'Tôt.', requestedBy: 'r', at }),
    ).toThrow(ConflictError);
  });

  it('refuses a decision when nothing was requested', () => {
    expect(() =>
      decideRenewal(aCase().signed('2026-01-15', '2026-07-14').build(), {
        grant: true,
        reason: 'Oui.',
        decidedBy: 'a',
        at,
      }),
    ).toThrow(ConflictError);
  });
});

describe('journal', () => {
  it('moves the last contact forward, never back', () => {
    const supportCase = { ...aCase().build(), lastContactOn: '2026-02-10' };
    expect(
      recordContact(supportCase, aJournalEntry({ date: '2026-02-17' }), '2026-02-20').lastContactOn,
    ).toBe('2026-02-17');
    expect(
      recordContact(supportCase, aJournalEntry({ date: '2026-02-03' }), '2026-02-20').lastContactOn,
    ).toBe('2026-02-10');
  });

  it('refuses an entry on a closed case', () => {
    const closed = aCase().signed('2026-01-15', '2026-07-14').exited('2026-05-01').build();
    expect(() => recordContact(closed, aJournalEntry(), '2026-06-01')).toThrow(CaseClosedError);
  });

  it('refuses a contact dated in the future', () => {
    expect(() =>
      recordContact(aCase().build(), aJournalEntry({ date: '2026-03-01' }), '2026-02-20'),
    ).toThrow(ValidationError);
  });
});

describe('exit', () => {
  it('closes the case with its outcome', () => {
    const exited = exitCase(
      aCase().signed('2026-01-15', '2026-07-14').build(),
      { date: '2026-05-01', outcome: 'iae' },
      '2026-05-02',
    );
    expect(exited).toMatchObject({ phase: 'exited', exit: { date: '2026-05-01', outcome: 'iae' } });
  });

  it('refuses to exit twice', () => {
    const closed = aCase().exited('2026-05-01').build();
    expect(() => exitCase(closed, { date: '2026-05-02', outcome: 'iae' }, '2026-05-03')).toThrow(
      CaseClosedError,
    );
  });

  it('refuses an exit before the acceptance', () => {
    expect(() =>
      exitCase(aCase().build(), { date: '2026-01-01', outcome: 'iae' }, '2026-05-03'),
    ).toThrow(ValidationError);
  });
});

describe('reassignment', () => {
  it('gives the case to another référent', () => {
    expect(reassign(aCase().build(), 'someone-else').referentId).toBe('someone-else');
  });

  it('refuses on a closed case', () => {
    expect(() => reassign(aCase().exited('2026-05-01').build(), 'someone-else')).toThrow(
      CaseClosedError,
    );
  });
});
