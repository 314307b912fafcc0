import { defineConfig } from 'vitest/config';

// One stack for the whole suite, started by test/stack.setup.ts and shared by every test file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/stack.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
