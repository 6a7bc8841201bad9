import { closeStore, openStore } from '../clickhouse/client';
import { migrate } from '../clickhouse/migrate';
import { markReady } from '../server/health';
import { loadConfigOrExit, onShutdown } from '../server/process-lifecycle';
import { startIngestServer } from './server';

/**
 * A stateless ingest process (`npm run ingest`): with CLICKHOUSE_URL set, run as many as needed
 * behind a load balancer. In embedded mode it owns the data directory, like `npm start` does.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const store = await openStore(config);
  await migrate(store);
  markReady();
  const ingest = await startIngestServer({ store, config, host: config.SIGHTLINE_HOST, port: config.SIGHTLINE_INGEST_PORT });
  console.log(`[sightline-ingest] listening on http://${config.SIGHTLINE_HOST}:${ingest.port} (ClickHouse ${store.mode})`);
  onShutdown(async () => {
    await ingest.close();
    await closeStore();
  });
}

main().catch((err: unknown) => {
  console.error('[sightline-ingest] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
