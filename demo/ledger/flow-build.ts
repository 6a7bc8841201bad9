import { Rng } from '../random';
import type { BreakKind, LedgerBreak } from './breaks';
import { ACCOUNTS } from './catalog';
import type { FlowPlan } from './flow-plan';
import { journalRows, orderRow, paymentLegs, paymentRow, refundRow, reversalLegs, RowBook, settlementLegs, settlementRow, type JournalRef, type Leg } from './flow-rows';
import { moneyText } from './money';
import type { RowChange, SourceTxn } from './source-txn';

/**
 * A flow's source transactions over time: order, payment, its journal txn, the TCC settlement
 * and maybe a refund with its reversal, with the planned break worked in. Every time is the
 * flow's start plus random gaps drawn from the flow's own stream.
 */

/** No transaction of a flow is sent later than this after the checkout started. */
export const MAX_FLOW_SPAN_MS = 60_000;

/** Transactions per flow the fake xid leaves room for. */
const TXNS_PER_FLOW = 16;
/** The fake LSN is commit µs × 2048 + salt × 64 + position: room for 63 changes per transaction. */
const LSN_PER_US = 2048n;
const LSN_SALTS = 32;
const LSN_PER_SALT = 64n;

type BreakDraft = Omit<LedgerBreak, 'atMs' | 'sendMs' | 'sourceTxId' | 'kind' | 'orderId' | 'currency' | 'flavour'>;

interface Draft {
  atUs: number;
  changes: RowChange[];
  dropped?: number;
  lateMs?: number;
  breaks: BreakDraft[];
}

