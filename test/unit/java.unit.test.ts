import { describe, expect, it } from 'vitest';
import { parseJavaMajor } from '../../infra/local/java.ts';

describe('parseJavaMajor', () => {
  it('reads the major version of a modern JDK', () => {
    expect(
      parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'),
    ).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
  });

  it('reads Java 8 from its old "1.8" numbering', () => {
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
  });

  it('answers undefined when the output names no version', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});
