import { DataLink } from '../data-link';
import { formatComparison, formatInterval, formatMetricValue, formatPValue, type CanaryMetricRow } from './canary-format';
import styles from './canary.module.css';

function ClassCell({ m }: { m: CanaryMetricRow }) {
  const cls = m.failed ? styles.classFail : m.classification === 'Pass' ? styles.classPass : styles.classOther;
  return (
    <span className={cls} data-classification={m.classification}>
      {m.classification}
      {m.failed && ' (fail)'}
    </span>
  );
}

export type SpansHref = (m: CanaryMetricRow, side: 'canary' | 'baseline') => string | undefined;

function Value({ m, side, spansHref }: { m: CanaryMetricRow; side: 'canary' | 'baseline'; spansHref?: SpansHref }) {
  const text = formatMetricValue(m, m[side]);
  const href = m[side] === null ? undefined : spansHref?.(m, side);
  return href ? <DataLink href={href}>{text}</DataLink> : <>{text}</>;
}

/**
 * Every compared metric with the evidence behind its classification (SPEC §5.3 "explainable");
 * values link to the spans behind them where `spansHref` names them.
 */
export function MetricTable({ metrics, spansHref }: { metrics: CanaryMetricRow[]; spansHref?: SpansHref }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="sr-only">Canary metrics against the baseline</caption>
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">Canary</th>
            <th className="num">Baseline</th>
            <th className="num">Ratio / diff.</th>
            <th className="num">p-value</th>
            <th className="num">Confidence interval</th>
            <th>Threshold</th>
            <th>Class</th>
            <th className="num">Weight</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.id} data-metric={m.id}>
              <td>
                {m.label}
                {m.critical && <span className={styles.critical}>critical</span>}
                {m.note && <div className={styles.note}>{m.note}</div>}
              </td>
              <td className="num">
                <Value m={m} side="canary" spansHref={spansHref} />
              </td>
              <td className="num">
                <Value m={m} side="baseline" spansHref={spansHref} />
              </td>
              <td className="num">{formatComparison(m)}</td>
              <td className="num">{formatPValue(m.pValue)}</td>
              <td className="num" title={m.ci?.of === 'shiftMs' ? 'Hodges–Lehmann shift of canary against baseline' : 'canary − baseline'}>
                {formatInterval(m)}
              </td>
              <td className="muted">{m.threshold}</td>
              <td>
                <ClassCell m={m} />
              </td>
              <td className="num">{m.weight}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
