'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type { TimeSeriesSpec } from '../chart-spec';
import { DataLink } from '../data-link';
import { formatCount, formatMultiple, formatPercent } from '../format';
import { LazyChart } from '../lazy-chart';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { StatTile } from '../stat-tile';
import { serviceHref, tracesHref } from '../trace-links';
import { useTRPC } from '../trpc';
import { hrefWith, useCarriedParams, useTimeRange } from '../url-state';
import { formatComparison, formatScore, type CanaryDetail } from './canary-format';
import styles from './canary.module.css';
import { LazyDistribution } from './lazy-distribution';
import { MetricTable, type SpansHref } from './metric-table';
import { VerdictBadge } from './verdict-badge';
import { VerdictTimeline } from './verdict-timeline';

type Range = { from: string; to: string; refresh?: string };

function Tiles({ d, range }: { d: CanaryDetail; range: Range }) {
  const metric = (id: string) => d.metrics.find((m) => m.id === id);
  const errorRate = metric('errorRate');
  const p90 = metric('latencyP90');
  const novelty = metric('errorNovelty');
  const spans = (version: string, status?: 'error') => tracesHref({ ...range, service: d.service, kind: 'Server', version, status });
  return (
    <div className="tiles">
      <StatTile label="Score" value={formatScore(d.score)} tone={d.verdict === 'rollback' ? 'bad' : undefined} sub={`promote ≥ ${d.settings.verdict.promote.minScore}, roll back < ${d.settings.verdict.rollback.belowScore}`} />
      <StatTile label="Canary requests" value={formatCount(d.requests.canary)} href={spans(d.canaryVersion)} sub={`baseline ${formatCount(d.requests.baseline)}`} />
      <StatTile
        label="Error rate"
        value={formatPercent(errorRate?.canary ?? null)}
        href={spans(d.canaryVersion, 'error')}
        tone={errorRate?.failed ? 'bad' : undefined}
        sub={errorRate ? `baseline ${formatPercent(errorRate.baseline)} · ${formatComparison(errorRate)}` : undefined}
      />
      <StatTile label="p90 ratio" value={formatMultiple(p90?.comparison?.value ?? null)} tone={p90?.failed ? 'bad' : undefined} sub={`promote ≤ ${formatMultiple(d.settings.verdict.promote.maxP90Ratio)}, roll back > ${formatMultiple(d.settings.verdict.rollback.maxP90Ratio)}`} />
      <StatTile label="New error signatures" value={formatPercent(novelty?.canary ?? null)} tone={novelty?.failed ? 'bad' : undefined} sub={`of canary errors; roll back ≥ ${formatPercent(d.settings.verdict.rollback.minNovelty)}`} />
    </div>
  );
}

/** Failing requests behind an error rate, requests slower than a quantile behind a latency. */
function metricSpans(d: CanaryDetail, range: Range): SpansHref {
  return (m, side) => {
    const version = side === 'canary' ? d.canaryVersion : d.baselineVersion;
    const base = { ...range, service: d.service, kind: 'Server', version };
    if (m.id === 'errorRate') return tracesHref({ ...base, status: 'error' });
    const v = m[side];
    if (m.unit === 'ms' && v !== null) return tracesHref({ ...base, minDurationMs: Math.floor(v) });
    return undefined;
  };
}

function errorRateSpec(d: CanaryDetail): TimeSeriesSpec {
  return {
    kind: 'time-series',
    unit: 'percent',
    xMin: d.window.fromMs,
    xMax: d.window.toMs,
    series: [
      { name: `baseline ${d.baselineVersion}`, points: d.errorRates.map((p) => [p.t, p.baseline]) },
      { name: `canary ${d.canaryVersion}`, points: d.errorRates.map((p) => [p.t, p.canary]) },
    ],
  };
}

