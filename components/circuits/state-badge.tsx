import { STATE_CLASS, STATE_LABEL, type BreakerState } from './circuit-format';
import styles from './circuits.module.css';

export function StateBadge({ state }: { state: BreakerState }) {
  return (
    <span className={`${styles.badge} ${STATE_CLASS[state] ?? ''}`} data-state={state}>
      {STATE_LABEL[state]}
    </span>
  );
}
