import { formatDateTime, formatMs, formatTime } from '../format';
import { STATE_LABEL, type BreakerState, type CircuitDetail } from './circuit-format';
import styles from './circuits.module.css';
import { StateBadge } from './state-badge';

const SEGMENT_CLASS: Record<BreakerState, string | undefined> = {
  CLOSED: styles.segClosed,
  OPEN: styles.segOpen,
  HALF_OPEN: styles.segHalfOpen,
};

/** Shown in full; beyond this a flapping breaker's table would bury the page. */
const MAX_ROWS = 200;

/** The breaker's state across the range as one strip, and every transition with its reason. */
export function StateTimeline({ detail }: { detail: CircuitDetail }) {
  const fromMs = detail.segments[0]?.startMs ?? 0;
  const toMs = detail.segments[detail.segments.length - 1]?.endMs ?? fromMs;
  const span = Math.max(1, toMs - fromMs);
  const notClosed = detail.segments.filter((s) => s.state !== 'CLOSED');
  const describe = (s: CircuitDetail['segments'][number]) => `${STATE_LABEL[s.state]}: ${formatTime(s.startMs)} → ${formatTime(s.endMs)} (${formatMs(s.endMs - s.startMs)})`;
  const shown = detail.transitions.slice(-MAX_ROWS).reverse();
  return (
    <>
      <div
        className={styles.timeline}
        role="img"
        aria-label={`Breaker state timeline: ${notClosed.length === 0 ? 'closed throughout' : `${notClosed.length} period(s) not closed, ${formatMs(notClosed.reduce((ms, s) => ms + s.endMs - s.startMs, 0))} in all`}`}
        data-testid="state-timeline"
      >
        {detail.segments.map((s) => (
          <span
            key={`${s.startMs}-${s.state}`}
            className={`${styles.segment} ${SEGMENT_CLASS[s.state] ?? ''}`}
            style={{ left: `${((s.startMs - fromMs) / span) * 100}%`, width: `${((s.endMs - s.startMs) / span) * 100}%` }}
            title={describe(s)}
            data-state={s.state}
          />
        ))}
      </div>
      <div className={styles.axis}>
        <span>{formatDateTime(fromMs)}</span>
        <span>{formatDateTime(fromMs + span / 2)}</span>
        <span>{formatDateTime(toMs)}</span>
      </div>
      <div className={styles.legend}>
        {(['CLOSED', 'HALF_OPEN', 'OPEN'] as const).map((s) => (
          <span key={s}>
            <span className={`${styles.swatch} ${SEGMENT_CLASS[s] ?? ''}`} style={{ borderRadius: 2 }} />
            {STATE_LABEL[s]}
          </span>
        ))}
      </div>
      {shown.length > 0 ? (
        <div className="table-wrap" style={{ marginTop: 12, maxHeight: 320, overflow: 'auto' }}>
          <table className="data">
            <caption className="sr-only">Breaker transitions, newest first</caption>
            <thead>
              <tr>
                <th>Time</th>
                <th>From</th>
                <th>To</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t, i) => (
                <tr key={`${t.atMs}-${i}`}>
                  <td className="num">{formatTime(t.atMs)}</td>
                  <td>
                    <StateBadge state={t.from} />
                  </td>
                  <td>
                    <StateBadge state={t.to} />
                  </td>
                  <td>{t.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {detail.transitions.length > MAX_ROWS && <p className="muted">The newest {MAX_ROWS} of {detail.transitions.length} transitions.</p>}
        </div>
      ) : (
        <p className="muted">No transitions in this time range.</p>
      )}
    </>
  );
}
