'use client';

import Link from 'next/link';
import { formatCount, formatMs, formatPercent, formatRate } from '../format';
import { byErrorThenVolume, edgeHref, edgeId, errorLevel, type CircuitRow } from './circuit-format';
import styles from './circuits.module.css';
import { StateBadge } from './state-badge';

const MAX_DIAMETER = 68;
const MIN_DIAMETER = 10;

function Card({ row, maxRps, selected, carried }: { row: CircuitRow; maxRps: number; selected: boolean; carried: Record<string, string> }) {
  // Area ∝ rps, as on the Hystrix dashboard: the diameter grows with the square root.
  const diameter = Math.max(MIN_DIAMETER, MAX_DIAMETER * Math.sqrt(maxRps > 0 ? row.rps / maxRps : 0));
  const level = errorLevel(row.errorRate);
  const c = row.counts;
  return (
    <Link
      href={edgeHref(row, carried)}
      scroll={false}
      className={`${styles.card} ${selected ? styles.selected : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-edge={edgeId(row)}
    >
      <div className={styles.title}>
        <span>
          {row.caller} → {row.callee}
        </span>
        <StateBadge state={row.state} />
      </div>
      <div className={styles.circleBox}>
        <span className={`${styles.circle} ${level.className ?? ''}`} style={{ width: diameter, height: diameter }} title={`${formatRate(row.rps)}/s, ${level.label}`} />
      </div>
      <div className={styles.counts} aria-label="Rolling counts over the time range">
        <span className={styles.cSuccess} title="succeeded">
          <b>{formatCount(c.success)}</b> ok
        </span>
        <span className={styles.cShort} title="short-circuited by a breaker (reported on the spans)">
          <b>{formatCount(c.shortCircuited)}</b> short
        </span>
        <span className={styles.cTimeout} title="timed out">
          <b>{formatCount(c.timeout)}</b> timeout
        </span>
        <span className={styles.cFailure} title="failed (other than timeouts)">
          <b>{formatCount(c.failure)}</b> fail
        </span>
        <span className={styles.cRejected} title="would have been rejected by the replayed breaker while open">
          <b>{formatCount(c.rejected)}</b> rejected
        </span>
        <span title={`calls over the preset's slow threshold`}>
          <b>{formatCount(c.slow)}</b> slow
        </span>
      </div>
      <div className={styles.stats}>
        <span>
          <b>{formatRate(row.rps)}</b>/s
        </span>
        <span>
          errors <b>{formatPercent(row.errorRate)}</b>
        </span>
        <span>
          p50 <b>{formatMs(row.p50Ms)}</b>
        </span>
        <span>
          p95 <b>{formatMs(row.p95Ms)}</b>
        </span>
        <span>
          p99 <b>{formatMs(row.p99Ms)}</b>
        </span>
        <span>
          risk <b>{row.riskScore === null ? '–' : row.riskScore.toFixed(2)}</b>
        </span>
      </div>
    </Link>
  );
}

/** The Hystrix dashboard's circles: worst error rate first, then the busiest edges. */
export function CircuitGrid({ rows, selected, carried }: { rows: CircuitRow[]; selected: string | null; carried: Record<string, string> }) {
  const sorted = [...rows].sort(byErrorThenVolume);
  const maxRps = Math.max(0, ...rows.map((r) => r.rps));
  return (
    <>
      <div className={styles.grid} role="list" aria-label="Circuit breakers">
        {sorted.map((row) => (
          <div role="listitem" key={edgeId(row)}>
            <Card row={row} maxRps={maxRps} selected={selected === edgeId(row)} carried={carried} />
          </div>
        ))}
      </div>
      <div className={styles.legend}>
        <span>circle area ∝ requests per second; colour by error rate:</span>
        {[0, 0.1, 0.25, 0.4, 0.5].map((r) => {
          const level = errorLevel(r);
          return (
            <span key={r}>
              <span className={`${styles.swatch} ${level.className ?? ''}`} />
              {level.label}
            </span>
          );
        })}
      </div>
    </>
  );
}
