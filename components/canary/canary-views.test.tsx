import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CanaryCard } from './canary-card';
import type { CanaryDetail, CanaryRow } from './canary-format';
import { MetricTable } from './metric-table';
import { VerdictTimeline } from './verdict-timeline';

const metrics: CanaryRow['metrics'] = [
  {
    id: 'errorRate',
    label: 'Error rate',
    unit: 'percent',
    canary: 0.054,
    baseline: 0.0017,
    comparison: { kind: 'difference', value: 0.0523 },
    pValue: 1e-12,
    ci: { low: 0.035, high: 0.07, of: 'difference' },
    shiftMs: null,
    threshold: 'High when p < 0.02 and the canary’s rate exceeds the baseline’s by more than 0.1 % points',
    classification: 'High',
    weight: 3,
    critical: true,
    failed: true,
    note: null,
  },
  {
    id: 'latencyP90',
    label: 'Latency p90',
    unit: 'ms',
    canary: 101.5,
    baseline: 96.5,
    comparison: { kind: 'ratio', value: 1.0518 },
    pValue: 0.0447,
    ci: { low: -0.4, high: 3.2, of: 'shiftMs' },
    shiftMs: 1.4,
    threshold: 'High when Mann-Whitney p < 0.02 and the ratio exceeds 1.15',
    classification: 'Pass',
    weight: 2,
    critical: false,
    failed: false,
    note: '<script>x</script>',
  },
];

const row: CanaryRow = {
  service: 'payment-svc',
  baselineVersion: '2.3.4',
  canaryVersion: '2.4.0-rc.1',
  detectedBy: 'deployment.role',
  canaryMarked: true,
  verdict: 'rollback',
  score: 0,
  reason: 'Roll back: the error rate is 5.4 % against 0.17 %.',
  metrics,
  requests: { canary: 667, baseline: 5773 },
  novelSignatures: [{ signature: 'redis_timeout', count: 36 }],
  window: { fromMs: 0, toMs: 3_600_000 },
};

describe('canary views (static render)', () => {
  it('a card shows service, verdict, score, versions and the reason', () => {
    const html = renderToStaticMarkup(<CanaryCard c={row} carried={{ from: 'now-1h' }} />);
    expect(html).toContain('data-service="payment-svc"');
    expect(html).toContain('data-verdict="rollback"');
    expect(html).toContain('href="/canary/payment-svc?from=now-1h"');
    expect(html).toContain('2.3.4 → 2.4.0-rc.1');
    expect(html).toContain('Roll back: the error rate is 5.4 % against 0.17 %.');
    expect(html).toContain('10.4%');
  });

  it('the metric table shows values, ratio or difference, p-value, interval, threshold and class; text stays inert', () => {
    const html = renderToStaticMarkup(<MetricTable metrics={metrics} spansHref={(m, side) => (m.id === 'errorRate' ? `/traces?version=${side}` : undefined)} />);
    expect(html).toContain('<a href="/traces?version=canary">5.40%</a>');
    expect(html).toContain('<a href="/traces?version=baseline">0.17%</a>');
    expect(html).toContain('+5.23 pp');
    expect(html).toContain('&lt; 0.0001');
    expect(html).toContain('[+3.50, +7.00] pp');
    expect(html).toContain('1.05×');
    expect(html).toContain('[−400 µs, +3.20 ms]');
    expect(html).toContain('data-classification="High"');
    expect(html).toContain('High (fail)');
    expect(html).not.toContain('<script>');
  });

  it('the verdict timeline has one segment per checkpoint', () => {
    const history: CanaryDetail['history'] = [
      { t: 600_000, verdict: 'inconclusive', score: null, reason: 'Too little traffic', canaryRequests: 10, baselineRequests: 100 },
      { t: 1_200_000, verdict: 'rollback', score: 0, reason: 'Roll back', canaryRequests: 80, baselineRequests: 800 },
    ];
    const html = renderToStaticMarkup(<VerdictTimeline history={history} fromMs={0} />);
    expect(html.match(/data-verdict=/g)).toHaveLength(2);
    expect(html).toContain('Roll back');
  });
});
