'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { DataLink } from '../data-link';
import { DataTable } from '../data-table';
import { formatDateTime, formatPercent } from '../format';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { tracesHref } from '../trace-links';
import { useTRPC } from '../trpc';
import { DIMENSIONS, formatScore, type DebtDetail, type DimensionKey } from './debt-format';
import styles from './debt.module.css';
import { DimensionBar } from './dimension-bar';

type Measures = DebtDetail['measures'];

function measureText(key: DimensionKey, m: Measures, d: DebtDetail): string {
  if (key === 'maintainability' && m.maintainability) {
    return `${m.maintainability.overLimit} of ${m.maintainability.functions} functions over complexity ${d.complexityLimit} (${formatPercent(m.maintainability.share)})`;
  }
  if (key === 'observability' && m.observability) {
    const o = m.observability;
    return `${formatPercent(o.missingShare)} of ${o.spans} spans miss attributes, ${formatPercent(o.orphanShare)} of ${o.serverSpans} SERVER spans orphaned, ${formatPercent(o.bareErrorShare)} of ${o.errorSpans} error spans bare (24 h)`;
  }
  if (key === 'buildStability' && m.buildStability) {
    const b = m.buildStability;
    return `${b.failed} failed + ${b.flaky} flaky of ${b.runs} CI runs in ${d.ciWindowDays} d (${formatPercent(b.failureRate)})`;
  }
  if (key === 'security' && m.security) {
    const s = m.security;
    return `${s.open} open (${s.bySeverity.critical} critical, ${s.bySeverity.high} high, ${s.bySeverity.medium} medium, ${s.bySeverity.low} low), ${s.withFix} fixable: ${s.points} points`;
  }
  return 'no data reported: its weight is spread over the other dimensions';
}

function Block({ title, hint, empty, children }: { title: string; hint?: string; empty: boolean; children: ReactNode }) {
  return (
    <div>
      <h3 style={{ margin: '12px 0 6px', fontSize: 14 }}>
        {title} {hint && <span className="muted" style={{ fontWeight: 400, fontSize: 12 }}>{hint}</span>}
      </h3>
      {empty ? <p className="muted" style={{ margin: 0, fontSize: 13 }}>None.</p> : children}
    </div>
  );
}

