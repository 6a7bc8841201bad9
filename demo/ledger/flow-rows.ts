import type { LedgerTableName } from '../../server/ledger-tables';
import { ACCOUNTS } from './catalog';
import type { FlowPlan } from './flow-plan';
import { moneyText, platformFee } from './money';
import { isoMicros, type Row, type RowChange } from './source-txn';

/** The rows of one flow in SPEC §5.5's schema, and the changes that move them between states. */

export function orderRow(p: FlowPlan, status: string, atUs: number): Row {
  return {
    id: p.key,
    user_id: p.userId,
    group_id: p.groupId,
    merchant_id: p.merchantId,
    region: p.region,
    amount: moneyText(p.orderAmount),
    currency: p.currency.code,
    status,
    created_at: isoMicros(atUs),
    updated_at: isoMicros(atUs),
  };
}

export function paymentRow(p: FlowPlan, status: string, atUs: number): Row {
  return {
    id: p.key,
    order_id: p.key,
    amount: moneyText(p.paymentAmount),
    currency: p.currency.code,
    channel: p.channel,
    status,
    created_at: isoMicros(atUs),
    updated_at: isoMicros(atUs),
  };
}

export function refundRow(p: FlowPlan, status: string, atUs: number): Row {
  return {
    id: p.key,
    payment_id: p.key,
    order_id: p.key,
    amount: moneyText(p.paymentAmount),
    currency: p.currency.code,
    status,
    created_at: isoMicros(atUs),
    updated_at: isoMicros(atUs),
  };
}

export function settlementRow(p: FlowPlan, tccState: string, atUs: number): Row {
  return {
    id: p.key,
    order_id: p.key,
    merchant_id: p.merchantId,
    amount: moneyText(p.settlementAmount),
    currency: p.currency.code,
    tcc_state: tccState,
    created_at: isoMicros(atUs),
    updated_at: isoMicros(atUs),
  };
}

export interface Leg {
  account: string;
  direction: 'D' | 'C';
  amount: bigint;
}

/**
 * A payment: the customer's clearing account is debited the full amount, the merchant is owed
 * it less the platform's fee. `skew` mis-states the merchant line (the unbalanced_txn break).
 */
export function paymentLegs(amount: bigint, skew = 0n): Leg[] {
  const fee = platformFee(amount);
  return [
    { account: ACCOUNTS.customerClearing, direction: 'D', amount },
    { account: ACCOUNTS.merchantPayable, direction: 'C', amount: amount - fee + skew },
    { account: ACCOUNTS.platformFee, direction: 'C', amount: fee },
  ];
}

/** A refund reverses the payment's lines, the fee included. */
export function reversalLegs(amount: bigint): Leg[] {
  return paymentLegs(amount).map((leg) => ({ ...leg, direction: leg.direction === 'D' ? 'C' : 'D' }));
}

/** A confirmed settlement pays the merchant what it is owed. */
export function settlementLegs(net: bigint): Leg[] {
  return [
    { account: ACCOUNTS.merchantPayable, direction: 'D', amount: net },
    { account: ACCOUNTS.merchantBank, direction: 'C', amount: net },
  ];
}

export interface JournalRef {
  txnId: string;
  refType: 'payment' | 'refund' | 'settlement';
  refId: string;
}

/** The journal_entries rows of one journal txn; `nextId` hands out entry ids. */
export function journalRows(p: FlowPlan, ref: JournalRef, legs: Leg[], nextId: () => number, atUs: number): Row[] {
  return legs.map((leg) => ({
    id: nextId(),
    txn_id: ref.txnId,
    account: leg.account,
    direction: leg.direction,
    amount: moneyText(leg.amount),
    currency: p.currency.code,
    ref_type: ref.refType,
    ref_id: ref.refId,
    created_at: isoMicros(atUs),
  }));
}

/**
 * The current state of a flow's rows, so that updates and deletes carry the full old row as
 * their before image.
 */
export class RowBook {
  private readonly rows = new Map<string, Row>();

  private static key(table: LedgerTableName, id: Row[string]): string {
    return `${table}:${String(id)}`;
  }

  private current(table: LedgerTableName, id: number): Row {
    const row = this.rows.get(RowBook.key(table, id));
    if (!row) throw new Error(`ledger demo: no ${table} row ${id} in this flow`);
    return row;
  }

  insert(table: LedgerTableName, row: Row): RowChange {
    this.rows.set(RowBook.key(table, row.id ?? null), row);
    return { table, op: 'c', before: null, after: row };
  }

  /** Sets `patch` on the row; tables with updated_at get the change's time there. */
  update(table: LedgerTableName, id: number, patch: Row, atUs: number): RowChange {
    const before = this.current(table, id);
    const after: Row = { ...before, ...patch };
    if ('updated_at' in before) after.updated_at = isoMicros(atUs);
    this.rows.set(RowBook.key(table, id), after);
    return { table, op: 'u', before, after };
  }

  remove(table: LedgerTableName, id: number): RowChange {
    const before = this.current(table, id);
    this.rows.delete(RowBook.key(table, id));
    return { table, op: 'd', before, after: null };
  }
}