function Charts({ d, range }: { d: CanaryDetail; range: Range }) {
  const router = useRouter();
  const spec = useMemo(() => errorRateSpec(d), [d]);
  const distribution = useMemo(
    () => (d.latency ? { ...d.latency, canaryLabel: `canary ${d.canaryVersion}`, baselineLabel: `baseline ${d.baselineVersion}` } : null),
    [d],
  );
  const bucket = d.bucketSeconds >= 3600 ? `${d.bucketSeconds / 3600} h` : `${d.bucketSeconds / 60} min`;
  return (
    <div className="grid-2">
      <section className="panel">
        <div className="panel-head">
          <h2>Error rate over time</h2>
          <span className="hint">per {bucket} · click for the canary&apos;s failing spans</span>
        </div>
        <div className="panel-body">
          <LazyChart
            spec={spec}
            height={220}
            ariaLabel={`Error rate per ${bucket} of ${d.service} baseline ${d.baselineVersion} and canary ${d.canaryVersion}`}
            onTimeClick={(t) => router.push(tracesHref({ ...range, from: String(t), to: String(t + d.bucketSeconds * 1000), service: d.service, kind: 'Server', version: d.canaryVersion, status: 'error' }))}
          />
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Latency distribution</h2>
          <span className="hint">share of sampled requests per latency bin</span>
        </div>
        <div className="panel-body">
          {distribution ? (
            <LazyDistribution spec={distribution} ariaLabel={`Latency distributions of ${d.service} baseline and canary, overlaid`} />
          ) : (
            <div className="state">No sampled requests.</div>
          )}
        </div>
      </section>
    </div>
  );
}

function NovelSignatures({ d, range }: { d: CanaryDetail; range: Range }) {
  if (d.novelSignatures.length === 0) return <div className="state">Every canary error signature also appears in the baseline.</div>;
  return (
    <ul className={styles.summaryList}>
      {d.novelSignatures.map((s) => (
        <li key={s.signature}>
          <code>{s.signature}</code> <span className="muted">×{formatCount(s.count)}</span>
        </li>
      ))}
      <li>
        <DataLink href={tracesHref({ ...range, service: d.service, kind: 'Server', version: d.canaryVersion, status: 'error' })}>the canary&apos;s failing spans →</DataLink>
      </li>
    </ul>
  );
}

export function CanaryDetailView({ service }: { service: string }) {
  const trpc = useTRPC();
  const timeRange = useTimeRange();
  const carried = useCarriedParams();
  const query = useQuery(trpc.canary.get.queryOptions({ service, ...timeRange }, useLiveOptions()));
  const range: Range = { ...timeRange, refresh: carried.refresh };
  const d = query.data;
  return (
    <>
      <div className="page-head">
        <span className="crumbs">
          <Link href={hrefWith('/canary', carried)}>Canary</Link> /
        </span>
        <h1>{service}</h1>
        {d && <VerdictBadge verdict={d.verdict} />}
        {d && (
          <span className={styles.versions}>
            baseline {d.baselineVersion} → canary {d.canaryVersion}
          </span>
        )}
        <Link className="muted" href={serviceHref(service, carried)}>
          service →
        </Link>
      </div>
      <QueryState query={query} height={24}>
        {(x) => <p className={styles.reason}>{x.reason}</p>}
      </QueryState>
      <QueryState query={query} height={74}>
        {(x) => <Tiles d={x} range={range} />}
      </QueryState>
      <section className="panel">
        <div className="panel-head">
          <h2>Metrics</h2>
          <span className="hint">
            {d ? `${Math.round(d.settings.confidence * 100)} % confidence · ` : ''}latency: Mann-Whitney U with Hodges–Lehmann shift · errors: two-proportion z-test
          </span>
        </div>
        <QueryState query={query} height={240}>
          {(x) => <MetricTable metrics={x.metrics} spansHref={metricSpans(x, range)} />}
        </QueryState>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Verdict history</h2>
          <span className="hint">the verdict as it stood at each point, from the start of the range</span>
        </div>
        <div className="panel-body">
          <QueryState query={query} height={40}>
            {(x) => <VerdictTimeline history={x.history} fromMs={x.window.fromMs} />}
          </QueryState>
        </div>
      </section>
      <QueryState query={query} height={260}>
        {(x) => <Charts d={x} range={range} />}
      </QueryState>
      <section className="panel">
        <div className="panel-head">
          <h2>Error signatures new in the canary</h2>
          <span className="hint">error.type, else exception type, else status message, normalised</span>
        </div>
        <div className="panel-body">
          <QueryState query={query} height={60}>
            {(x) => <NovelSignatures d={x} range={range} />}
          </QueryState>
        </div>
      </section>
    </>
  );
}
