import { DataLink } from '../data-link';
import { formatDateTime, formatMs } from '../format';
import { tracesHref } from '../trace-links';
import { AlertBadge } from './alert-badge';
import { ALERT_LABELS, type AlertState, type SloDetail } from './slo-format';
import styles from './slo.module.css';

const SEGMENT_CLASS: Record<AlertState, string | undefined> = {
  page: styles.segPage,
  ticket: styles.segTicket,
  none: styles.segNone,
  insufficient_data: styles.segNodata,
};

/**
 * The alert state minute by minute across the range as one strip, and every page or ticket
 * with its duration and the bad spans of that period.
 */
export function AlertTimeline({ detail, refresh }: { detail: SloDetail; refresh?: string }) {
  const { fromMs, toMs } = detail.range;
  const span = Math.max(1, toMs - fromMs);
  const alerts = detail.alertSegments.filter((s) => s.state === 'page' || s.state === 'ticket');
  // A range ending now (the last, still-filling minute) shows its last run as ongoing.
  const live = toMs >= Date.now() - 60_000;
  const describe = (s: SloDetail['alertSegments'][number]) =>
    `${ALERT_LABELS[s.state]}: ${formatDateTime(s.startMs)} → ${formatDateTime(s.endMs)} (${formatMs(s.endMs - s.startMs)})`;
  return (
    <>
      <div className={styles.timeline} role="img" aria-label={`Alert timeline: ${alerts.length === 0 ? 'no page or ticket' : alerts.map(describe).join('; ')}`}>
        {detail.alertSegments.map((s) => (
          <span
            key={s.startMs}
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
        {(['page', 'ticket', 'none', 'insufficient_data'] as const).map((state) => (
          <span key={state}>
            <span className={`${styles.swatch} ${SEGMENT_CLASS[state] ?? ''}`} />
            {ALERT_LABELS[state]}
          </span>
        ))}
      </div>
      {alerts.length > 0 && (
        <div className="table-wrap" style={{ marginTop: 12 }}>
          <table className="data">
            <caption className="sr-only">Pages and tickets in the time range</caption>
            <thead>
              <tr>
                <th>State</th>
                <th>From</th>
                <th>To</th>
                <th className="num">Duration</th>
                <th>Bad spans</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((s) => (
                <tr key={s.startMs}>
                  <td>
                    <AlertBadge state={s.state} />
                  </td>
                  <td>{formatDateTime(s.startMs)}</td>
                  <td>{s.endMs !== toMs ? formatDateTime(s.endMs) : live ? 'ongoing' : `${formatDateTime(s.endMs)} (end of range)`}</td>
                  <td className="num">{formatMs(s.endMs - s.startMs)}</td>
                  <td>
                    <DataLink href={tracesHref({ ...detail.badSpans, from: String(s.startMs), to: String(s.endMs), refresh })}>during this {ALERT_LABELS[s.state].toLowerCase()} →</DataLink>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
