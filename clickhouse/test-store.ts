import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closeStore, openStore, type Store } from './client';
import { migrate } from './migrate';
import { parseConfig } from '../server/config';

/**
 * A migrated embedded ClickHouse in a fresh temp directory, for tests. chDB allows one engine
 * per process, so call this once per test file (vitest runs each file in its own process).
 */
export async function openTestStore(): Promise<{ store: Store; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-test-'));
  const store = await openStore(parseConfig({ SIGHTLINE_DATA_DIR: dataDir }));
  await migrate(store);
  return {
    store,
    dataDir,
    cleanup: async () => {
      await closeStore();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
