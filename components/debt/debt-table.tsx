'use client';

import { DataLink } from '../data-link';
import { DataTable, type Column } from '../data-table';
import { formatPercent } from '../format';
import { Sparkline } from '../sparkline';
import { DIMENSIONS, debtHref, formatScore, type DebtRow } from './debt-format';
import styles from './debt.module.css';
import { DimensionBar } from './dimension-bar';

interface Props {
  rows: DebtRow[];
  threshold: number;
  selected?: string;
  carried: Record<string, string>;
}

/** Services ranked by interest (index × traffic share), each dimension as a small bar. */
export function DebtTable({ rows, threshold, selected, carried }: Props) {
  const columns: Column<DebtRow>[] = [
    { key: 'rank', header: '#', numeric: true, render: (r) => r.rank, sortValue: (r) => r.rank },
    {
      key: 'service',
      header: 'Service',
      render: (r) => (
        <DataLink href={debtHref({ ...carried, service: r.service })} className={r.service === selected ? styles.selected : undefined} aria-current={r.service === selected ? 'true' : undefined}>
          {r.service}
        </DataLink>
      ),
      sortValue: (r) => r.service,
    },
    {
      key: 'index',
      header: 'Debt index',
      numeric: true,
      title: `weighted sum of the reported dimensions; above ${threshold} is flagged for governance`,
      render: (r) => (
        <>
          <span className={r.flagged ? styles.indexBad : undefined}>{formatScore(r.index)}</span>
          {r.flagged && <span className={styles.flag}>⚑ governance</span>}
        </>
      ),
      sortValue: (r) => r.index,
    },
    ...DIMENSIONS.map(
      (d): Column<DebtRow> => ({
        key: d.key,
        header: d.label,
        numeric: true,
        render: (r) => <DimensionBar value={r.dimensions[d.key]} threshold={threshold} label={d.label} />,
        sortValue: (r) => r.dimensions[d.key],
      }),
    ),
    { key: 'traffic', header: 'Traffic', numeric: true, title: "share of the platform's SERVER calls in the last 24 h", render: (r) => formatPercent(r.trafficShare), sortValue: (r) => r.trafficShare },
    { key: 'interest', header: 'Interest', numeric: true, title: 'index × traffic share: debt where the traffic is', render: (r) => r.interest.toFixed(1), sortValue: (r) => r.interest },
    {
      key: 'trend',
      header: 'Trend (14 d)',
      render: (r) => {
        const values = r.trend.filter((v): v is number => v !== null);
        return <Sparkline values={values} width={96} height={20} label={`${r.service} debt index over the last 14 days: ${values.map((v) => v.toFixed(0)).join(', ') || 'no history'}`} />;
      },
    },
  ];
  return <DataTable rows={rows} columns={columns} rowKey={(r) => r.service} caption="Services by interest" />;
}
