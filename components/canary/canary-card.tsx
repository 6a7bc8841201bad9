import Link from 'next/link';
import { formatCount, formatPercent } from '../format';
import { canaryHref, formatScore, type CanaryRow } from './canary-format';
import styles from './canary.module.css';
import { VerdictBadge } from './verdict-badge';

/** One canary: verdict, score and the reason in one sentence, linking to the evidence. */
export function CanaryCard({ c, carried }: { c: CanaryRow; carried: Record<string, string> }) {
  const share = c.requests.canary + c.requests.baseline > 0 ? c.requests.canary / (c.requests.canary + c.requests.baseline) : null;
  return (
    <article className={`panel ${styles.card}`} data-service={c.service} aria-label={`Canary of ${c.service}`}>
      <div className={styles.cardHead}>
        <h2>
          <Link href={canaryHref(c.service, carried)}>{c.service}</Link>
        </h2>
        <VerdictBadge verdict={c.verdict} />
        <span className={styles.score} title="passing weight over total weight × 100">
          {formatScore(c.score)}
          <span className={styles.scoreLabel}>score</span>
        </span>
      </div>
      <div className={styles.versions}>
        {c.baselineVersion} → {c.canaryVersion}
      </div>
      <p className={styles.reason}>{c.reason}</p>
      <div className={styles.facts}>
        <span>
          {formatCount(c.requests.canary)} canary / {formatCount(c.requests.baseline)} baseline requests ({formatPercent(share)} canary)
        </span>
        <span>{c.detectedBy === 'deployment.role' ? 'marked deployment.role=canary' : 'newer version with the minority of traffic'}</span>
      </div>
    </article>
  );
}
