import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onError } from '../../shared/http/problem.ts';
import { describeError, logger, redacted } from '../../shared/logger.ts';

let lines: string[] = [];
let restore: () => void = () => undefined;

beforeEach(() => {
  lines = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  restore = () => {
    out.mockRestore();
    err.mockRestore();
    logger.setLogLevel(level);
  };
});

afterEach(() => restore());

const logged = () => lines.join('');

describe('the logger', () => {
  it('redacts personal attributes at any depth, whatever their type', () => {
    logger.info('a case', {
      caseId: 'c-1',
      case: {
        person: { firstName: 'Zéphirine', lastName: 'Quatorze' },
        contract: { objectives: ['Devenir luthière'], personCommitments: 'Venir le mardi' },
        renewal: { justification: 'Suivi à l’hôpital Félix-Guyon' },
      },
      entries: [
        { summary: 'Entretien long', privateNote: 'Sortie de détention', durationMinutes: 60 },
      ],
      Phone: '0692 00 00 14',
      birth_date: '1990-01-14',
      decline: { reason: 'out-of-territory', text: 'Habite à Mayotte' },
    });
    const text = logged();
    for (const value of [
      'Zéphirine',
      'Quatorze',
      'luthière',
      'mardi',
      'Félix-Guyon',
      'Entretien long',
      'détention',
      '0692',
      '1990-01-14',
      'Mayotte',
    ]) {
      expect(text).not.toContain(value);
    }
    const line: unknown = JSON.parse(text);
    expect(line).toMatchObject({
      message: 'a case',
      caseId: 'c-1',
      case: { person: redacted, contract: { objectives: redacted } },
      entries: [{ summary: redacted, privateNote: redacted, durationMinutes: 60 }],
    });
  });

  it('masks an e-mail address in any text, the message and error attributes included', () => {
    logger.warn('refused zephirine.quatorze@example.test', {
      error: new Error('no user zephirine.quatorze@example.test'),
    });
    expect(logged()).not.toContain('zephirine.quatorze');
    expect(logged()).toContain('[e-mail]');
  });
});

describe('describeError', () => {
  it('keeps the name, the frames and the causes, never a message', () => {
    const error = new TypeError('cannot read "Zéphirine"', {
      cause: new Error('Quatorze was not expected'),
    });
    const described = describeError(error);
    expect(described).toMatchObject({ name: 'TypeError', cause: { name: 'Error' } });
    expect(JSON.stringify(described)).not.toMatch(/Zéphirine|Quatorze/);
  });
});

describe('onError', () => {
  it('logs a 500 without the request’s body, query or the error’s message', async () => {
    const app = new Hono()
      .post('/api/v1/cases/:id/journal', async (c) => {
        const body: unknown = await c.req.json();
        throw new Error(`unexpected ${JSON.stringify(body)}`);
      })
      .onError(onError);
    const response = await app.request('/api/v1/cases/1234/journal?name=Quatorze', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ summary: 'Zéphirine a trouvé un logement' }),
    });
    expect(response.status).toBe(500);
    const text = logged();
    expect(text).toContain('request failed');
    expect(text).toContain('/api/v1/cases/1234/journal');
    expect(text).not.toMatch(/Zéphirine|Quatorze|logement/);
  });
});
