'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { DataLink } from '../data-link';
import { formatCount, formatDateTime, formatMultiple, formatPercent, formatPercentPrecise } from '../format';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { StatTile } from '../stat-tile';
import { serviceHref, tracesHref } from '../trace-links';
import { useTRPC } from '../trpc';
import { hrefWith, useCarriedParams, useTimeRange } from '../url-state';
import { AlertBadge } from './alert-badge';
import { AlertTimeline } from './alert-timeline';
import { SloCharts } from './slo-charts';
import { formatExhaustion, type SloDetail } from './slo-format';
import styles from './slo.module.css';

function Meta({ d, carried }: { d: SloDetail; carried: Record<string, string> }) {
  return (
    <div className={styles.meta}>
      <span>
        service <Link href={serviceHref(d.service, carried)}>{d.service}</Link>
      </span>
      {d.route && (
        <span>
          route <b>{d.route}</b>
        </span>
      )}
      <span>
        SLI <b>{d.sliDescription}</b>
      </span>
      <span>
        objective <b>{formatPercentPrecise(d.objective)}</b> over a <b>{d.window.label}</b> window
      </span>
      <span>
        budgeting <b>{d.budgetingMethod}</b>
        {d.sliceTarget !== null && ` (a minute is good at ≥ ${formatPercentPrecise(d.sliceTarget)})`}
      </span>
      <span>{d.source === 'file' ? 'from sightline.slo.yaml' : 'default SLO'}</span>
      {d.description && <span>{d.description}</span>}
    </div>
  );
}

function Tiles({ d, refresh }: { d: SloDetail; refresh?: string }) {
  const units = d.budgetingMethod === 'Timeslices' ? d.budgetUnits : d.events;
  const unitName = d.budgetingMethod === 'Timeslices' ? 'minutes' : 'requests';
  return (
    <div className="tiles">
      <StatTile
        label="SLI"
        value={formatPercentPrecise(d.sliValue)}
        sub={`objective ${formatPercentPrecise(d.objective)}`}
        tone={d.sliValue !== null && d.sliValue < d.objective ? 'bad' : undefined}
      />
      <StatTile
        label="Error budget remaining"
        value={formatPercent(d.errorBudgetRemaining)}
        sub={`since ${formatDateTime(d.window.startMs)}`}
        tone={d.errorBudgetRemaining !== null && d.errorBudgetRemaining <= 0 ? 'bad' : undefined}
      />
      <StatTile label="Burn rate 1h" value={formatMultiple(d.burnRates['1h'])} sub={`5m ${formatMultiple(d.burnRates['5m'])} · 6h ${formatMultiple(d.burnRates['6h'])}`} />
      <StatTile label="Budget exhausted in" value={formatExhaustion(d.timeToExhaustionHours)} sub="at the 1h burn rate" />
      <StatTile
        label={`Bad ${unitName}`}
        value={formatCount(units.bad)}
        sub={`of ${formatCount(units.total)} in the window`}
        href={tracesHref({ ...d.badSpans, refresh })}
      />
    </div>
  );
}

function Rules({ d }: { d: SloDetail }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="sr-only">Multiwindow burn-rate alert rules</caption>
        <thead>
          <tr>
            <th>Rule</th>
            <th className="num">Long window</th>
            <th className="num">Short window</th>
            <th className="num">Threshold</th>
            <th>Means</th>
            <th>Now</th>
          </tr>
        </thead>
        <tbody>
          {d.alertRules.map((r) => (
            <tr key={r.long}>
              <td>{r.severity}</td>
              <td className="num">
                {r.long} {formatMultiple(d.burnRates[r.long])}
              </td>
              <td className="num">
                {r.short} {formatMultiple(d.burnRates[r.short])}
              </td>
              <td className="num">{formatMultiple(r.threshold)}</td>
              <td className="muted">
                {formatPercent(r.budgetShare)} of the budget in {r.long}
              </td>
              <td>{r.firing ? <AlertBadge state={r.severity} /> : <span className="muted">below</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SloDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const range = useTimeRange();
  const carried = useCarriedParams();
  const query = useQuery(trpc.slo.get.queryOptions({ id, ...range }, useLiveOptions()));
  const title = query.data?.displayName ?? id;
  return (
    <>
      <div className="page-head">
        <span className="crumbs">
          <Link href={hrefWith('/slo', carried)}>SLOs</Link> /
        </span>
        <h1>{title}</h1>
        {query.data && <AlertBadge state={query.data.alert} sinceMs={query.data.alertSinceMs} sinceBeforeRange={query.data.alertSinceBeforeRange} />}
        {query.data && (
          <DataLink href={tracesHref({ ...query.data.badSpans, refresh: carried.refresh })}>
            {query.data.sli === 'latency' ? 'slow' : 'bad'} spans in this range →
          </DataLink>
        )}
      </div>
      <QueryState query={query} height={40}>
        {(d) => <Meta d={d} carried={carried} />}
      </QueryState>
      <QueryState query={query} height={74}>
        {(d) => <Tiles d={d} refresh={carried.refresh} />}
      </QueryState>
      <section className="panel">
        <div className="panel-head">
          <h2>Alert timeline</h2>
          <span className="hint">state minute by minute</span>
        </div>
        <div className="panel-body">
          <QueryState query={query} height={60}>
            {(d) => <AlertTimeline detail={d} refresh={carried.refresh} />}
          </QueryState>
        </div>
      </section>
      <QueryState
        query={query}
        height={440}
        isEmpty={(d) => d.history.every((p) => p.sliBucket === null)}
        empty="No requests in this time range; widen it to see the SLO's history."
      >
        {(d) => <SloCharts detail={d} refresh={carried.refresh} />}
      </QueryState>
      <section className="panel">
        <div className="panel-head">
          <h2>Alert rules</h2>
          <span className="hint">SRE Workbook multiwindow, multi-burn-rate; thresholds from the {query.data?.window.label ?? 'SLO'} period</span>
        </div>
        <QueryState query={query} height={120}>
          {(d) => <Rules d={d} />}
        </QueryState>
      </section>
    </>
  );
}
