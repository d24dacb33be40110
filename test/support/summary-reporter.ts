import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a run with one plain line, `N passed, N failed, N skipped in N s`, that any CI can read,
 * whatever other reporters print above it. A file or suite that fails to set up (an error while
 * collecting it, a `beforeAll` that throws) counts as one failure of its own: its tests are
 * reported skipped, and a line saying `0 failed` over them would hide that they never ran.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError> = [],
  ): void {
    const count = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const { state } = test.result();
        if (state === 'passed') count.passed += 1;
        else if (state === 'failed') failedTests += 1;
        else count.skipped += 1;
      }
      const brokenSetups = [module, ...module.children.allSuites()].filter(
        (entity) => entity.errors().length > 0,
      ).length;
      count.failed += failedTests + brokenSetups;
      if (module.state() === 'failed' && failedTests + brokenSetups === 0) count.failed += 1;
    }
    // The whole command's wall time: Vite's start and the global setups (DynamoDB Local) included.
    const seconds = Math.round(process.uptime());
    process.stdout.write(
      `\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped in ${seconds} s\n`,
    );
  }
}
