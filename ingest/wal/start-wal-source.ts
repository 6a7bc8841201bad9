import type { Config } from '../../server/config';
import type { LedgerMapping } from '../../server/ledger-mapping';
import type { TableBatcher } from '../batcher';
import type { CdcRecord } from '../cdc/cdc-rows';
import { HttpError } from '../http-error';
import { WalSource, type CdcSink } from './wal-source';

/**
 * The CDC batcher as the WAL source's sink: transactions share inserts (and the dedup) with
 * POST /v1/cdc. A full queue is waited out instead of failing, and since waiting keeps the
 * transaction pending, the source stops reading the stream meanwhile.
 */
export function batcherSink(batcher: TableBatcher<CdcRecord>): CdcSink {
  return async (records) => {
    for (;;) {
      try {
        return await batcher.enqueue({ rows: records });
      } catch (err) {
        if (!(err instanceof HttpError && err.status === 429)) throw err;
        await new Promise((resolve) => setTimeout(resolve, (err.retryAfterSeconds ?? 1) * 1000));
      }
    }
  };
}

/** Starts streaming from SIGHTLINE_PG_URL when it is set. */
export function startWalSourceIfConfigured(
  config: Pick<Config, 'SIGHTLINE_PG_URL'>,
  ledger: LedgerMapping,
  cdc: TableBatcher<CdcRecord>,
): WalSource | undefined {
  if (!config.SIGHTLINE_PG_URL) return undefined;
  const source = new WalSource({
    connectionString: config.SIGHTLINE_PG_URL,
    mapping: ledger,
    sink: batcherSink(cdc),
    log: (message) => console.log(`[wal] ${message}`),
  });
  source.start();
  return source;
}
