import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { closeStore, openStore } from '../clickhouse/client';
import { migrate } from '../clickhouse/migrate';
import { startIngestServer } from '../ingest/server';
import { startWalSourceIfConfigured } from '../ingest/wal/start-wal-source';
import { prepareAuth } from './auth/prepare-auth';
import { loadCanaryConfigOrExit } from './canary/canary-config';
import { loadCircuitsConfigOrExit } from './circuits/circuits-config';
import { loadDebtConfigOrExit } from './debt/debt-config';
import { startOrphanSettler, stopOrphanSettler } from './debt/orphan-settler';
import { startLedgerReconciler, stopLedgerReconciler } from './ledger/reconciler-runner';
import { markReady } from './health';
import { loadLedgerMapping } from './ledger-mapping';
import { loadConfigOrExit, onShutdown } from './process-lifecycle';
import { startDemoIfEnabled } from './demo-runner';
import { loadSloConfigOrExit } from './slo/slo-config';

/**
 * Embedded mode: one process serves the UI and the ingest listener and shares one ClickHouse
 * client (chDB locks its data directory per process, so it can only be opened here once).
 */
async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  const config = loadConfigOrExit();
  await loadSloConfigOrExit(config);
  await loadCircuitsConfigOrExit(config);
  await loadCanaryConfigOrExit(config);
  await loadDebtConfigOrExit(config);
  const started = Date.now();
  const ledger = await loadLedgerMapping(config.SIGHTLINE_LEDGER_CONFIG);
  const store = await openStore(config);
  const { applied } = await migrate(store);
  if (applied.length > 0) console.log(`[sightline] applied migrations: ${applied.join(', ')}`);
  markReady();

  const host = config.SIGHTLINE_HOST;
  const ingest = await startIngestServer({ store, config, ledger, host, port: config.SIGHTLINE_INGEST_PORT });
  const wal = startWalSourceIfConfigured(config, ledger, ingest.cdc);
  // Breaks must show up within seconds of their cause, whether or not anyone has /ledger open.
  startLedgerReconciler(store, { mapping: ledger });
  startOrphanSettler(store);

  await prepareAuth(config);

  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const app = next({ dev, dir, hostname: host, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const ui = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    ui.once('error', reject);
    ui.listen(config.PORT, host, () => resolve());
  });

  const where = store.mode === 'embedded' ? `embedded ClickHouse in ${path.resolve(config.SIGHTLINE_DATA_DIR)}` : `ClickHouse server ${config.CLICKHOUSE_URL}`;
  console.log(
    `[sightline] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: UI http://${host}:${config.PORT}, ingest http://${host}:${ingest.port} (${where})`,
  );

  const demo = await startDemoIfEnabled(config, ingest.port);

  onShutdown(async () => {
    await demo?.stop();
    await wal?.stop();
    await new Promise<void>((resolve) => {
      ui.close(() => resolve());
      ui.closeAllConnections();
    });
    await ingest.close();
    await stopLedgerReconciler();
    await stopOrphanSettler();
    await closeStore();
  });
}

main().catch((err: unknown) => {
  console.error('[sightline] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