export function buildFlow(p: FlowPlan): SourceTxn[] {
  const rng = new Rng(p.timingSeed);
  const kind: BreakKind | undefined = p.brk?.kind;
  const book = new RowBook();
  const drafts: Draft[] = [];
  let entries = 0;
  const nextEntryId = (): number => p.key * 100 + entries++;
  const gap = (fromUs: number, minMs: number, maxMs: number): number => fromUs + Math.round((minMs + rng.float() * (maxMs - minMs)) * 1000);
  const commit = (atUs: number, changes: RowChange[], extra: Partial<Draft> = {}): void => {
    drafts.push({ atUs, changes, breaks: [], ...extra });
  };
  const breakIf = (k: BreakKind, draft: BreakDraft): BreakDraft[] => (kind === k ? [draft] : []);
  const post = (ref: JournalRef, legs: Leg[], atUs: number): RowChange[] =>
    journalRows(p, ref, legs, nextEntryId, atUs).map((row) => book.insert('journal_entries', row));
  const id = String(p.key);
  const payment = { refType: 'payment', refId: id } as const;
  const paymentAmount = moneyText(p.paymentAmount);

  const orderAt = gap(p.startUs, 30, 80);
  commit(orderAt, [book.insert('orders', orderRow(p, 'CREATED', orderAt))]);
  const payAt = gap(orderAt, 60, 200);
  commit(payAt, [book.insert('payments', paymentRow(p, 'PENDING', payAt))], {
    breaks: p.brk?.flavour === 'order_vs_payment'
      ? [{ ...payment, journalTxnId: `P-${id}`, amount: paymentAmount, detail: `order ${moneyText(p.orderAmount)} but payment ${paymentAmount}: the order's coupon was not honoured` }]
      : [],
  });

  const settleAt = gap(payAt, 300, 1800);
  if (!p.succeeded) {
    commit(settleAt, [
      book.update('payments', p.key, { status: 'FAILED' }, settleAt),
      book.update('orders', p.key, { status: 'CANCELLED' }, settleAt),
    ]);
    if (kind === 'tcc_null_compensation') {
      const cancelAt = gap(settleAt, 500, 3000);
      commit(cancelAt, [book.insert('settlements', settlementRow(p, 'CANCELLED', cancelAt))], {
        breaks: [{ refType: 'settlement', refId: id, journalTxnId: null, amount: moneyText(p.settlementAmount), detail: 'settlement CANCELLED with no TRYING before it (empty rollback)' }],
      });
    }
    return finalize(p, drafts, rng);
  }

  const paymentTxn: JournalRef = { txnId: `P-${id}`, ...payment };
  const skew = kind === 'unbalanced_txn' ? 1n : 0n;
  const journal = kind === 'missing_ledger' ? [] : post(paymentTxn, paymentLegs(p.journalAmount, skew), settleAt);
  const paid = { ...payment, journalTxnId: kind === 'missing_ledger' ? null : paymentTxn.txnId, amount: paymentAmount };
  commit(settleAt, [book.update('payments', p.key, { status: 'SUCCEEDED' }, settleAt), book.update('orders', p.key, { status: 'PAID' }, settleAt), ...journal], {
    // The order's PAID update is the one withheld: no §5.5 rule reads order status, so the
    // transaction's event count is the only thing that gives it away.
    ...(kind === 'incomplete_txn' ? { dropped: 1 } : {}),
    ...(kind === 'late_event' ? { lateMs: 1500 + rng.int(3500) } : {}),
    breaks: [
      ...breakIf('unbalanced_txn', { ...paid, detail: 'merchant_payable credited 0.01 too much: credits exceed debits by 0.01' }),
      ...breakIf('missing_ledger', { ...paid, detail: 'payment SUCCEEDED and no journal txn posted for it' }),
      ...(p.brk?.flavour === 'journal_vs_payment'
        ? [{ ...paid, detail: `journal debits ${moneyText(p.journalAmount)} for a payment of ${paymentAmount}` }]
        : []),
      ...breakIf('incomplete_txn', { ...paid, detail: 'END counts the orders update the stream never delivered' }),
      ...breakIf('late_event', { ...paid, detail: 'delivered more than 800 ms after commit' }),
    ],
  });

  if (kind === 'duplicate_posting') {
    const at = gap(settleAt, 1000, 3000);
    const retry: JournalRef = { ...paymentTxn, txnId: `P-${id}-retry` };
    commit(at, post(retry, paymentLegs(p.journalAmount), at), {
      breaks: [{ ...paid, journalTxnId: retry.txnId, detail: `payment posted twice (${paymentTxn.txnId}, ${retry.txnId}): a retried PostJournal` }],
    });
  }
  if (kind === 'orphan_entry') {
    const at = gap(settleAt, 5000, 25_000);
    const ghost: JournalRef = { txnId: `R-${id}`, refType: 'refund', refId: id };
    commit(at, post(ghost, reversalLegs(p.paymentAmount), at), {
      breaks: [{ refType: 'refund', refId: id, journalTxnId: ghost.txnId, amount: paymentAmount, detail: `reversal posted for refund ${id}, which does not exist` }],
    });
  }
  if (p.brk?.flavour === 'update') {
    const at = gap(settleAt, 5000, 20_000);
    const line = journal.find((c) => c.after?.account === ACCOUNTS.merchantPayable)!.after!;
    const lineId = Number(line.id);
    commit(at, [book.update('journal_entries', lineId, { account: ACCOUNTS.manualAdjustment }, at)], {
      breaks: [{ ...paid, entryIds: [String(lineId)], detail: `journal entry ${lineId} moved from ${ACCOUNTS.merchantPayable} to ${ACCOUNTS.manualAdjustment} by an UPDATE` }],
    });
  }

  const settlement = { refType: 'settlement', refId: id, journalTxnId: null, amount: moneyText(p.settlementAmount) } as const;
  const tryAt = gap(settleAt, 1500, 4000);
  commit(tryAt, [book.insert('settlements', settlementRow(p, 'TRYING', tryAt))], {
    breaks: breakIf('tcc_hanging', { ...settlement, detail: 'settlement TRYING and never confirmed or cancelled' }),
  });
  if (kind === 'tcc_hanging') return finalize(p, drafts, rng);

  if (p.refunded) {
    const refundAt = gap(tryAt, 4000, 25_000);
    commit(refundAt, [book.insert('refunds', refundRow(p, 'PENDING', refundAt))]);
    const doneAt = gap(refundAt, 500, 2000);
    const reversal: JournalRef = { txnId: `R-${id}`, refType: 'refund', refId: id };
    commit(
      doneAt,
      [
        book.update('refunds', p.key, { status: 'SUCCEEDED' }, doneAt),
        book.update('orders', p.key, { status: 'REFUNDED' }, doneAt),
        ...(kind === 'missing_reversal' ? [] : post(reversal, reversalLegs(p.paymentAmount), doneAt)),
      ],
      { breaks: breakIf('missing_reversal', { refType: 'refund', refId: id, journalTxnId: null, amount: paymentAmount, detail: 'refund SUCCEEDED and no reversal posted for it' }) },
    );
    const cancelAt = gap(doneAt, 200, 1000);
    commit(cancelAt, [book.update('settlements', p.key, { tcc_state: 'CANCELLED' }, cancelAt)]);
    return finalize(p, drafts, rng);
  }

  let confirmAt: number;
  if (kind === 'tcc_suspension') {
    const cancelAt = gap(tryAt, 5000, 12_000);
    commit(cancelAt, [book.update('settlements', p.key, { tcc_state: 'CANCELLED' }, cancelAt)]);
    confirmAt = gap(cancelAt, 2000, 8000);
  } else {
    confirmAt = gap(tryAt, 8000, 35_000);
  }
  const payout: JournalRef = { txnId: `S-${id}`, refType: 'settlement', refId: id };
  const payoutLines = post(payout, settlementLegs(p.settlementAmount), confirmAt);
  commit(confirmAt, [book.update('settlements', p.key, { tcc_state: 'CONFIRMED' }, confirmAt), ...payoutLines], {
    breaks: breakIf('tcc_suspension', { ...settlement, detail: 'settlement CONFIRMED after it was CANCELLED' }),
  });
  if (p.brk?.flavour === 'delete') {
    const at = gap(confirmAt, 3000, 12_000);
    const ids = payoutLines.map((c) => Number(c.after!.id));
    commit(at, ids.map((lineId) => book.remove('journal_entries', lineId)), {
      breaks: [{ ...settlement, journalTxnId: payout.txnId, entryIds: ids.map(String), detail: `the payout's journal lines ${ids.join(', ')} deleted` }],
    });
  }
  return finalize(p, drafts, rng);
}

