import { defineConfig } from 'vitest/config';

// One stack of examples/python-chat for the whole suite (test/stack.setup.ts), shared by every test file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/stack.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
