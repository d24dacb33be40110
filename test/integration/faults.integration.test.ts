/**
 * `npm run faults` in small: the same runner on the integration run's DynamoDB Local, a handful
 * of people at a high fault rate, to prove the bench itself works (the real runs are
 * `npm run faults -- --rate 0.1` and `--rate 0.3`, a few minutes each).
 */
import { describe, expect, inject, it } from 'vitest';
import { runFaults } from '../../scripts/faults/run.ts';

describe('npm run faults', () => {
  it('drives requests, a sweep and the projector through faults, and every check passes', async () => {
    const lines: string[] = [];
    const report = await runFaults({
      rate: 0.3,
      seed: 7,
      people: 5,
      world: 'bare',
      endpoint: inject('dynamoEndpoint'),
      print: (line) => lines.push(line),
    });

    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(9);
    expect(report.requests).toBeGreaterThan(20);
    expect(lines.some((line) => /en panne : [1-9]/.test(line))).toBe(true);
  }, 120_000);
});
