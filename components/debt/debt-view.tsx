'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { DataLink } from '../data-link';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { StatTile } from '../stat-tile';
import { useTRPC } from '../trpc';
import { useCarriedParams, useTimeRange } from '../url-state';
import { debtHref, formatScore } from './debt-format';
import { DebtServiceDetail } from './debt-service-detail';
import { DebtTable } from './debt-table';
import { DebtTrendPanel } from './debt-trend-panel';
import { EduList } from './edu-list';

/** /debt: where the debt is, whether it grows, who crosses the governance line, which EDUs fire. */
export function DebtView() {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const service = useSearchParams().get('service') || undefined;
  const live = useLiveOptions();
  const scores = useQuery(trpc.debt.scores.queryOptions(range, live));
  const summary = useQuery(trpc.debt.summary.queryOptions(range, live));
  return (
    <>
      <div className="page-head">
        <h1>Tech debt</h1>
        <span className="muted">Debt index per service (0–100, higher is more debt) as of the end of the time range</span>
      </div>
      <QueryState query={summary} height={74}>
        {(s) => (
          <div className="tiles">
            <StatTile label="Platform debt index" value={formatScore(s.platformIndex)} tone={s.platformIndex !== null && s.platformIndex > s.threshold ? 'bad' : undefined} sub="services weighted by traffic" />
            <StatTile label="Flagged for governance" value={s.flagged.length} tone={s.flagged.length > 0 ? 'bad' : undefined} sub={`index above ${s.threshold}`} />
            <StatTile label="Services" value={s.services} sub={`${s.notReported} with nothing reported`} />
          </div>
        )}
      </QueryState>
      <section className="panel">
        <div className="panel-head">
          <h2>Services by interest</h2>
          <span className="hint">ranked by index × traffic share · click a service for its contributors</span>
        </div>
        <QueryState query={scores} isEmpty={(rows) => rows.length === 0} empty="No debt data yet: send reports to POST /v1/debt/<kind> or traces to /v1/traces." height={240}>
          {(rows) => <DebtTable rows={rows} threshold={summary.data?.threshold ?? 40} selected={service} carried={carried} />}
        </QueryState>
      </section>
      {service && (
        <>
          <p style={{ margin: '0 0 8px' }}>
            <DataLink href={debtHref(carried)}>← all services</DataLink>
          </p>
          <DebtServiceDetail service={service} carried={carried} />
        </>
      )}
      <DebtTrendPanel service={service} />
      <EduList />
    </>
  );
}
