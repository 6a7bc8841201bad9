'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useAreas } from '../auth/use-areas';
import { CanarySummary } from '../canary-summary';
import { CircuitsSummary } from '../circuits-summary';
import { DebtSummary } from '../debt-summary';
import { LedgerSummary } from '../ledger-summary';
import { useLiveOptions } from '../live-query';
import { SloSummary } from '../slo-summary';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { hrefWith, useCarriedParams, useTimeRange } from '../url-state';
import { DemoBackfillNotice } from './demo-backfill-notice';
import { ServicesTable } from './services-table';
import { SummaryTiles } from './summary-tiles';

export function OverviewView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const { known, can } = useAreas();
  const platform = can('services');
  const live = useLiveOptions();
  const query = useQuery(trpc.services.list.queryOptions(range, { ...live, enabled: platform }));
  // The same query as SloSummary's (one fetch): the later panels wait for it, see below.
  const slo = useQuery(trpc.slo.list.queryOptions(range, { ...live, enabled: platform && query.isFetched }));
  if (known && !platform) {
    // Auditors see the payment ledger only: their overview is its summary.
    return (
      <>
        <div className="page-head">
          <h1>Overview</h1>
        </div>
        <p className="notice">
          Your role opens the <Link href={hrefWith('/ledger', carried)}>ledger</Link>; the platform pages are for engineers and managers.
        </p>
        <LedgerSummary />
      </>
    );
  }
  if (!known) {
    return (
      <div className="page-head">
        <h1>Overview</h1>
      </div>
    );
  }
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
      {/* The panels ask in page order: the embedded engine runs one query at a time, so asking
          together would only make the services table and the SLO panel (the first things read)
          wait for the slower panels below them. */}
      {query.isFetched && <SloSummary />}
      {slo.isFetched && (
        <>
          <CircuitsSummary />
          <CanarySummary />
          <DebtSummary />
          <LedgerSummary />
        </>
      )}
    </>
  );
}
