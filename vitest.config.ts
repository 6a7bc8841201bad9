import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,ingest,clickhouse,demo,components,app}/**/*.test.{ts,tsx}'],
    // chDB allows one engine per process: every test file gets a process of its own.
    pool: 'forks',
    isolate: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
