import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/longest-first.ts';

/** Integration tests that run by themselves, once the others are done. */
const alone = ['test/integration/concurrency.integration.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Vitest's default on two cores is one worker, and the files then ran one after the other,
    // mostly waiting for DynamoDB Local (another process) or a script they started. Each file
    // has its own database (test/support/dynamodb-database.ts), so three run side by side.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    // Expected failures log warnings and errors; tests that read logs set their own level.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.unit.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.{ts,tsx}'],
          exclude: [...alone],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          setupFiles: ['test/support/dynamodb-database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // After every other project, on a machine no other test loads: 50 writers retrying on
        // one case make a number of requests that grows with the square of the load's slowness.
        test: {
          name: 'integration-alone',
          include: [...alone],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          setupFiles: ['test/support/dynamodb-database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          setupFiles: ['test/support/dynamodb-database.ts'],
          // Each step is a person's whole errand in a browser, axe run on five or six pages: under
          // a load of 18 the steps took about 50 s each, and the first, which warms Chromium, > 60.
          testTimeout: 120_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
