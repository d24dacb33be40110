import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../shared/errors.ts';
import { onError, toProblem } from '../../shared/http/problem.ts';

describe('toProblem', () => {
  it('names each invalid field of a validation error', () => {
    const problem = toProblem(
      new ValidationError([{ name: 'person.birthDate', reason: 'date attendue' }]),
    );
    expect(problem).toMatchObject({
      status: 422,
      invalidFields: [{ name: 'person.birthDate', reason: 'date attendue' }],
    });
  });

  it('keeps the message of a named domain error', () => {
    expect(
      toProblem(new ConflictError('Le renouvellement a déjà été accordé une fois.')),
    ).toMatchObject({
      status: 409,
      detail: 'Le renouvellement a déjà été accordé une fois.',
    });
  });

  it('turns anything else into a 500 that leaks nothing', () => {
    const problem = toProblem(new TypeError('Cannot read properties of undefined (reading "PK")'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('PK');
  });
});

describe('onError', () => {
  it('answers problem+json with no stack trace', async () => {
    const app = new Hono()
      .get('/boom', () => {
        throw new Error('secret internals');
      })
      .onError(onError);
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const text = await response.text();
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('at ');
  });
});
