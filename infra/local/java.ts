import { spawnSync } from 'node:child_process';

export const minimumJavaMajor = 17;

/** Reads the major version from `java -version` output (`"17.0.15"`, or `"1.8.0_392"` for Java 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (match === null) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** The sentence that tells a person how to get Java, or undefined when Java 17+ is there. */
export function javaProblem(): string | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const major = result.error ? undefined : parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major !== undefined && major >= minimumJavaMajor) return undefined;
  const found = major === undefined ? 'no Java was found' : `Java ${major} was found`;
  return [
    `DynamoDB Local needs Java ${minimumJavaMajor} or newer, and ${found}.`,
    'Install it, then run the command again:',
    '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
    '  macOS:         brew install openjdk@17',
  ].join('\n');
}
