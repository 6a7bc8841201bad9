import { closeStore, openStore } from '../clickhouse/client';
import { migrate } from '../clickhouse/migrate';
import { markReady } from '../server/health';
import { loadLedgerMapping } from '../server/ledger-mapping';
import { loadConfigOrExit, onShutdown } from '../server/process-lifecycle';
import { startIngestServer } from './server';
import { startWalSourceIfConfigured } from './wal/start-wal-source';

/**
 * A stateless ingest process (`npm run ingest`): with CLICKHOUSE_URL set, run as many as needed
 * behind a load balancer. In embedded mode it owns the data directory, like `npm start` does.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ledger = await loadLedgerMapping(config.SIGHTLINE_LEDGER_CONFIG);
  const store = await openStore(config);
  await migrate(store);
  markReady();
  const ingest = await startIngestServer({ store, config, ledger, host: config.SIGHTLINE_HOST, port: config.SIGHTLINE_INGEST_PORT });
  const wal = startWalSourceIfConfigured(config, ledger, ingest.cdc);
  console.log(`[sightline-ingest] listening on http://${config.SIGHTLINE_HOST}:${ingest.port} (ClickHouse ${store.mode})`);
  onShutdown(async () => {
    await wal?.stop();
    await ingest.close();
    await closeStore();
  });
}

main().catch((err: unknown) => {
  console.error('[sightline-ingest] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
