'use client';

import { useQuery } from '@tanstack/react-query';
import { DataTable, type Column } from '../data-table';
import { formatCount } from '../format';
import { useLiveOptions } from '../live-query';
import { QueryState } from '../query-state';
import { useTRPC } from '../trpc';
import type { RouterOutputs } from '../api-types';

type Row = RouterOutputs['ledger']['trialBalance']['rows'][number];

/** Debits, credits and balance per account and currency for all postings up to the end of the range. */
export function TrialBalance({ range }: { range: { from: string; to: string } }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.ledger.trialBalance.queryOptions(range, useLiveOptions()));
  const columns: Column<Row>[] = [
    { key: 'currency', header: 'Currency', sortValue: (r) => r.currency, render: (r) => r.currency },
    { key: 'account', header: 'Account', sortValue: (r) => r.account, render: (r) => r.account },
    { key: 'entries', header: 'Entries', numeric: true, render: (r) => formatCount(r.entries) },
    { key: 'debits', header: 'Debits', numeric: true, render: (r) => r.debits },
    { key: 'credits', header: 'Credits', numeric: true, render: (r) => r.credits },
    { key: 'balance', header: 'Balance (D − C)', numeric: true, render: (r) => r.balance },
  ];
  return (
    <section className="panel" aria-label="Trial balance">
      <div className="panel-head">
        <h2>Trial balance</h2>
        <span className="hint">all postings up to the end of the range · exact decimals</span>
      </div>
      <QueryState query={query} isEmpty={(d) => d.rows.length === 0} empty="No journal entries yet." height={160}>
        {(d) => (
          <>
            <DataTable rows={d.rows} columns={columns} rowKey={(r) => `${r.currency}:${r.account}`} caption="Trial balance" />
            <div className="panel-body muted">
              {d.totals.map((t) => (
                <div key={t.currency}>
                  {t.currency}: debits {t.debits}, credits {t.credits}, difference <b className={t.balance === '0' ? undefined : 'bad'}>{t.balance}</b>
                </div>
              ))}
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
