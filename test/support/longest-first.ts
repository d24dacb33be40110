import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The two files that take longest, each a chain of steps that cannot be shared out (a
 * population of 300 through the API; seven starts of `npm start`). Started last, either ran for
 * minutes after the others were done; started first, the rest of the suite runs beside them.
 * Only these two: with the browser journey and sweep-script also put first, the four heaviest
 * files ran at once in a run under a load of 30, and stats' set-up outlasted its 10 minutes.
 */
const longest = [
  'test/integration/stats.integration.test.ts',
  'test/integration/local-stack.integration.test.ts',
];

/** Vitest's order (by project, then slowest or largest first), with the longest files first. */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = longest.findIndex((path) => spec.moduleId.endsWith(path));
      return index === -1 ? longest.length : index;
    };
    return sorted
      .map((spec, position) => ({ spec, position }))
      .sort(
        (a, b) =>
          a.spec.project.config.sequence.groupOrder - b.spec.project.config.sequence.groupOrder ||
          rank(a.spec) - rank(b.spec) ||
          a.position - b.position,
      )
      .map(({ spec }) => spec);
  }
}
