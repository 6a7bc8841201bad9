'use client';

import { useQuery } from '@tanstack/react-query';
import { useLiveOptions } from '../live-query';
import { SloSummary } from '../slo-summary';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { useCarriedParams, useTimeRange } from '../url-state';
import { DemoBackfillNotice } from './demo-backfill-notice';
import { ServicesTable } from './services-table';
import { SummaryTiles } from './summary-tiles';

export function OverviewView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const query = useQuery(trpc.services.list.queryOptions(range, useLiveOptions()));
  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <span className="muted">Services seen through their SERVER spans, from the 1-minute rollup</span>
      </div>
      <DemoBackfillNotice />
      <QueryState query={query} height={320}>
        {(services) => (
          <>
            <SummaryTiles services={services} range={range} />
            <section className="panel">
              <div className="panel-head">
                <h2>Services</h2>
                <span className="hint">numbers link to the spans behind them</span>
              </div>
              {services.length > 0 ? (
                <ServicesTable services={services} range={range} carried={carried} />
              ) : (
                <div className="state">No service reported SERVER spans in this time range.</div>
              )}
            </section>
          </>
        )}
      </QueryState>
      <SloSummary />
    </>
  );
}
