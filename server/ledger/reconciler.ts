import type { Store } from '../../clickhouse/client';
import type { LedgerMapping } from '../ledger-mapping';
import { num, queryRows } from '../queries/run';
import { diffBreaks } from './break-diff';
import { storedBreaks, writeBreaks } from './break-store';
import {
  endsIngested,
  eventsCommitted,
  eventsIngested,
  eventsOfRows,
  eventsOfTxns,
  journalEntryIds,
  paymentsOfOrders,
  toLedgerChange,
  txnEnds,
  type EventRow,
} from './change-queries';
import { field, imageOf, refKey, type LedgerChange, type TxnEnd } from './ledger-change';
import { reconcile, refsOf, type ReconcileInput, type Ref } from './reconcile';
import type { ReconcileOptions } from './reconcile-options';

/**
 * The streaming side of reconciliation. Every tick it reads what was ingested since its
 * watermark plus the changes whose grace period just ran out, re-judges only the business
 * references those touch, and writes the breaks that opened, healed or reopened. History is read
 * once, on the first pass; after that each tick costs what arrived since the last.
 */

/** Changes younger than this are left for the next tick, so a transaction's rows still being inserted are judged together. */
export const SETTLE_MS = 1000;
/** At most this much ingest time per pass, so catching up on a long history runs in bounded memory. */
const CHUNK_MS = 30_000;
/** …and at most about this many change events (one insert's rows are never split). */
const CHUNK_ROWS = 20_000;
/** Deadlines passed at most this much apart per pass (after a long stop the backlog is read in steps). */
const DUE_CHUNK_MS = 10 * 60_000;
/** References judged per round of queries (keeps query parameters small). */
const REF_BATCH = 10_000;
const STATE_NAME = 'reconciler';

export interface ReconcilerState {
  watermarkMs: number;
  scannedToMs: number;
}

export interface PassResult extends ReconcilerState {
  refs: number;
  opened: number;
  healed: number;
  /** True when the watermark has reached now − SETTLE_MS and every passed deadline was checked. */
  caughtUp: boolean;
}

export async function loadState(store: Store): Promise<ReconcilerState | undefined> {
  const [row] = await queryRows<{ WatermarkMs: number | string; ScannedToMs: number | string }>(
    store,
    'SELECT WatermarkMs, ScannedToMs FROM ledger_reconciler_state FINAL WHERE Name = {name:String}',
    { name: STATE_NAME },
  );
  return row ? { watermarkMs: num(row.WatermarkMs), scannedToMs: num(row.ScannedToMs) } : undefined;
}

async function saveState(store: Store, state: ReconcilerState, nowMs: number): Promise<void> {
  await store.client.insert({
    table: 'ledger_reconciler_state',
    format: 'JSONEachRow',
    values: [{ Name: STATE_NAME, WatermarkMs: state.watermarkMs, ScannedToMs: state.scannedToMs, Version: nowMs }],
  });
}

/**
 * Where the next pass should stop reading: CHUNK_MS of ingest time after the first unread change,
 * or sooner once CHUNK_ROWS are covered; null when nothing new has arrived.
 */
async function nextChunkEnd(store: Store, sinceMs: number): Promise<number | null> {
  type Span = { n: number | string; first: number | string; last: number | string };
  const span = (table: string, rows: number) =>
    queryRows<Span>(
      store,
      `SELECT count() AS n, toUnixTimestamp64Milli(min(IngestedAt)) AS first, toUnixTimestamp64Milli(max(IngestedAt)) AS last FROM (
         SELECT IngestedAt FROM ${table} WHERE IngestedAt > fromUnixTimestamp64Milli({since:Int64}) ORDER BY IngestedAt LIMIT {rows:UInt32})`,
      { since: sinceMs, rows },
    ).then(([r]) => (r && num(r.n) > 0 ? { n: num(r.n), first: num(r.first), last: num(r.last) } : undefined));
  const [events, markers] = await Promise.all([span('cdc_events', CHUNK_ROWS), span('cdc_transactions', 1)]);
  const first = Math.min(events?.first ?? Infinity, markers?.first ?? Infinity);
  if (first === Infinity) return null;
  // +1: a window ends on whole milliseconds, and the last row may sit inside one.
  return events && events.n >= CHUNK_ROWS ? Math.min(first + CHUNK_MS, events.last + 1) : first + CHUNK_MS;
}

function changesOf(rows: readonly EventRow[], mapping: LedgerMapping): LedgerChange[] {
  return rows.flatMap((r) => toLedgerChange(r, mapping) ?? []);
}

/** The references a batch of changes touches; an order touches the payments that pay it. */
async function touchedRefs(store: Store, changes: readonly LedgerChange[]): Promise<Ref[]> {
  const refs = changes.flatMap(refsOf);
  const orderIds = [...new Set(changes.filter((c) => c.table === 'orders').map((c) => field(imageOf(c), 'id')))];
  for (const id of await paymentsOfOrders(store, orderIds)) refs.push({ refType: 'payment', refId: id });
  return [...new Map(refs.map((r) => [refKey(r.refType, r.refId), r])).values()];
}