/** Orders the drafts by commit time and gives them ids, LSNs, delivery times and their truth. */
function finalize(p: FlowPlan, drafts: Draft[], rng: Rng): SourceTxn[] {
  drafts.sort((a, b) => a.atUs - b.atUs);
  if (drafts.length > TXNS_PER_FLOW) throw new Error(`ledger demo: flow ${p.key} has ${drafts.length} transactions`);
  const salt = BigInt(p.key % LSN_SALTS) * LSN_PER_SALT;
  let lastUs = -Infinity;
  return drafts.map((d, seq): SourceTxn => {
    // Two branches of a flow (say a retry and the settlement) may draw the same instant.
    const commitUs = Math.max(d.atUs, lastUs + 1);
    lastUs = commitUs;
    // Debezium's capture lag: a few ms to ~0.1 s after commit, far inside the 800 ms SLA.
    const sendUs = commitUs + (d.lateMs ?? 3 + rng.int(117)) * 1000;
    const txId = p.key * TXNS_PER_FLOW + seq;
    return {
      flowKey: p.key,
      seq,
      txId,
      lsn: BigInt(commitUs) * LSN_PER_US + salt,
      commitUs,
      sendUs,
      changes: d.changes,
      ...(d.dropped !== undefined ? { dropped: d.dropped } : {}),
      breaks: d.breaks.map((b) => ({
        kind: p.brk!.kind,
        ...(p.brk!.flavour ? { flavour: p.brk!.flavour } : {}),
        ...b,
        orderId: String(p.key),
        sourceTxId: p.transport === 'debezium' ? String(txId) : null,
        currency: p.currency.code,
        atMs: Math.floor(commitUs / 1000),
        sendMs: Math.floor(sendUs / 1000),
      })),
    };
  });
}
