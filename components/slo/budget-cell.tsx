import { formatPercent } from '../format';
import { budgetTone } from './slo-format';
import styles from './slo.module.css';

const FILL = { ok: styles.fillOk, warn: styles.fillWarn, bad: styles.fillBad, none: undefined };
const TEXT = { ok: undefined, warn: styles.toneWarn, bad: styles.toneBad, none: undefined };

/** Error budget remaining as a bar and a signed percentage (overspent budgets are negative). */
export function BudgetCell({ remaining }: { remaining: number | null }) {
  const tone = budgetTone(remaining);
  const width = remaining === null ? 0 : Math.max(0, Math.min(1, remaining)) * 100;
  return (
    <span className={styles.budget} data-budget={tone}>
      <span className={styles.bar} aria-hidden="true">
        {tone !== 'none' && <span className={`${styles.fill} ${FILL[tone] ?? ''}`} style={tone === 'bad' ? undefined : { width: `${width}%` }} />}
      </span>
      <span className={TEXT[tone]}>{formatPercent(remaining)}</span>
    </span>
  );
}
