import { formatScore, scoreTone } from './debt-format';
import styles from './debt.module.css';

/** One dimension as a small bar with its number; `not reported` is said, never drawn as 0. */
export function DimensionBar({ value, threshold, label }: { value: number | null; threshold: number; label: string }) {
  if (value === null) {
    return (
      <span className={styles.none} title={`${label}: no data reported; its weight is spread over the other dimensions`}>
        not reported
      </span>
    );
  }
  const tone = scoreTone(value, threshold);
  return (
    <span className={styles.dim} title={`${label}: ${formatScore(value)} of 100`}>
      {formatScore(value)}
      <span className={styles.bar} aria-hidden="true">
        <span className={`${styles.fill} ${tone === 'bad' ? styles.bad : tone === 'warn' ? styles.warn : styles.ok}`} style={{ width: `${Math.max(2, Math.min(100, value))}%` }} />
      </span>
    </span>
  );
}