/** The stored events behind these references: their rows, orders, journal entries, and every event of the transactions those were in. */
export async function refEventRows(store: Store, mapping: LedgerMapping, refs: readonly Ref[]): Promise<{ direct: EventRow[]; txns: EventRow[]; ends: TxnEnd[] }> {
  const idsOf = (type: string) => refs.filter((r) => r.refType === type).map((r) => r.refId);
  const [payments, refunds, settlements, entryIds] = await Promise.all([
    eventsOfRows(store, mapping, 'payments', idsOf('payment')),
    eventsOfRows(store, mapping, 'refunds', idsOf('refund')),
    eventsOfRows(store, mapping, 'settlements', idsOf('settlement')),
    journalEntryIds(store, refs),
  ]);
  const orderIds = [...new Set(changesOf(payments, mapping).flatMap((c) => [field(c.before, 'order_id'), field(c.after, 'order_id')]).filter((v) => v !== ''))];
  const [orders, journal] = await Promise.all([eventsOfRows(store, mapping, 'orders', orderIds), eventsOfRows(store, mapping, 'journal_entries', entryIds)]);
  const direct = [...payments, ...refunds, ...settlements, ...orders, ...journal];
  const txIds = [...new Set(direct.map((r) => r.TxId))];
  const [txns, ends] = await Promise.all([eventsOfTxns(store, txIds), txnEnds(store, txIds)]);
  return { direct, txns, ends };
}

/** Everything the rules need about these references. */
async function loadInput(store: Store, mapping: LedgerMapping, refs: readonly Ref[]): Promise<ReconcileInput> {
  const { direct, txns, ends } = await refEventRows(store, mapping, refs);
  const received: ReconcileInput['received'] = {};
  const counted = new Set<string>();
  for (const r of txns) {
    if (counted.has(r.EventId)) continue;
    counted.add(r.EventId);
    const perTable = (received[r.TxId] ??= {});
    const collection = `${r.SourceSchema}.${r.SourceTable}`;
    perTable[collection] = (perTable[collection] ?? 0) + 1;
  }
  return { changes: changesOf([...direct, ...txns], mapping), ends, received };
}

/** Re-judges `refs` as of `nowMs` and stores what changed. */
export async function reconcileRefs(store: Store, mapping: LedgerMapping, opts: ReconcileOptions, refs: readonly Ref[], nowMs: number): Promise<{ opened: number; healed: number }> {
  let opened = 0;
  let healed = 0;
  for (let i = 0; i < refs.length; i += REF_BATCH) {
    const batch = refs.slice(i, i + REF_BATCH);
    const [input, stored] = await Promise.all([loadInput(store, mapping, batch), storedBreaks(store, batch)]);
    const found = reconcile(batch, input, opts, nowMs);
    const { rows, changes } = diffBreaks(stored, found, nowMs);
    await writeBreaks(store, rows, changes, nowMs);
    opened += changes.filter((c) => c.change === 'opened' || c.change === 'reopened').length;
    healed += changes.filter((c) => c.change === 'healed').length;
  }
  return { opened, healed };
}

/**
 * One pass: what was ingested in the next chunk after the watermark, plus deadlines that passed.
 * `ruleNowMs` is the clock grace periods run on; only a test replaying the past sets it apart
 * from the ingest clock.
 */
export async function reconcilePass(store: Store, mapping: LedgerMapping, opts: ReconcileOptions, nowMs: number, ruleNowMs = nowMs): Promise<PassResult> {
  // A first start judges all history through the ingest-time chunks; deadlines start from now.
  const state = (await loadState(store)) ?? { watermarkMs: 0, scannedToMs: ruleNowMs };
  const ready = nowMs - SETTLE_MS;
  const chunkEnd = state.watermarkMs < ready ? await nextChunkEnd(store, state.watermarkMs) : null;
  const until = chunkEnd === null ? Math.max(state.watermarkMs, ready) : Math.max(state.watermarkMs, Math.min(ready, chunkEnd));
  // Concatenated, never push(...rows): a bulk load shares one ingest millisecond, so a chunk can
  // hold a million rows, far more arguments than a call takes.
  let rows: EventRow[] = [];
  if (chunkEnd !== null && until > state.watermarkMs) {
    const [ingested, ends] = await Promise.all([eventsIngested(store, state.watermarkMs, until), endsIngested(store, state.watermarkMs, until)]);
    rows = rows.concat(ingested, await eventsOfTxns(store, ends));
  }
  const dueTo = Math.min(ruleNowMs, state.scannedToMs + DUE_CHUNK_MS);
  if (dueTo > state.scannedToMs) {
    const [graced, trying] = await Promise.all([
      eventsCommitted(store, mapping, ['payments', 'refunds', 'journal_entries'], state.scannedToMs - opts.graceMs, dueTo - opts.graceMs),
      eventsCommitted(store, mapping, ['settlements'], state.scannedToMs - opts.tccTimeoutMs, dueTo - opts.tccTimeoutMs),
    ]);
    rows = rows.concat(graced, trying);
  }
  const refs = await touchedRefs(store, changesOf(rows, mapping));
  const { opened, healed } = await reconcileRefs(store, mapping, opts, refs, ruleNowMs);
  const next = { watermarkMs: until, scannedToMs: Math.max(state.scannedToMs, dueTo) };
  await saveState(store, next, nowMs);
  return { ...next, refs: refs.length, opened, healed, caughtUp: until >= ready && dueTo >= ruleNowMs };
}
