'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ChartSpec } from '../chart-spec';
import { DataLink } from '../data-link';
import { formatMs, formatPercent, formatRate } from '../format';
import { LazyChart } from '../lazy-chart';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { serviceHref, tracesHref } from '../trace-links';
import { useTRPC } from '../trpc';
import { hrefWith } from '../url-state';
import { RECOMMENDATION_LABEL, type CircuitDetail } from './circuit-format';
import styles from './circuits.module.css';
import { StateBadge } from './state-badge';
import { StateTimeline } from './state-timeline';

function charts(d: CircuitDetail): { calls: ChartSpec; errors: ChartSpec; latency: ChartSpec } {
  const xMin = d.segments[0]?.startMs ?? 0;
  const xMax = d.segments[d.segments.length - 1]?.endMs ?? xMin;
  const perSecond = (n: number) => n / d.bucketSeconds;
  return {
    calls: {
      kind: 'time-series',
      unit: 'rps',
      xMin,
      xMax,
      series: [
        { name: 'succeeded', points: d.series.map((p) => [p.t, perSecond(p.success)]) },
        { name: 'failed', points: d.series.map((p) => [p.t, perSecond(p.failure)]) },
        { name: 'timed out', points: d.series.map((p) => [p.t, perSecond(p.timeout)]) },
        { name: 'short-circuited', points: d.series.map((p) => [p.t, perSecond(p.shortCircuited)]) },
        { name: 'rejected by the replayed breaker', points: d.series.map((p) => [p.t, perSecond(p.rejected)]), dashed: true },
      ],
    },
    errors: { kind: 'time-series', unit: 'percent', xMin, xMax, series: [{ name: 'error rate', points: d.series.map((p) => [p.t, p.errorRate]), area: true }] },
    latency: {
      kind: 'time-series',
      unit: 'ms',
      xMin,
      xMax,
      series: [
        { name: 'p50', points: d.series.map((p) => [p.t, p.p50Ms]) },
        { name: 'p95', points: d.series.map((p) => [p.t, p.p95Ms]) },
        { name: 'p99', points: d.series.map((p) => [p.t, p.p99Ms]) },
      ],
    },
  };
}

function Settings({ settings }: { settings: CircuitDetail['settings'] }) {
  const entries = Object.entries(settings).filter(([k]) => k !== 'preset');
  return (
    <span>
      preset <b>{settings.preset}</b>
      {entries.length > 0 && <span className="muted"> ({entries.map(([k, v]) => `${k} ${String(v)}`).join(', ')})</span>}
    </span>
  );
}

function Risk({ risk }: { risk: CircuitDetail['risk'] }) {
  if (!risk) return <p className="muted">No risk score: fewer than 10 minutes of this edge’s calls in the hour before the end of the range.</p>;
  const rows = [
    ['QPS', risk.weights.qps, risk.qps, (v: number) => `${formatRate(v)}/s`],
    ['error rate', risk.weights.errorRate, risk.errorRate, (v: number) => formatPercent(v)],
    ['p95 latency', risk.weights.p95, risk.p95Ms, (v: number) => formatMs(v)],
  ] as const;
  return (
    <>
      <div className={styles.meta}>
        <span>
          score <b>{risk.score.toFixed(3)}</b>
        </span>
        <span>
          <b>{RECOMMENDATION_LABEL[risk.recommendation]}</b>
        </span>
        <span>
          baseline <b>{risk.baselineMinutes}</b> minutes before the last one
        </span>
      </div>
      <div className="table-wrap" style={{ marginTop: 8 }}>
        <table className="data">
          <caption className="sr-only">Risk score components</caption>
          <thead>
            <tr>
              <th>Metric</th>
              <th className="num">Last minute</th>
              <th className="num">Baseline mean</th>
              <th className="num">Baseline σ</th>
              <th className="num">z</th>
              <th className="num">Φ(z)</th>
              <th className="num">Weight</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, weight, c, fmt]) => (
              <tr key={name}>
                <td>{name}</td>
                <td className="num">{fmt(c.current)}</td>
                <td className="num">{fmt(c.baselineMean)}</td>
                <td className="num">{fmt(c.baselineStd)}</td>
                <td className="num">{c.z.toFixed(2)}</td>
                <td className="num">{c.p.toFixed(3)}</td>
                <td className="num">{weight}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Detail({ d, range, carried }: { d: CircuitDetail; range: { from: string; to: string }; carried: Record<string, string> }) {
  const c = charts(d);
  const spans = { from: range.from, to: range.to, service: d.caller, kind: 'Client', peerService: d.callee, refresh: carried.refresh };
  return (
    <div className="panel-body" style={{ display: 'grid', gap: 16 }}>
      <div className={styles.meta}>
        <StateBadge state={d.state} />
        <span>
          <b>{formatRate(d.rps)}</b>/s
        </span>
        <span>
          errors <DataLink href={tracesHref({ ...spans, status: 'error' })}>{formatPercent(d.errorRate)}</DataLink>
        </span>
        <span>
          p95 <b>{formatMs(d.p95Ms)}</b>
        </span>
        <span>
          <b>{d.transitions.length}</b> transition(s)
        </span>
        <Settings settings={d.settings} />
        <Link href={tracesHref(spans)}>the calls’ spans →</Link>
        <Link href={serviceHref(d.callee, carried)}>{d.callee} →</Link>
      </div>
      <StateTimeline detail={d} />
      <div className="grid-2">
        <div>
          <h3 className="muted" style={{ fontSize: 13, margin: '0 0 4px' }}>
            Calls per second by outcome
          </h3>
          <LazyChart spec={c.calls} ariaLabel={`Calls per second by outcome, ${d.caller} to ${d.callee}`} />
        </div>
        <div>
          <h3 className="muted" style={{ fontSize: 13, margin: '0 0 4px' }}>
            Error rate
          </h3>
          <LazyChart spec={c.errors} ariaLabel={`Error rate, ${d.caller} to ${d.callee}`} />
        </div>
        <div>
          <h3 className="muted" style={{ fontSize: 13, margin: '0 0 4px' }}>
            Latency
          </h3>
          <LazyChart spec={c.latency} ariaLabel={`Latency percentiles, ${d.caller} to ${d.callee}`} />
        </div>
        <div>
          <h3 className="muted" style={{ fontSize: 13, margin: '0 0 4px' }}>
            Risk score
          </h3>
          <Risk risk={d.risk} />
        </div>
      </div>
    </div>
  );
}

/** One edge: its breaker timeline and transitions, traffic by outcome, latency and risk. */
export function EdgeDetail({ caller, callee, range, carried }: { caller: string; callee: string; range: { from: string; to: string }; carried: Record<string, string> }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.circuits.edge.queryOptions({ caller, callee, ...range }, useLiveOptions()));
  return (
    <section className="panel" aria-label={`Circuit ${caller} to ${callee}`} data-testid="edge-detail">
      <div className="panel-head">
        <h2>
          {caller} → {callee}
        </h2>
        <Link className="hint" href={hrefWith('/circuits', carried)} scroll={false}>
          close ×
        </Link>
      </div>
      <QueryState query={query} height={420}>
        {(d) => <Detail d={d} range={range} carried={carried} />}
      </QueryState>
    </section>
  );
}
