import type { RouterOutputs } from '../api-types';
import { formatMs } from '../format';

type Vital = RouterOutputs['system']['overview']['webVitals'][number];

/** Google's Core Web Vitals thresholds (good up to the first value, poor from the second). */
const THRESHOLDS: Record<string, { good: number; poor: number; unit: 'ms' | 'score'; label: string }> = {
  lcp: { good: 2500, poor: 4000, unit: 'ms', label: 'LCP' },
  fcp: { good: 1800, poor: 3000, unit: 'ms', label: 'FCP' },
  inp: { good: 200, poor: 500, unit: 'ms', label: 'INP' },
  cls: { good: 0.1, poor: 0.25, unit: 'score', label: 'CLS' },
  ttfb: { good: 800, poor: 1800, unit: 'ms', label: 'TTFB' },
};
const METRICS = Object.keys(THRESHOLDS);

function Cell({ vital }: { vital: Vital | undefined }) {
  if (!vital) return <span className="muted">–</span>;
  const t = THRESHOLDS[vital.metric];
  const value = t?.unit === 'score' ? vital.p75.toFixed(3) : formatMs(vital.p75);
  if (!t) return <>{value}</>;
  const rating = vital.p75 <= t.good ? ['vital-good', 'good'] : vital.p75 <= t.poor ? ['vital-warn', 'needs improvement'] : ['vital-poor', 'poor'];
  return (
    <span className={rating[0]} title={`${rating[1]}; p75 of ${vital.samples} samples`}>
      {value} <span className="muted">({vital.samples})</span>
    </span>
  );
}

/** p75 per metric and page (rating in words on hover, colour is only a second cue). */
export function WebVitalsTable({ vitals }: { vitals: Vital[] }) {
  const pages = [...new Set(vitals.map((v) => v.page))].sort();
  const find = (page: string, metric: string) => vitals.find((v) => v.page === page && v.metric === metric);
  const others = [...new Set(vitals.map((v) => v.metric))].filter((m) => !METRICS.includes(m)).sort();
  const columns = [...METRICS, ...others];
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>Page</th>
            {columns.map((m) => (
              <th key={m} className="num">
                {THRESHOLDS[m]?.label ?? m} p75
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {pages.map((page) => (
            <tr key={page}>
              <td className="mono">{page || '(unknown)'}</td>
              {columns.map((m) => (
                <td key={m} className="num">
                  <Cell vital={find(page, m)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
