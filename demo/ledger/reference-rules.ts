import { parseDecimal, rescale } from '../../ingest/cdc/decimal';
import type { ExactJson } from '../../ingest/cdc/json-exact';

/**
 * TEST ONLY: a small, independent reading of SPEC §5.5's break rules over a Debezium event
 * stream, used to prove that the generator's ground truth lists every break it produced and
 * nothing else. It sees only what ingest would see (events, BEGIN/END, LSNs, timestamps).
 *
 * Interpretations a reconciler may make differently: amount_mismatch compares each journal txn
 * of a payment with the payment (so a duplicate posting is not also a mismatch, and a payment
 * without any journal txn is missing_ledger only); the journal's balance is judged on the rows
 * as posted (inserts), a later edit being mutated_entry.
 */

export interface FoundBreak {
  kind: string;
  refType: string;
  refId: string;
  atMs: number;
}

export interface RuleOptions {
  /** End of the observed stream (epoch ms): grace periods and the TCC timeout run up to here. */
  observedUntilMs: number;
  graceMs?: number;
  tccTimeoutMs?: number;
  lagSlaMs?: number;
}

type Json = { [key: string]: ExactJson };
type Image = Record<string, ExactJson> | null;

interface Change {
  table: string;
  op: string;
  before: Image;
  after: Image;
  lsn: bigint;
  commitMs: number;
  captureMs: number;
  txn: string;
}

const obj = (v: ExactJson | undefined): Json => v as Json;
const str = (v: ExactJson | undefined): string => String(v);
const num = (v: ExactJson | undefined): number => Number(v);
/** Money as integer units of 10^-4: exact, whatever scale the text has. */
const units = (v: ExactJson | undefined): bigint => rescale(parseDecimal(str(v)), 4).unscaled;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function latest(changes: Change[]): Map<string, Change> {
  const rows = new Map<string, Change>();
  for (const c of changes) rows.set(str((c.after ?? c.before)!.id), c);
  return rows;
}

