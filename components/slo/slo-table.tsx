'use client';

import Link from 'next/link';
import { DataLink } from '../data-link';
import { DataTable, type Column } from '../data-table';
import { formatCount, formatMultiple, formatPercentPrecise } from '../format';
import { tracesHref } from '../trace-links';
import { AlertBadge } from './alert-badge';
import { BudgetCell } from './budget-cell';
import { ALERT_RANK, BURN_WINDOWS, formatExhaustion, ruleOfWindow, sloHref, type SloRow } from './slo-format';
import styles from './slo.module.css';

function burnColumn(w: (typeof BURN_WINDOWS)[number]): Column<SloRow> {
  return {
    key: `burn-${w}`,
    header: w,
    numeric: true,
    title: `Burn rate over the last ${w}: error ratio ÷ error budget (1× spends the budget in exactly one window period)`,
    sortValue: (r) => r.burnRates[w],
    render: (r) => {
      const v = r.burnRates[w];
      const rule = ruleOfWindow(r, w);
      const over = v !== null && rule !== undefined && v > rule.threshold;
      return (
        <span className={over ? styles.toneBad : undefined} title={rule ? `${rule.severity} threshold ${formatMultiple(rule.threshold)}` : undefined}>
          {formatMultiple(v)}
        </span>
      );
    },
  };
}

/** Every SLO, most spent budget first; each number leads to the SLO page or to its bad spans. */
export function SloTable({ rows, carried }: { rows: SloRow[]; carried: Record<string, string> }) {
  const columns: Column<SloRow>[] = [
    {
      key: 'alert',
      header: 'Alert',
      sortValue: (r) => ALERT_RANK[r.alert],
      render: (r) => <AlertBadge state={r.alert} sinceMs={r.alertSinceMs} sinceBeforeRange={r.alertSinceBeforeRange} stacked />,
    },
    {
      key: 'slo',
      header: 'SLO',
      sortValue: (r) => r.displayName,
      render: (r) => (
        <>
          <Link href={sloHref(r.id, carried)}>{r.displayName}</Link>
          <div className={styles.sub}>
            {r.source === 'file' ? `${r.service}${r.route ? ` ${r.route}` : ''} · ${r.sliDescription} · ` : ''}
            {formatPercentPrecise(r.objective)} · {r.window.label}
          </div>
        </>
      ),
    },
    {
      key: 'sli',
      header: 'SLI',
      numeric: true,
      sortValue: (r) => r.sliValue,
      title: 'Good share over the SLO window, event-weighted; the count links to the bad spans',
      render: (r) => (
        <>
          <span className={r.sliValue !== null && r.sliValue < r.objective ? styles.toneBad : undefined}>{formatPercentPrecise(r.sliValue)}</span>
          <div className={styles.sub}>
            <DataLink href={tracesHref({ ...r.badSpans, refresh: carried.refresh })} title={`The ${r.sli === 'latency' ? 'slow' : 'failed'} requests in the time range`}>
              {r.budgetingMethod === 'Timeslices'
                ? `${formatCount(r.budgetUnits.bad)} bad of ${formatCount(r.budgetUnits.total)} min`
                : `${formatCount(r.events.bad)} bad of ${formatCount(r.events.total)}`}
            </DataLink>
          </div>
        </>
      ),
    },
    {
      key: 'budget',
      header: 'Budget left',
      numeric: true,
      sortValue: (r) => r.errorBudgetRemaining,
      render: (r) => <BudgetCell remaining={r.errorBudgetRemaining} />,
    },
    ...BURN_WINDOWS.map(burnColumn),
    {
      key: 'exhaustion',
      header: 'Exhausted in',
      numeric: true,
      title: 'At the 1h burn rate, how long the remaining budget lasts',
      sortValue: (r) => r.timeToExhaustionHours,
      render: (r) => formatExhaustion(r.timeToExhaustionHours),
    },
  ];
  return <DataTable rows={rows} columns={columns} rowKey={(r) => r.id} caption="Service level objectives" />;
}
