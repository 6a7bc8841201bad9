import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/faults/**/*.faults.test.ts'],
    globalSetup: ['e2e/faults/build-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