export function findBreaks(items: readonly ExactJson[], opts: RuleOptions): FoundBreak[] {
  const grace = opts.graceMs ?? 60_000;
  const tccTimeout = opts.tccTimeoutMs ?? 60_000;
  const sla = opts.lagSlaMs ?? 800;
  const found = new Map<string, FoundBreak>();
  const report = (kind: string, refType: string, refId: string, atMs: number): void => {
    const key = `${kind}|${refType}|${refId}`;
    const seen = found.get(key);
    if (!seen || atMs < seen.atMs) found.set(key, { kind, refType, refId, atMs });
  };

  const changes: Change[] = [];
  const ends = new Map<string, Json>();
  for (const item of items) {
    const e = obj(item);
    if ('status' in e) {
      if (e.status === 'END') ends.set(str(e.id), e);
      continue;
    }
    const source = obj(e.source);
    changes.push({
      table: str(source.table),
      op: str(e.op),
      before: (e.before ?? null) as Image,
      after: (e.after ?? null) as Image,
      lsn: BigInt(source.lsn as number | bigint | string),
      commitMs: num(source.ts_ms),
      captureMs: num(e.ts_ms),
      txn: str(obj(e.transaction).id),
    });
  }
  changes.sort((a, b) => (a.lsn < b.lsn ? -1 : a.lsn > b.lsn ? 1 : 0));
  const tables = new Map<string, Change[]>();
  const insertedAt = new Map<string, number>();
  for (const c of changes) {
    push(tables, c.table, c);
    if (c.op === 'c') insertedAt.set(`${c.table}:${str(c.after!.id)}`, c.commitMs);
  }
  const byTable = (t: string): Change[] => tables.get(t) ?? [];

  // The business reference of a source transaction: its payment, else settlement, refund, journal.
  const txnChanges = new Map<string, Change[]>();
  for (const c of changes) push(txnChanges, c.txn, c);
  const txnRef = (txn: string): [string, string] => {
    const cs = txnChanges.get(txn) ?? [];
    for (const [table, refType] of [['payments', 'payment'], ['settlements', 'settlement'], ['refunds', 'refund']] as const) {
      const c = cs.find((x) => x.table === table);
      if (c) return [refType, str((c.after ?? c.before)!.id)];
    }
    const entry = cs.find((x) => x.table === 'journal_entries')!;
    const row = (entry.after ?? entry.before)!;
    return [str(row.ref_type), str(row.ref_id)];
  };

  // incomplete_txn: END's counts against the events that arrived.
  for (const [id, end] of ends) {
    const got = txnChanges.get(id) ?? [];
    const perTable = new Map<string, number>();
    for (const c of got) perTable.set(`public.${c.table}`, (perTable.get(`public.${c.table}`) ?? 0) + 1);
    const declared = (end.data_collections as ExactJson[]).map(obj);
    const differs = num(end.event_count) !== got.length || declared.some((d) => num(d.event_count) !== (perTable.get(str(d.data_collection)) ?? 0));
    if (differs) report('incomplete_txn', ...txnRef(id), num(end.ts_ms));
  }
  // late_event: capture (≈ arrival) more than the SLA after commit.
  for (const c of changes) if (c.captureMs - c.commitMs > sla) report('late_event', ...txnRef(c.txn), c.commitMs);

  const payments = latest(byTable('payments'));
  const refunds = latest(byTable('refunds'));
  const orders = latest(byTable('orders'));
  const existing: Record<string, Set<string>> = {
    payment: new Set(payments.keys()),
    refund: new Set(refunds.keys()),
    settlement: new Set(latest(byTable('settlements')).keys()),
  };

  // Journal txns as posted.
  const journalTxns = new Map<string, Change[]>();
  for (const c of byTable('journal_entries')) {
    if (c.op === 'c') push(journalTxns, str(c.after!.txn_id), c);
    else report('mutated_entry', str(c.before!.ref_type), str(c.before!.ref_id), c.commitMs);
  }
  const postingsByRef = new Map<string, { txnId: string; atMs: number }[]>();
  for (const [txnId, entries] of journalTxns) {
    const head = entries[0]!.after!;
    const refType = str(head.ref_type);
    const refId = str(head.ref_id);
    const atMs = entries[0]!.commitMs;
    const balance = new Map<string, bigint>();
    let debits = 0n;
    for (const { after } of entries) {
      const amount = units(after!.amount);
      const signed = str(after!.direction) === 'D' ? amount : -amount;
      balance.set(str(after!.currency), (balance.get(str(after!.currency)) ?? 0n) + signed);
      if (str(after!.direction) === 'D') debits += amount;
    }
    if ([...balance.values()].some((v) => v !== 0n)) report('unbalanced_txn', refType, refId, atMs);
    const refKey = `${refType}|${refId}`;
    push(postingsByRef, refKey, { txnId, atMs });
    if (!existing[refType]?.has(refId)) {
      if (atMs <= opts.observedUntilMs - grace) report('orphan_entry', refType, refId, atMs);
    } else if (refType === 'payment' && debits !== units(payments.get(refId)!.after!.amount)) {
      report('amount_mismatch', 'payment', refId, atMs);
    }
  }
  for (const [refKey, postings] of postingsByRef) {
    if (postings.length < 2) continue;
    const [refType, refId] = refKey.split('|') as [string, string];
    report('duplicate_posting', refType, refId, postings.sort((a, b) => a.atMs - b.atMs)[1]!.atMs);
  }

  // amount_mismatch between an order and its payment, once both exist.
  for (const [id, p] of payments) {
    const order = orders.get(str(p.after!.order_id));
    if (!order || units(order.after!.amount) === units(p.after!.amount)) continue;
    report('amount_mismatch', 'payment', id, Math.max(insertedAt.get(`payments:${id}`)!, insertedAt.get(`orders:${str(p.after!.order_id)}`)!));
  }

  // missing_ledger / missing_reversal: SUCCEEDED with nothing posted once the grace period is over.
  for (const [rows, refType, kind] of [[payments, 'payment', 'missing_ledger'], [refunds, 'refund', 'missing_reversal']] as const) {
    for (const [id, c] of rows) {
      if (str(c.after?.status) !== 'SUCCEEDED' || postingsByRef.has(`${refType}|${id}`)) continue;
      if (c.commitMs <= opts.observedUntilMs - grace) report(kind, refType, id, c.commitMs);
    }
  }

  // TCC: each settlement's states in LSN order.
  const settlements = new Map<string, Change[]>();
  for (const c of byTable('settlements')) push(settlements, str((c.after ?? c.before)!.id), c);
  for (const [id, history] of settlements) {
    let tried = false;
    let cancelled = false;
    for (const c of history) {
      const state = str(c.after?.tcc_state);
      if (state === 'CANCELLED' && !tried) report('tcc_null_compensation', 'settlement', id, c.commitMs);
      if ((state === 'TRYING' || state === 'CONFIRMED') && cancelled) report('tcc_suspension', 'settlement', id, c.commitMs);
      if (state === 'TRYING') tried = true;
      if (state === 'CANCELLED') cancelled = true;
    }
    const last = history.at(-1)!;
    if (str(last.after?.tcc_state) === 'TRYING' && last.commitMs <= opts.observedUntilMs - tccTimeout) {
      report('tcc_hanging', 'settlement', id, last.commitMs);
    }
  }
  return [...found.values()];
}
