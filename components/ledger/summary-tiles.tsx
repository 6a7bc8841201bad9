'use client';

import { formatCount, formatMs, formatTime } from '../format';
import { StatTile } from '../stat-tile';
import type { LedgerSummaryData } from './ledger-format';

/** The unbalanced rate is judged against 0.001 %: show enough digits to see it. */
function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(4)} %`;
}

export function SummaryTiles({ s }: { s: LedgerSummaryData }) {
  const overRate = s.unbalancedRate > s.unbalancedTarget;
  const overLag = s.lagP99Ms !== null && s.lagP99Ms > s.lagTargetMs;
  return (
    <div className="tiles">
      <StatTile label="Journal transactions" value={formatCount(s.transactions)} sub={`${formatCount(s.entries)} entries`} />
      <StatTile
        label="Unbalanced rate"
        value={percent(s.unbalancedRate)}
        tone={overRate ? 'bad' : undefined}
        sub={`${s.unbalancedTxns} unbalanced · target ≤ ${percent(s.unbalancedTarget)}`}
      />
      <StatTile
        label="Lag p50 / p99"
        value={`${formatMs(s.lagP50Ms)} / ${formatMs(s.lagP99Ms)}`}
        tone={overLag ? 'bad' : undefined}
        sub={`commit → capture · target < ${s.lagTargetMs} ms`}
      />
      <StatTile
        label="Open breaks"
        value={formatCount(s.openBreaks)}
        tone={s.openBreaks > 0 ? 'bad' : undefined}
        sub={s.reconciler?.watermarkMs ? `stream reconciled to ${formatTime(s.reconciler.watermarkMs)}` : 'reconciler starting'}
      />
      {s.amounts.map((a) => (
        <StatTile key={a.currency} label={`Posted ${a.currency}`} value={a.debits} sub={`debits · credits ${a.credits} · ${formatCount(a.transactions)} txns`} />
      ))}
    </div>
  );
}
