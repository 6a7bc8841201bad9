import type { Store } from '../../clickhouse/client';
import { formatMicros } from '../../ingest/cdc/timestamps';
import { num, queryRows } from '../queries/run';
import type { BreakKind } from './break-kinds';
import type { BreakChange, StoredBreak } from './break-diff';
import type { Ref } from './reconcile';

/** Reading and writing ledger_breaks / ledger_break_changes. */

export const BREAK_COLUMNS = `BreakId, Kind, RefType, RefId, TxnId, toString(Amount) AS Amount, Currency,
  toUnixTimestamp64Milli(OccurredAt) AS OccurredMs, toUnixTimestamp64Milli(FirstSeen) AS FirstSeenMs, State,
  toUnixTimestamp64Milli(StateChangedAt) AS StateChangedMs, Detail, EvidenceEventIds`;

export interface BreakRow {
  BreakId: string;
  Kind: string;
  RefType: string;
  RefId: string;
  TxnId: string;
  Amount: string | null;
  Currency: string;
  OccurredMs: number | string;
  FirstSeenMs: number | string;
  State: string;
  StateChangedMs: number | string;
  Detail: string;
  EvidenceEventIds: string[];
}

export function fromBreakRow(r: BreakRow): StoredBreak {
  return {
    breakId: r.BreakId,
    kind: r.Kind as BreakKind,
    refType: r.RefType,
    refId: r.RefId,
    txnId: r.TxnId,
    amount: r.Amount,
    currency: r.Currency,
    occurredMs: num(r.OccurredMs),
    firstSeenMs: num(r.FirstSeenMs),
    state: r.State === 'open' ? 'open' : 'healed',
    stateChangedMs: num(r.StateChangedMs),
    detail: r.Detail,
    evidence: r.EvidenceEventIds,
  };
}

/** Stored breaks of these references, current versions. */
export async function storedBreaks(store: Store, refs: readonly Ref[]): Promise<StoredBreak[]> {
  if (refs.length === 0) return [];
  const rows = await queryRows<BreakRow>(
    store,
    `SELECT ${BREAK_COLUMNS} FROM ledger_breaks FINAL
     WHERE RefId IN {refIds:Array(String)} AND concat(RefType, ':', RefId) IN {keys:Array(String)}`,
    { refIds: [...new Set(refs.map((r) => r.refId))], keys: refs.map((r) => `${r.refType}:${r.refId}`) },
  );
  return rows.map(fromBreakRow);
}

const msText = (ms: number): string => formatMicros(BigInt(Math.round(ms)) * 1000n);

let lastVersion = 0n;
/** Strictly increasing within the process, so a later write always wins the merge. */
function nextVersion(nowMs: number): bigint {
  const candidate = BigInt(nowMs) * 1000n;
  lastVersion = candidate > lastVersion ? candidate : lastVersion + 1n;
  return lastVersion;
}

export async function writeBreaks(store: Store, rows: readonly StoredBreak[], changes: readonly BreakChange[], nowMs: number): Promise<void> {
  if (rows.length > 0) {
    await store.client.insert({
      table: 'ledger_breaks',
      format: 'JSONEachRow',
      values: rows.map((b) => ({
        BreakId: b.breakId,
        Kind: b.kind,
        RefType: b.refType,
        RefId: b.refId,
        TxnId: b.txnId,
        Amount: b.amount,
        Currency: b.currency,
        OccurredAt: msText(b.occurredMs),
        FirstSeen: msText(b.firstSeenMs),
        State: b.state,
        StateChangedAt: msText(b.stateChangedMs),
        Detail: b.detail,
        EvidenceEventIds: b.evidence,
        Version: nextVersion(nowMs).toString(),
      })),
    });
  }
  if (changes.length > 0) {
    await store.client.insert({
      table: 'ledger_break_changes',
      format: 'JSONEachRow',
      values: changes.map((c) => ({ BreakId: c.breakId, At: msText(c.atMs), Change: c.change, Detail: c.detail })),
    });
  }
}
