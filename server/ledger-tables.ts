/**
 * The ledger tables Sightline derives from the payment database's change stream (SPEC §5.5),
 * with each column's kind. The source tables may name things differently; the mapping in
 * sightline.ledger.yaml translates, and these canonical names are what ClickHouse stores.
 */
export type LedgerColumnKind = 'id' | 'text' | 'money' | 'time';

export const LEDGER_TABLES = {
  orders: {
    id: 'id',
    user_id: 'text',
    group_id: 'text',
    merchant_id: 'text',
    region: 'text',
    amount: 'money',
    currency: 'text',
    status: 'text',
    created_at: 'time',
    updated_at: 'time',
  },
  payments: {
    id: 'id',
    order_id: 'text',
    amount: 'money',
    currency: 'text',
    channel: 'text',
    status: 'text',
    created_at: 'time',
    updated_at: 'time',
  },
  refunds: {
    id: 'id',
    payment_id: 'text',
    order_id: 'text',
    amount: 'money',
    currency: 'text',
    status: 'text',
    created_at: 'time',
    updated_at: 'time',
  },
  journal_entries: {
    id: 'id',
    txn_id: 'text',
    account: 'text',
    direction: 'text',
    amount: 'money',
    currency: 'text',
    ref_type: 'text',
    ref_id: 'text',
    created_at: 'time',
  },
  settlements: {
    id: 'id',
    order_id: 'text',
    merchant_id: 'text',
    amount: 'money',
    currency: 'text',
    tcc_state: 'text',
    created_at: 'time',
    updated_at: 'time',
  },
} as const satisfies Record<string, Record<string, LedgerColumnKind>>;

export type LedgerTableName = keyof typeof LEDGER_TABLES;

export const LEDGER_TABLE_NAMES = Object.keys(LEDGER_TABLES) as LedgerTableName[];

/** ClickHouse table holding the latest state of each row of a ledger table. */
export function ledgerClickHouseTable(name: LedgerTableName): string {
  return `ledger_${name}`;
}

/** ClickHouse column for a canonical column: `merchant_id` → `MerchantId`, like the other tables. */
export function ledgerClickHouseColumn(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}
