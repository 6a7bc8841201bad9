import { describe, expect, it } from 'vitest';
import { resolveLedgerMapping } from '../../server/ledger-mapping';
import { changeEventRow, changeRecord, transactionRecord } from './cdc-records';
import type { ChangeEvent } from './change-event';
import { changeEventId, primaryKeyOf } from './event-identity';
import { formatMicros, toEpochMicros } from './timestamps';

const mapping = resolveLedgerMapping();

function event(overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    sourceKind: 'debezium',
    db: 'pay',
    schema: 'public',
    table: 'payments',
    op: 'c',
    lsn: 24023128n,
    txId: 571n,
    commitTsMicros: 1714565696123456n,
    before: null,
    after: { id: 1001, order_id: 5001, amount: '129.9', currency: 'CNY', channel: 'alipay', status: 'SUCCEEDED', created_at: 1714565696123456, updated_at: '2024-05-01 12:14:56.5+08' },
    snapshot: 'false',
    sequence: '',
    transaction: { id: '571:24023128', totalOrder: 1n, dataCollectionOrder: 1n },
    ...overrides,
  };
}

describe('event identity', () => {
  it('is the same for a redelivered event and differs in every identity field', () => {
    const id = (e: ChangeEvent) => changeEventId(e, primaryKeyOf(e, ['id']));
    const base = id(event());
    expect(id(event())).toBe(base);
    expect(id(event({ sourceKind: 'wal', snapshot: 'true', commitTsMicros: 1n }))).toBe(base); // not identity fields
    for (const change of [{ db: 'other' }, { schema: 's' }, { table: 'refunds' }, { lsn: 24023129n }, { txId: 572n }, { op: 'u' as const }]) {
      expect(id(event(change)), JSON.stringify(change, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toBe(base);
    }
    expect(id(event({ after: { ...event().after, id: 1002 } }))).not.toBe(base);
  });

  it('treats a number and its text as the same key, as Debezium and pgoutput send them', () => {
    expect(primaryKeyOf(event({ after: { id: 42 } }), ['id'])).toBe(primaryKeyOf(event({ after: { id: '42' } }), ['id']));
    expect(primaryKeyOf(event({ after: { b: 1, a: 2, c: 3 } }), ['b', 'a'])).toBe('{"a":"2","b":"1"}');
  });

  it('keys deletes by the old row, truncates by nothing, and unkeyed rows by the whole row', () => {
    expect(primaryKeyOf(event({ op: 'd', before: { id: 7 }, after: null }))).toBe('{"id":"7"}');
    expect(primaryKeyOf(event({ op: 't', before: null, after: null }))).toBe('');
    // Snapshot rows share one LSN: without a key column the row itself keeps them apart.
    const a = primaryKeyOf(event({ op: 'r', table: 'audit', after: { x: 1, y: 'a' } }));
    const b = primaryKeyOf(event({ op: 'r', table: 'audit', after: { x: 2, y: 'a' } }));
    expect(a).not.toBe(b);
  });
});

describe('change records', () => {
  it('builds the cdc_events row with 64-bit values as exact strings', () => {
    const row = changeEventRow(event({ lsn: 18446744073709551615n }), mapping.tables.find((t) => t.ledger === 'payments'));
    expect(row).toMatchObject({
      SourceDb: 'pay',
      SourceTable: 'payments',
      Op: 'c',
      Lsn: '18446744073709551615',
      TxId: '571',
      PrimaryKey: '{"id":"1001"}',
      CommitTs: '2024-05-01 12:14:56.123456',
      Before: '',
      TransactionId: '571:24023128',
      TotalOrder: '1',
    });
    expect(JSON.parse(row.After)).toMatchObject({ amount: '129.9' });
  });

  it('derives the ledger row of a mapped table with exact Decimal(38, 4) money', () => {
    const record = changeRecord(event(), mapping);
    expect(record.kind === 'change' && record.ledger).toEqual({
      table: 'payments',
      values: {
        Id: '1001',
        OrderId: '5001',
        Amount: '129.9000',
        Currency: 'CNY',
        Channel: 'alipay',
        Status: 'SUCCEEDED',
        CreatedAt: '2024-05-01 12:14:56.123456',
        UpdatedAt: '2024-05-01 04:14:56.500000',
        Version: '24023128',
        Deleted: 0,
        LastOp: 'c',
        LastEventId: record.row.EventId,
        CommitTs: '2024-05-01 12:14:56.123456',
        SourceKind: 'debezium',
      },
    });
  });

  it('marks deletes and leaves truncates and unmapped tables without a ledger row', () => {
    const del = changeRecord(event({ op: 'd', before: { id: 1001, amount: null }, after: null }), mapping);
    expect(del.kind === 'change' && del.ledger?.values).toMatchObject({ Id: '1001', Deleted: 1, Amount: null, LastOp: 'd' });
    const truncate = changeRecord(event({ op: 't', after: null }), mapping);
    expect(truncate.kind === 'change' && truncate.ledger).toBeUndefined();
    const other = changeRecord(event({ table: 'audit_log' }), mapping);
    expect(other.kind === 'change' && other.ledger).toBeUndefined();
    expect(changeRecord(event({ db: 'other' }), mapping)).toMatchObject({ ledger: undefined });
  });

  it('refuses amounts the ledger cannot store exactly, and rows without an id', () => {
    expect(() => changeRecord(event({ after: { ...event().after, amount: '1.23456' } }), mapping)).toThrow(/more than 4 decimal places/);
    expect(() => changeRecord(event({ after: { amount: '1.00' } }), mapping)).toThrow(/no value in its id column/);
  });

  it('builds transaction rows with per-table counts', () => {
    const record = transactionRecord({
      sourceKind: 'debezium',
      db: '',
      status: 'END',
      id: '571:53195832',
      txId: 571n,
      lsn: 53195832n,
      tsMicros: 1714565696123000n,
      eventCount: 3n,
      dataCollections: [{ name: 'public.payments', eventCount: 3n }],
    });
    expect(record.row).toMatchObject({ TxId: '571', Lsn: '53195832', Status: 'END', EventCount: '3', DataCollections: { 'public.payments': '3' } });
  });
});

describe('timestamps', () => {
  it('reads epoch numbers in s, ms, µs and ns and Postgres/ISO text', () => {
    const micros = 1714565696123456n;
    expect(toEpochMicros(1714565696)).toBe(1714565696000000n);
    expect(toEpochMicros(1714565696123)).toBe(1714565696123000n);
    expect(toEpochMicros(Number(micros))).toBe(micros);
    expect(toEpochMicros('1714565696123456789')).toBe(micros);
    expect(toEpochMicros('2024-05-01 12:14:56.123456')).toBe(micros);
    expect(toEpochMicros('2024-05-01T12:14:56.123456Z')).toBe(micros);
    expect(toEpochMicros('2024-05-01 20:14:56.123456+08')).toBe(micros);
    expect(toEpochMicros('2024-05-01 06:44:56.123456-05:30')).toBe(micros);
    expect(toEpochMicros('infinity')).toBeNull();
    expect(toEpochMicros(null)).toBeNull();
    expect(formatMicros(micros)).toBe('2024-05-01 12:14:56.123456');
    expect(formatMicros(-1n)).toBe('1969-12-31 23:59:59.999999');
  });
});
