import { describe, expect, it } from 'vitest';
import { breakId, diffBreaks, type StoredBreak } from './break-diff';
import type { Finding } from './ledger-change';

const finding: Finding = {
  kind: 'missing_ledger',
  refType: 'payment',
  refId: '7',
  txnId: '',
  amount: '100',
  currency: 'CNY',
  occurredMs: 1000,
  detail: 'payment 7 SUCCEEDED and no journal txn posted within 60 s',
  evidence: ['e1', 'e2'],
};

describe('diffBreaks', () => {
  it('opens a new break, leaves an unchanged one alone, heals a vanished one and reopens it later', () => {
    const opened = diffBreaks([], [finding], 5000);
    expect(opened.changes).toEqual([{ breakId: breakId('missing_ledger', 'payment', '7'), atMs: 5000, change: 'opened', detail: finding.detail }]);
    const stored: StoredBreak = opened.rows[0]!;
    expect(stored).toMatchObject({ state: 'open', firstSeenMs: 5000, amount: '100' });

    expect(diffBreaks([stored], [{ ...finding, evidence: ['e2', 'e1'] }], 6000)).toEqual({ rows: [], changes: [] });

    const healed = diffBreaks([stored], [], 7000);
    expect(healed.rows).toEqual([{ ...stored, state: 'healed', stateChangedMs: 7000 }]);
    expect(healed.changes.map((c) => c.change)).toEqual(['healed']);

    const reopened = diffBreaks([healed.rows[0]!], [finding], 9000);
    expect(reopened.rows[0]).toMatchObject({ state: 'open', firstSeenMs: 5000, stateChangedMs: 9000 });
    expect(reopened.changes.map((c) => c.change)).toEqual(['reopened']);
  });

  it('records new evidence on an open break as an update', () => {
    const [stored] = diffBreaks([], [finding], 5000).rows;
    const more = diffBreaks([stored!], [{ ...finding, evidence: ['e1', 'e2', 'e3'] }], 8000);
    expect(more.changes.map((c) => c.change)).toEqual(['updated']);
    expect(more.rows[0]).toMatchObject({ firstSeenMs: 5000, stateChangedMs: 5000, evidence: ['e1', 'e2', 'e3'] });
  });
});
