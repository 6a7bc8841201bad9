import { formatDateTime } from '../format';
import { ALERT_LABELS, type AlertState } from './slo-format';
import styles from './slo.module.css';

const CLASS: Record<AlertState, string | undefined> = {
  page: styles.page,
  ticket: styles.ticket,
  none: styles.ok,
  insufficient_data: styles.nodata,
};

/** The alert state as a labelled badge, optionally with when it began. */
export function AlertBadge({
  state,
  sinceMs,
  sinceBeforeRange,
  stacked,
}: {
  state: AlertState;
  sinceMs?: number | null;
  sinceBeforeRange?: boolean;
  /** Since on its own line, for narrow table cells. */
  stacked?: boolean;
}) {
  const showSince = (state === 'page' || state === 'ticket') && sinceMs != null;
  return (
    <span>
      <span className={`${styles.badge} ${CLASS[state] ?? ''}`} data-alert={state}>
        {ALERT_LABELS[state]}
      </span>
      {showSince && (
        <span className={styles.since} style={stacked ? { display: 'block', marginLeft: 0 } : undefined} title={sinceBeforeRange ? 'The state already held at the start of the time range' : undefined}>
          since {sinceBeforeRange ? 'before ' : ''}
          {formatDateTime(sinceMs)}
        </span>
      )}
    </span>
  );
}
