import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, each a chain of steps that cannot be shared out (a population
 * of 300 through the API, seven starts of `npm start`, a browser journey, scripts run one by
 * one). Started last, any one of them ran for minutes after the others were done; started
 * first, the rest of the suite runs beside them.
 */
const longest = [
  'test/integration/stats.integration.test.ts',
  'test/integration/local-stack.integration.test.ts',
  'test/e2e/journey.e2e.test.ts',
  'test/integration/sweep-script.integration.test.ts',
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
