import { describe, expect, it } from 'vitest';
import type { LedgerTableName } from '../ledger-tables';
import type { CanonicalRow, LedgerChange, TxnEnd } from './ledger-change';
import { reconcile, type ReconcileInput, type Ref } from './reconcile';
import { DEFAULT_RECONCILE_OPTIONS } from './reconcile-options';

// Hand-built change streams: each rule on its own, late arrivals that heal, out-of-order delivery.

const T0 = Date.UTC(2026, 0, 1, 12);
let lsn = 1000n;
let eventNo = 0;

function change(table: LedgerTableName, op: string, txId: string, atMs: number, before: CanonicalRow | null, after: CanonicalRow | null, captureLagMs = 20): LedgerChange {
  lsn += 10n;
  return { eventId: `e${++eventNo}`, table, op, lsn, txId, commitMs: atMs, captureMs: atMs + captureLagMs, ingestedMs: atMs + captureLagMs + 5, before, after };
}

const order = (id: string, amount: string, status = 'CREATED'): CanonicalRow => ({ id, amount, currency: 'CNY', status });
const payment = (id: string, amount: string, status: string): CanonicalRow => ({ id, order_id: id, amount, currency: 'CNY', status });
const refund = (id: string, amount: string, status: string): CanonicalRow => ({ id, payment_id: id, order_id: id, amount, currency: 'CNY', status });
const settlement = (id: string, state: string): CanonicalRow => ({ id, order_id: id, amount: '95.05', currency: 'CNY', tcc_state: state });
const entry = (id: string, txn: string, direction: 'D' | 'C', amount: string, refType: string, refId: string, account = 'customer_clearing'): CanonicalRow => ({
  id,
  txn_id: txn,
  account,
  direction,
  amount,
  currency: 'CNY',
  ref_type: refType,
  ref_id: refId,
});

/** A balanced payment posting: 100.00 debit, 95.00 + 5.00 credits. */
function paymentPosting(id: string, txId: string, atMs: number, credit = '95.00', txn = `P-${id}`): LedgerChange[] {
  return [
    change('journal_entries', 'c', txId, atMs, null, entry(`${txn}-1`, txn, 'D', '100.00', 'payment', id)),
    change('journal_entries', 'c', txId, atMs, null, entry(`${txn}-2`, txn, 'C', credit, 'payment', id, 'merchant_payable')),
    change('journal_entries', 'c', txId, atMs, null, entry(`${txn}-3`, txn, 'C', '5.00', 'payment', id, 'platform_fee_income')),
  ];
}

/** A healthy paid order: order, pending payment, then SUCCEEDED + PAID + posting in one transaction. */
function paidFlow(id: string, atMs = T0): LedgerChange[] {
  return [
    change('orders', 'c', `${id}-1`, atMs, null, order(id, '100.00')),
    change('payments', 'c', `${id}-2`, atMs + 100, null, payment(id, '100.00', 'PENDING')),
    change('payments', 'u', `${id}-3`, atMs + 500, payment(id, '100.00', 'PENDING'), payment(id, '100.00', 'SUCCEEDED')),
    change('orders', 'u', `${id}-3`, atMs + 500, order(id, '100.00'), order(id, '100.00', 'PAID')),
    ...paymentPosting(id, `${id}-3`, atMs + 500),
  ];
}

function input(changes: LedgerChange[], ends: TxnEnd[] = []): ReconcileInput {
  const received: ReconcileInput['received'] = {};
  for (const c of changes) {
    const perTable = (received[c.txId] ??= {});
    perTable[`public.${c.table}`] = (perTable[`public.${c.table}`] ?? 0) + 1;
  }
  return { changes, ends, received };
}

const pay = (id: string): Ref => ({ refType: 'payment', refId: id });
const kinds = (refs: Ref[], changes: LedgerChange[], nowMs: number, ends: TxnEnd[] = []) =>
  reconcile(refs, input(changes, ends), DEFAULT_RECONCILE_OPTIONS, nowMs).map((f) => `${f.kind} ${f.refType}:${f.refId}`);

const LATER = T0 + 10 * 60_000;

