'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { TimeSeriesSpec } from '../chart-spec';
import { formatCount } from '../format';
import { LazyChart } from '../lazy-chart';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { StatTile } from '../stat-tile';
import { useTRPC } from '../trpc';
import { useTimeRange } from '../url-state';
import { IngestTables, StorageTable } from './ingest-tables';
import { WalPanel } from './wal-panel';
import { WebVitalsTable } from './web-vitals-table';

/** Sightline observing itself: ingest, queue, inserts, queries, storage and its own web vitals. */
export function SystemView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const query = useQuery(trpc.system.overview.queryOptions(range, useLiveOptions()));
  const health = useQuery(trpc.health.status.queryOptions(undefined, useLiveOptions()));
  const rateSpec = useMemo((): TimeSeriesSpec | undefined => {
    const r = query.data?.storedSpanRate;
    const first = r?.points[0];
    const last = r?.points.at(-1);
    if (!r || !first || !last) return undefined;
    return {
      kind: 'time-series',
      unit: 'perSecond',
      xMin: first.t,
      xMax: last.t + r.bucketSeconds * 1000,
      series: [{ name: 'spans/s', area: true, points: r.points.map((p) => [p.t, p.spansPerSecond]) }],
    };
  }, [query.data?.storedSpanRate]);

  return (
    <>
      <div className="page-head">
        <h1>System</h1>
        <span className="muted">Sightline&apos;s own health. Counters are this process&apos;s, since it started.</span>
      </div>
      <QueryState query={query} height={400}>
        {(o) => {
          const sum = (k: 'received' | 'accepted' | 'rejected' | 'retried') => o.ingest.endpoints.reduce((s, e) => s + e[k], 0);
          const h = health.data;
          return (
            <>
              <div className="tiles">
                <StatTile label="ClickHouse" value={h?.clickhouse ?? '…'} sub={h ? `version ${h.clickhouseVersion} · Sightline ${h.version}` : health.error?.message} />
                <StatTile label="Spans stored" value={h ? formatCount(h.spans) : '…'} />
                <StatTile label="CDC events stored" value={h ? formatCount(h.cdcEvents) : '…'} />
                <StatTile label="Items received" value={formatCount(sum('received'))} sub={`${formatCount(sum('accepted'))} accepted`} />
                <StatTile
                  label="Items rejected"
                  value={formatCount(sum('rejected'))}
                  tone={sum('rejected') > 0 ? 'bad' : undefined}
                  sub={`${formatCount(sum('retried'))} retried requests`}
                />
                <StatTile label="Queue" value={formatCount(o.ingest.queue.reduce((s, q) => s + q.rows, 0))} sub="rows waiting" />
              </div>
              <section className="panel">
                <div className="panel-head">
                  <h2>Stored spans per second</h2>
                  <span className="hint">by span time, from the rollup</span>
                </div>
                <div className="panel-body">
                  {rateSpec && o.storedSpanRate.points.some((p) => p.spansPerSecond > 0) ? (
                    <LazyChart spec={rateSpec} ariaLabel="Stored spans per second" />
                  ) : (
                    <div className="state">No spans stored in this time range.</div>
                  )}
                </div>
              </section>
              <IngestTables ingest={o.ingest} />
              <WalPanel wal={o.wal} />
              <div className="grid-2">
                <section className="panel">
                  <div className="panel-head">
                    <h2>Storage</h2>
                    <span className="hint">active parts per table</span>
                  </div>
                  {o.storage.length > 0 ? <StorageTable storage={o.storage} /> : <div className="state">No tables with data yet.</div>}
                </section>
                <section className="panel">
                  <div className="panel-head">
                    <h2>Web vitals of this UI</h2>
                    <span className="hint">p75 per page (samples), via Faro RUM</span>
                  </div>
                  {o.webVitals.length > 0 ? (
                    <WebVitalsTable vitals={o.webVitals} />
                  ) : (
                    <div className="state">No web vitals reported in this time range yet.</div>
                  )}
                </section>
              </div>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
