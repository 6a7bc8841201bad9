import { VERDICT_LABELS, type Verdict } from './canary-format';
import styles from './canary.module.css';

const CLASS: Record<Verdict, string | undefined> = {
  promote: styles.promote,
  hold: styles.hold,
  rollback: styles.rollback,
  inconclusive: styles.inconclusive,
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className={`${styles.badge} ${CLASS[verdict] ?? ''}`} data-verdict={verdict}>
      {VERDICT_LABELS[verdict]}
    </span>
  );
}
