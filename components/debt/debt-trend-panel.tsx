'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { LazyChart } from '../lazy-chart';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import { debtTrendSpec } from './debt-chart-spec';
import { formatScore, type DebtTrend } from './debt-format';

function TrendBody({ trend, label }: { trend: DebtTrend; label: string }) {
  const spec = useMemo(() => debtTrendSpec(trend, label), [trend, label]);
  const t = trend.target;
  return (
    <>
      <LazyChart spec={spec} height={200} ariaLabel={`${label} per day${t ? `, against the target of ${t.index} by ${t.deadline}` : ''}`} />
      <p className="muted" style={{ margin: '6px 0 0', fontSize: 12 }}>
        {t
          ? `Target ${t.index} by ${t.deadline}, from ${formatScore(t.startIndex)}: ${t.onTrack === null ? 'no history yet' : t.onTrack ? 'on track' : 'behind the burn-down line'}.`
          : 'No target for this in sightline.debt.yaml (targets: service, index, deadline).'}
      </p>
    </>
  );
}

/** Daily snapshots of the index (a service's, or the traffic-weighted platform index) with target burn-down. */
export function DebtTrendPanel({ service }: { service?: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.debt.trend.queryOptions({ from: 'now-30d', to: 'now', ...(service ? { service } : {}) }, useLiveOptions()));
  const label = service ? `${service} debt index` : 'platform debt index';
  return (
    <section className="panel" aria-label="Debt trend">
      <div className="panel-head">
        <h2>Trend and burn-down{service ? `: ${service}` : ''}</h2>
        <span className="hint">daily snapshots, last 30 days</span>
      </div>
      <div className="panel-body">
        <QueryState query={query} isEmpty={(t) => t.days.every((d) => d.index === null)} empty="No debt history yet: no reports or spans in the last 30 days." height={200}>
          {(trend) => <TrendBody trend={trend} label={label} />}
        </QueryState>
      </div>
    </section>
  );
}