export function DebtDetailBody({ d, carried }: { d: DebtDetail; carried: Record<string, string> }) {
  const c = d.contributors;
  const from = new Date(d.asOf - 86_400_000).toISOString();
  const to = new Date(d.asOf).toISOString();
  return (
    <>
      <div className={styles.summary}>
        <span>
          Debt index <span className={`${styles.big} ${d.flagged ? styles.indexBad : ''}`}>{formatScore(d.index)}</span>
          {d.flagged && <span className={styles.flag}>⚑ above {d.threshold}: governance</span>}
        </span>
        <span className="muted">
          rank {d.rank} · traffic {formatPercent(d.trafficShare)} · interest {d.interest.toFixed(1)}
        </span>
      </div>
      <div className={styles.dimCards} style={{ marginTop: 10 }}>
        {DIMENSIONS.map((dim) => (
          <div key={dim.key} className={styles.card} data-dimension={dim.key}>
            <h3>{dim.label}</h3>
            <div className={styles.cardValue}>
              <DimensionBar value={d.dimensions[dim.key]} threshold={d.threshold} label={dim.label} />
            </div>
            <div className={styles.sub}>
              weight {d.weights[dim.key]}
              {d.dimensions[dim.key] !== null && ` → ${formatPercent(d.effectiveWeights[dim.key])} effective`}
            </div>
            <div className={styles.sub}>{measureText(dim.key, d.measures, d)}</div>
          </div>
        ))}
      </div>
      <div className={styles.grid}>
        <Block title="Worst functions" hint={`cyclomatic complexity over ${d.complexityLimit}`} empty={c.functions.length === 0}>
          <DataTable
            rows={c.functions}
            rowKey={(f) => `${f.item}|${f.location}`}
            columns={[
              { key: 'fn', header: 'Function', render: (f) => f.item },
              { key: 'loc', header: 'Location', render: (f) => <span className="muted">{f.location}</span> },
              { key: 'cx', header: 'Complexity', numeric: true, render: (f) => f.complexity, sortValue: (f) => f.complexity },
            ]}
          />
        </Block>
        <Block title="Open vulnerabilities" hint="latest Trivy scan" empty={c.vulnerabilities.length === 0}>
          <DataTable
            rows={c.vulnerabilities}
            rowKey={(v) => `${v.id}|${v.package}`}
            columns={[
              { key: 'id', header: 'Vulnerability', render: (v) => v.id },
              { key: 'sev', header: 'Severity', render: (v) => <span className={v.severity === 'critical' || v.severity === 'high' ? 'tag tag-error' : 'tag'}>{v.severity}</span> },
              { key: 'pkg', header: 'Package', render: (v) => v.package },
              { key: 'fix', header: 'Fix', render: (v) => (v.fixAvailable ? 'available' : '—') },
              { key: 'pts', header: 'Points', numeric: true, render: (v) => v.points, sortValue: (v) => v.points },
            ]}
          />
        </Block>
        <Block title="Failing workflows" hint={`last ${d.ciWindowDays} days`} empty={c.workflows.every((w) => w.failed === 0)}>
          <DataTable
            rows={c.workflows.filter((w) => w.failed > 0)}
            rowKey={(w) => w.workflow}
            columns={[
              { key: 'wf', header: 'Workflow', render: (w) => (w.lastFailureUrl.startsWith('https://') ? <a href={w.lastFailureUrl} rel="noreferrer noopener">{w.workflow}</a> : w.workflow) },
              { key: 'failed', header: 'Failed', numeric: true, render: (w) => `${w.failed} of ${w.runs}`, sortValue: (w) => w.failed },
              { key: 'last', header: 'Last failure', render: (w) => (w.lastFailureMs === null ? '—' : formatDateTime(w.lastFailureMs)) },
            ]}
          />
        </Block>
        <Block title="Failing and flaky tests" hint="JUnit" empty={c.tests.length === 0}>
          <DataTable
            rows={c.tests}
            rowKey={(t) => t.test}
            columns={[
              { key: 'test', header: 'Test', render: (t) => t.test },
              { key: 'failed', header: 'Failed runs', numeric: true, render: (t) => t.failed },
              { key: 'flaky', header: 'Flaky runs', numeric: true, render: (t) => t.flaky },
            ]}
          />
        </Block>
        <Block title="Worst span attributes" hint="spans of the last 24 h with observability gaps" empty={c.spans.length === 0}>
          <DataTable
            rows={c.spans}
            rowKey={(s) => `${s.spanKind}|${s.spanName}`}
            columns={[
              {
                key: 'span',
                header: 'Span',
                render: (s) => <DataLink href={tracesHref({ ...carried, from, to, service: d.service, operation: s.spanName })}>{s.spanName}</DataLink>,
              },
              { key: 'kind', header: 'Kind', render: (s) => s.spanKind },
              { key: 'n', header: 'Spans', numeric: true, render: (s) => s.spans },
              { key: 'ver', header: 'No service.version', numeric: true, render: (s) => s.missingVersion },
              { key: 'reg', header: 'No cloud.region', numeric: true, render: (s) => s.missingRegion },
              { key: 'op', header: 'No route/method', numeric: true, render: (s) => s.missingOperation },
              { key: 'orphan', header: 'Orphaned', numeric: true, render: (s) => s.orphans },
              { key: 'bare', header: 'Bare errors', numeric: true, render: (s) => s.bareErrors },
            ]}
          />
        </Block>
        <Block title="Code findings" hint="latest SARIF" empty={c.findings.length === 0}>
          <DataTable
            rows={c.findings}
            rowKey={(f) => `${f.rule}|${f.level}`}
            columns={[
              { key: 'rule', header: 'Rule', render: (f) => f.rule },
              { key: 'level', header: 'Level', render: (f) => <span className={f.level === 'error' ? 'tag tag-error' : 'tag'}>{f.level}</span> },
              { key: 'n', header: 'Count', numeric: true, render: (f) => f.count },
              { key: 'ex', header: 'Example', render: (f) => <span className="muted">{f.location}: {f.example}</span> },
            ]}
          />
        </Block>
      </div>
    </>
  );
}

/** One service's dimensions with their raw measures and the top contributors to each. */
export function DebtServiceDetail({ service, carried }: { service: string; carried: Record<string, string> }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.debt.service.queryOptions({ service }, useLiveOptions()));
  return (
    <section className="panel" aria-label={`Debt of ${service}`}>
      <div className="panel-head">
        <h2>{service}</h2>
        <span className="hint">what makes up its debt</span>
      </div>
      <div className="panel-body">
        <QueryState query={query} height={240}>
          {(d) => <DebtDetailBody d={d} carried={carried} />}
        </QueryState>
      </div>
    </section>
  );
}
