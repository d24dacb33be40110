import { describe, expect, it } from 'vitest';

describe('the runtime', () => {
  it('is Node.js 24, as on Lambda (nodejs24.x)', () => {
    console.log(`Unit tests on Node ${process.version}`);
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});
