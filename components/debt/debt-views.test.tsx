import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { debtTrendSpec } from './debt-chart-spec';
import type { DebtDetail, DebtRow, DebtTrend } from './debt-format';
import { DebtDetailBody } from './debt-service-detail';
import { DebtTable } from './debt-table';
import { DimensionBar } from './dimension-bar';

const none = { maintainability: null, observability: null, buildStability: null, security: null };

const rows: DebtRow[] = [
  { service: 'notify-svc', rank: 1, index: 72.5, dimensions: { ...none, observability: 100, security: 15 }, flagged: true, trafficShare: 0.2, interest: 14.5, trend: [60, null, 70, 72.5] },
  { service: 'user-svc', rank: 2, index: 10, dimensions: { maintainability: 5, observability: 0, buildStability: 20, security: 14 }, flagged: false, trafficShare: 0.1, interest: 1, trend: [10] },
];

describe('debt views', () => {
  it('says "not reported" instead of drawing a missing dimension as 0', () => {
    expect(renderToStaticMarkup(<DimensionBar value={null} threshold={40} label="Security" />)).toContain('not reported');
    const html = renderToStaticMarkup(<DimensionBar value={55} threshold={40} label="Security" />);
    expect(html).toContain('55.0');
    expect(html).toContain('width:55%');
  });

  it('renders the ranked table with the flag, the bars and links that keep the time range', () => {
    const html = renderToStaticMarkup(<DebtTable rows={rows} threshold={40} selected="notify-svc" carried={{ from: 'now-6h' }} />);
    expect(html).toContain('Services by interest');
    expect(html).toContain('⚑ governance');
    expect(html).toContain('href="/debt?from=now-6h&amp;service=notify-svc"');
    expect(html.match(/not reported/g)).toHaveLength(2);
    expect(html).toContain('72.5');
  });

  it('renders the drill-down with measures and contributors, escaping hostile text', () => {
    const d: DebtDetail = {
      ...rows[0]!,
      asOf: Date.parse('2026-11-22T08:00:00Z'),
      threshold: 40,
      weights: { maintainability: 30, observability: 25, buildStability: 25, security: 20 },
      effectiveWeights: { maintainability: 0, observability: 25 / 45, buildStability: 0, security: 20 / 45 },
      levels: { maintainability: { healthy: 0, critical: 0.2 }, observability: { healthy: 0, critical: 0.3 }, buildStability: { healthy: 0, critical: 0.3 }, security: { healthy: 0, critical: 50 } },
      complexityLimit: 15,
      ciWindowDays: 30,
      measures: {
        maintainability: null,
        buildStability: null,
        observability: { spans: 40, missingAttributes: 40, serverSpans: 10, orphans: 0, errorSpans: 0, bareErrors: 0, missingShare: 1, orphanShare: 0, bareErrorShare: 0, share: 1 },
        security: { open: 2, withFix: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 1, unknown: 0 }, points: 7.5 },
      },
      contributors: {
        functions: [],
        findings: [],
        vulnerabilities: [{ id: 'CVE-2024-51744', package: 'jwt@v4.5.0', severity: 'low', fixAvailable: true, status: 'fixed', points: 0.75, target: 'app' }],
        workflows: [],
        tests: [],
        spans: [{ spanName: '<script>alert(1)</script>', spanKind: 'Server', spans: 10, missingVersion: 10, missingRegion: 0, missingOperation: 10, orphans: 0, bareErrors: 0 }],
      },
    };
    const html = renderToStaticMarkup(<DebtDetailBody d={d} carried={{}} />);
    expect(html).toContain('CVE-2024-51744');
    expect(html).toContain('100.0% of 40 spans miss attributes, 0% of 10 SERVER spans orphaned');
    expect(html).toContain('no data reported: its weight is spread');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('operation=%3Cscript%3Ealert');
  });

  it('charts the index against the governance line and the target burn-down', () => {
    const trend: DebtTrend = {
      service: 'notify-svc',
      threshold: 40,
      days: [
        { day: '2026-11-20', index: 80, dimensions: null, flagged: 1 },
        { day: '2026-11-21', index: null, dimensions: null, flagged: 0 },
        { day: '2026-11-22', index: 72.5, dimensions: null, flagged: 1 },
      ],
      target: { index: 20, deadline: '2026-12-01', startIndex: 80, onTrack: true, ideal: [{ day: '2026-11-20', value: 80 }, { day: '2026-12-01', value: 20 }] },
    };
    const spec = debtTrendSpec(trend, 'notify-svc debt index');
    expect(spec.unit).toBe('score');
    expect(spec.xMax).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(spec.series.map((s) => s.name)).toEqual(['notify-svc debt index', 'governance line (40)', 'target 20 by 2026-12-01']);
    expect(spec.series[0]!.points[1]).toEqual([Date.parse('2026-11-21T00:00:00Z'), null]);
  });
});
