import { walStatus } from '../../ingest/wal/wal-status';
import { metrics } from '../metrics';
import { ingestSnapshot } from '../queries/prom-snapshot';
import { storageStats, storedSpanRate, webVitals } from '../queries/system';
import { withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';

export const systemRouter = router({
  overview: storeProcedure.input(withTimeRange({})).query(async ({ ctx, input }) => {
    const [promMetrics, storage, vitals, spanRate] = await Promise.all([
      metrics().registry.getMetricsAsJSON(),
      storageStats(ctx.store),
      webVitals(ctx.store, input),
      storedSpanRate(ctx.store, input),
    ]);
    return {
      /** Counters of this process since it started; ingest running elsewhere counts there. */
      ingest: ingestSnapshot(promMetrics),
      storage,
      webVitals: vitals,
      storedSpanRate: spanRate,
      /** The Postgres WAL source in this process; null when SIGHTLINE_PG_URL is not set. */
      wal: walStatus() ?? null,
    };
  }),
});