describe('reconcile', () => {
  it('finds nothing in a healthy paid, settled flow', () => {
    const flow = [
      ...paidFlow('1'),
      change('settlements', 'c', '1-4', T0 + 3000, null, settlement('1', 'TRYING')),
      change('settlements', 'u', '1-5', T0 + 20_000, settlement('1', 'TRYING'), settlement('1', 'CONFIRMED')),
    ];
    expect(kinds([pay('1'), { refType: 'settlement', refId: '1' }], flow, LATER)).toEqual([]);
  });

  it('unbalanced_txn: credits exceed debits by 0.01, reported with the txn and the exact difference', () => {
    const flow = paidFlow('2').filter((c) => c.table !== 'journal_entries');
    flow.push(...paymentPosting('2', '2-3', T0 + 500, '95.01'));
    const [f] = reconcile([pay('2')], input(flow), DEFAULT_RECONCILE_OPTIONS, LATER);
    expect(f).toMatchObject({ kind: 'unbalanced_txn', refType: 'payment', refId: '2', txnId: 'P-2', amount: '0.01', currency: 'CNY' });
    expect(f!.detail).toContain('credits exceed debits by 0.01');
  });

  it('missing_ledger waits for the grace period, and heals when the posting arrives late', () => {
    const flow = paidFlow('3').filter((c) => c.table !== 'journal_entries');
    const succeeded = T0 + 500;
    expect(kinds([pay('3')], flow, succeeded + 59_000)).toEqual([]);
    const [f] = reconcile([pay('3')], input(flow), DEFAULT_RECONCILE_OPTIONS, succeeded + 60_000);
    expect(f).toMatchObject({ kind: 'missing_ledger', amount: '100', currency: 'CNY', occurredMs: succeeded });
    const healed = [...flow, ...paymentPosting('3', '3-9', succeeded + 120_000)];
    expect(kinds([pay('3')], healed, succeeded + 130_000)).toEqual([]);
  });

  it('missing_reversal: a SUCCEEDED refund without its reversal', () => {
    const flow = [
      ...paidFlow('4'),
      change('refunds', 'c', '4-6', T0 + 9000, null, refund('4', '100.00', 'PENDING')),
      change('refunds', 'u', '4-7', T0 + 10_000, refund('4', '100.00', 'PENDING'), refund('4', '100.00', 'SUCCEEDED')),
    ];
    expect(kinds([pay('4'), { refType: 'refund', refId: '4' }], flow, LATER)).toEqual(['missing_reversal refund:4']);
  });

  it('amount_mismatch: order vs payment, and journal debits vs payment', () => {
    const orderSide = paidFlow('5').map((c) => (c.table === 'orders' ? { ...c, after: { ...c.after!, amount: '120.00' } } : c));
    expect(kinds([pay('5')], orderSide, LATER)).toEqual(['amount_mismatch payment:5']);
    const journalSide = paidFlow('6').filter((c) => c.table !== 'journal_entries');
    journalSide.push(
      change('journal_entries', 'c', '6-3', T0 + 500, null, entry('P-6-1', 'P-6', 'D', '90.00', 'payment', '6')),
      change('journal_entries', 'c', '6-3', T0 + 500, null, entry('P-6-2', 'P-6', 'C', '90.00', 'payment', '6', 'merchant_payable')),
    );
    const [f] = reconcile([pay('6')], input(journalSide), DEFAULT_RECONCILE_OPTIONS, LATER);
    expect(f).toMatchObject({ kind: 'amount_mismatch', detail: 'journal txn P-6 debits 90 for a payment of 100' });
  });

  it('duplicate_posting: a retried posting, and no amount_mismatch on top of it', () => {
    const flow = [...paidFlow('7'), ...paymentPosting('7', '7-4', T0 + 2500, '95.00', 'P-7-retry')];
    const [f, ...rest] = reconcile([pay('7')], input(flow), DEFAULT_RECONCILE_OPTIONS, LATER);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'duplicate_posting', txnId: 'P-7,P-7-retry', occurredMs: T0 + 2500 });
  });

  it('orphan_entry: a reversal for a refund that does not exist, after the grace period only', () => {
    const ghost = [
      change('journal_entries', 'c', '8-5', T0, null, entry('R-8-1', 'R-8', 'D', '100.00', 'refund', '8', 'merchant_payable')),
      change('journal_entries', 'c', '8-5', T0, null, entry('R-8-2', 'R-8', 'C', '100.00', 'refund', '8')),
    ];
    const ref = { refType: 'refund', refId: '8' };
    expect(kinds([ref], ghost, T0 + 30_000)).toEqual([]);
    expect(kinds([ref], ghost, T0 + 60_000)).toEqual(['orphan_entry refund:8']);
    // The refund row turns up late (out of order): the orphan heals.
    const withRefund = [...ghost, change('refunds', 'c', '8-4', T0 - 1000, null, refund('8', '100.00', 'SUCCEEDED'))];
    expect(kinds([ref], withRefund, T0 + 90_000)).toEqual([]);
  });

  it('mutated_entry: an update and a delete of posted lines, described with what changed', () => {
    const flow = paidFlow('9');
    const line = flow.find((c) => c.after?.account === 'merchant_payable')!.after!;
    flow.push(change('journal_entries', 'u', '9-8', T0 + 9000, line, { ...line, account: 'manual_adjustment' }));
    const [f] = reconcile([pay('9')], input(flow), DEFAULT_RECONCILE_OPTIONS, LATER);
    expect(f).toMatchObject({ kind: 'mutated_entry', txnId: 'P-9', detail: 'entry P-9-2 updated (account: merchant_payable → manual_adjustment)' });
    const deleted = [...paidFlow('10'), change('journal_entries', 'd', '10-9', T0 + 9000, entry('P-10-3', 'P-10', 'C', '5.00', 'payment', '10'), null)];
    expect(kinds([pay('10')], deleted, LATER)).toEqual(['mutated_entry payment:10']);
  });

  it('incomplete_txn: END counts an event that never came; heals when it arrives out of order', () => {
    const flow = paidFlow('11');
    const withheld = flow.find((c) => c.table === 'orders' && c.op === 'u')!;
    const end: TxnEnd = { txId: '11-3', eventCount: 5, dataCollections: { 'public.payments': 1, 'public.orders': 1, 'public.journal_entries': 3 }, ingestedMs: T0 + 600 };
    const arrived = flow.filter((c) => c !== withheld);
    const [f] = reconcile([pay('11')], input(arrived, [end]), DEFAULT_RECONCILE_OPTIONS, LATER);
    expect(f).toMatchObject({ kind: 'incomplete_txn', refType: 'payment', refId: '11', txnId: '11-3' });
    expect(f!.detail).toContain('END counts 5 events, 4 received');
    expect(kinds([pay('11')], [...arrived, withheld], LATER, [end])).toEqual([]);
  });

  it('late_event: captured beyond the 800 ms SLA; a backfill replay of old history is not late', () => {
    const flow = paidFlow('12').map((c) => (c.txId === '12-3' ? { ...c, captureMs: c.commitMs + 2500, ingestedMs: c.commitMs + 2600 } : c));
    const [f] = reconcile([pay('12')], input(flow), DEFAULT_RECONCILE_OPTIONS, LATER);
    expect(f).toMatchObject({ kind: 'late_event', txnId: '12-3' });
    expect(f!.detail).toContain('2500 ms after commit');
    const replay = paidFlow('13').map((c) => ({ ...c, ingestedMs: c.commitMs + 3_600_000 }));
    expect(kinds([pay('13')], replay, LATER)).toEqual([]);
    // Without a capture time (WAL reader) ingest time is what counts.
    const wal = paidFlow('14').map((c) => ({ ...c, captureMs: null, ingestedMs: c.commitMs + 900 }));
    expect(kinds([pay('14')], wal, LATER)).toEqual(['late_event payment:14']);
  });

  it('tcc_hanging after the timeout; heals when the confirmation arrives', () => {
    const ref = { refType: 'settlement', refId: '15' };
    const trying = [change('settlements', 'c', '15-4', T0, null, settlement('15', 'TRYING'))];
    expect(kinds([ref], trying, T0 + 59_999)).toEqual([]);
    expect(kinds([ref], trying, T0 + 60_000)).toEqual(['tcc_hanging settlement:15']);
    const confirmed = [...trying, change('settlements', 'u', '15-5', T0 + 70_000, settlement('15', 'TRYING'), settlement('15', 'CONFIRMED'))];
    expect(kinds([ref], confirmed, T0 + 80_000)).toEqual([]);
  });

  it('tcc_null_compensation and tcc_suspension judge the states in LSN order, not arrival order', () => {
    const ref = { refType: 'settlement', refId: '16' };
    const cancelled = change('settlements', 'c', '16-4', T0, null, settlement('16', 'CANCELLED'));
    expect(kinds([ref], [cancelled], LATER)).toEqual(['tcc_null_compensation settlement:16']);

    const s17 = { refType: 'settlement', refId: '17' };
    const tried = change('settlements', 'c', '17-4', T0, null, settlement('17', 'TRYING'));
    const cancel = change('settlements', 'u', '17-5', T0 + 5000, settlement('17', 'TRYING'), settlement('17', 'CANCELLED'));
    const confirm = change('settlements', 'u', '17-6', T0 + 9000, settlement('17', 'CANCELLED'), settlement('17', 'CONFIRMED'));
    // Delivered confirm, try, cancel: the LSNs still tell the real order.
    expect(kinds([s17], [confirm, tried, cancel], LATER)).toEqual(['tcc_suspension settlement:17']);
    expect(kinds([s17], [tried, cancel], LATER)).toEqual([]);
  });

  it('reports only the references asked about', () => {
    const flow = paidFlow('18').filter((c) => c.table !== 'journal_entries');
    expect(kinds([pay('19')], flow, LATER)).toEqual([]);
  });
});
