import { defineConfig } from 'vitest/config';

/**
 * Three projects:
 * - unit: pure logic, no network;
 * - components: one local service at a time over real sockets, plus contract tests with independent clients;
 * - app: the application end to end against one shared stack, chosen by GENAI_KIT_STACK (embedded | containers | compose);
 * - toolkit (only with GENAI_KIT_TOOLKIT=1; CI runs it): the packed kit installed in a foreign project, whose suite uses the testing API.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'components',
          include: ['test/integration/**/*.test.ts', 'test/contract/**/*.test.ts'],
          exclude: ['test/integration/app/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'app',
          include: ['test/integration/app/**/*.test.ts'],
          globalSetup: ['test/integration/harness/globalSetup.ts'],
        },
      },
      ...(process.env.GENAI_KIT_TOOLKIT ? [{ extends: true as const, test: { name: 'toolkit', include: ['test/toolkit/**/*.test.ts'] } }] : []),
    ],
  },
});
