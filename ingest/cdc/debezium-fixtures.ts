/**
 * Debezium PostgreSQL events as Debezium Server's HTTP sink sends them, for tests: the envelope
 * of Debezium 2.x (source.ts_us, string snapshot, sequence as a JSON string, transaction block).
 */
export interface PaymentRow {
  id: number;
  order_id: number;
  amount: unknown;
  currency: string;
  channel: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export function paymentRow(id: number, amount: unknown, status = 'SUCCEEDED'): PaymentRow {
  return { id, order_id: 5000 + id, amount, currency: 'CNY', channel: 'alipay', status, created_at: 1714565696123456, updated_at: 1714565696123456 };
}

export function changeEvent(opts: {
  op: 'c' | 'u' | 'd' | 'r' | 't';
  lsn: number | string;
  txId?: number;
  table?: string;
  before?: unknown;
  after?: unknown;
  snapshot?: string;
  db?: string;
}): Record<string, unknown> {
  const txId = opts.txId ?? 571;
  return {
    before: opts.before ?? null,
    after: opts.after ?? null,
    source: {
      version: '2.7.3.Final',
      connector: 'postgresql',
      name: 'pay',
      ts_ms: 1714565696123,
      ts_us: 1714565696123456,
      snapshot: opts.snapshot ?? 'false',
      db: opts.db ?? 'pay',
      sequence: `["${Number(opts.lsn) - 8}","${opts.lsn}"]`,
      schema: 'public',
      table: opts.table ?? 'payments',
      txId,
      lsn: opts.lsn,
      xmin: null,
    },
    transaction: { id: `${txId}:${opts.lsn}`, total_order: 1, data_collection_order: 1 },
    op: opts.op,
    ts_ms: 1714565696200,
  };
}

/** The Kafka Connect schema of a payments change event with the amount as a precise Decimal. */
export function paymentsSchema(amount: Record<string, unknown>): Record<string, unknown> {
  const row = (field: string) => ({
    type: 'struct',
    optional: true,
    name: 'pay.public.payments.Value',
    field,
    fields: [
      { type: 'int64', optional: false, field: 'id' },
      { type: 'int64', optional: false, field: 'order_id' },
      { ...amount, field: 'amount' },
      { type: 'string', optional: false, field: 'currency' },
      { type: 'string', optional: false, field: 'channel' },
      { type: 'string', optional: false, field: 'status' },
      { type: 'int64', optional: false, name: 'io.debezium.time.MicroTimestamp', version: 1, field: 'created_at' },
      { type: 'int64', optional: false, name: 'io.debezium.time.MicroTimestamp', version: 1, field: 'updated_at' },
    ],
  });
  return {
    type: 'struct',
    optional: false,
    name: 'pay.public.payments.Envelope',
    version: 2,
    fields: [row('before'), row('after'), { type: 'struct', field: 'source', fields: [] }, { type: 'string', field: 'op' }],
  };
}

export const PRECISE_AMOUNT = {
  type: 'bytes',
  optional: false,
  name: 'org.apache.kafka.connect.data.Decimal',
  version: 1,
  parameters: { scale: '2', 'connect.decimal.precision': '12' },
};

export function transactionEvent(status: 'BEGIN' | 'END', id: string, counts?: Record<string, number>): Record<string, unknown> {
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
  return {
    status,
    id,
    ts_ms: 1714565696123,
    event_count: total,
    data_collections: counts ? Object.entries(counts).map(([data_collection, event_count]) => ({ data_collection, event_count })) : null,
  };
}
