import { formatDateTime, formatTime } from '../format';
import { VERDICT_LABELS, formatScore, type CanaryDetail } from './canary-format';
import styles from './canary.module.css';

const SEGMENT = { promote: styles.segPromote, hold: styles.segHold, rollback: styles.segRollback, inconclusive: styles.segInconclusive };

/** The verdict as it stood at each checkpoint, judging the data from the range's start up to it. */
export function VerdictTimeline({ history, fromMs }: { history: CanaryDetail['history']; fromMs: number }) {
  if (history.length === 0) return <div className="state">No checkpoints in this range.</div>;
  return (
    <div>
      <div className={styles.timeline} role="list" aria-label="Verdict history">
        {history.map((h) => (
          <div
            key={h.t}
            role="listitem"
            className={`${styles.segment} ${SEGMENT[h.verdict] ?? ''}`}
            data-verdict={h.verdict}
            title={`${formatTime(h.t)}: ${VERDICT_LABELS[h.verdict]}, score ${formatScore(h.score)} — ${h.reason}`}
          >
            {VERDICT_LABELS[h.verdict]}
          </div>
        ))}
      </div>
      <div className={styles.axis}>
        <span>{formatDateTime(fromMs)}</span>
        <span>{formatDateTime(history[history.length - 1]!.t)}</span>
      </div>
    </div>
  );
}
