import type { Pgoutput } from 'pg-logical-replication';
import { describe, expect, it } from 'vitest';
import { resolveLedgerMapping } from '../../server/ledger-mapping';
import type { CdcEventRow, CdcRecord, CdcTransactionRow } from '../cdc/cdc-rows';
import { formatTextLsn, parseTextLsn } from '../cdc/lsn';
import { AckTracker } from './ack-tracker';
import { pgTextToJson } from './pg-values';
import { TransactionAssembler } from './transaction-assembler';

const mapping = resolveLedgerMapping();

function column(name: string, typeOid: number, key = false): Pgoutput.RelationColumn {
  return { name, typeOid, flags: key ? 1 : 0, typeMod: -1, typeSchema: null, typeName: null, parser: (raw: unknown) => raw };
}

const payments: Pgoutput.MessageRelation = {
  tag: 'relation',
  relationOid: 16400,
  schema: 'public',
  name: 'payments',
  replicaIdentity: 'default',
  columns: [column('id', 20, true), column('order_id', 20), column('amount', 1700), column('status', 25), column('created_at', 1184), column('paid', 16)],
  keyColumns: ['id'],
};

const begin: Pgoutput.MessageBegin = { tag: 'begin', commitLsn: '0/016B3748', commitTime: 1714565696123456n, xid: -5 };
const commit: Pgoutput.MessageCommit = { tag: 'commit', flags: 0, commitLsn: '0/016B3748', commitEndLsn: '0/016B3778', commitTime: 1714565696123456n };
const row = (id: string, amount: string | null, status = 'PENDING') => ({ id, order_id: '5001', amount, status, created_at: '2024-05-01 12:14:56.123456+00', paid: 'f' });

function assembler(maxChunk = 1000, problems: string[] = []) {
  return new TransactionAssembler({ database: 'pay', mapping, maxChunk, onLedgerProblem: (_e, p) => problems.push(p) });
}

const changes = (records: CdcRecord[]) => records.flatMap((r) => (r.kind === 'change' ? [r.row as CdcEventRow] : []));
const markers = (records: CdcRecord[]) => records.flatMap((r) => (r.kind === 'transaction' ? [r.row as CdcTransactionRow] : []));

describe('TransactionAssembler', () => {
  it('turns BEGIN, changes and COMMIT into WAL change events framed by transaction markers', () => {
    const a = assembler();
    a.begin(begin);
    expect(a.open).toBe(true);
    a.change('0/16B3600', { tag: 'insert', relation: payments, new: row('1001', '12345678901234.5678') });
    a.change('0/16B3650', { tag: 'update', relation: payments, key: null, old: null, new: row('1001', '0.0001', 'SUCCEEDED') });
    a.change('0/16B3700', { tag: 'delete', relation: payments, key: { id: '1002' }, old: null });
    a.truncate('0/16B3740', { tag: 'truncate', cascade: false, restartIdentity: false, relations: [payments] });
    const { records, ackLsn } = a.commit(commit);
    expect(a.open).toBe(false);
    expect(ackLsn).toBe(0x16b3778n);

    const [beginRow, endRow] = markers(records);
    const txId = String(2 ** 32 - 5); // the library reads the xid as signed
    const id = `${txId}:${0x16b3748}`;
    expect(beginRow).toMatchObject({ SourceKind: 'wal', SourceDb: 'pay', Status: 'BEGIN', TxId: txId, TransactionId: id, EventCount: null });
    expect(endRow).toMatchObject({ Status: 'END', EventCount: '4', DataCollections: { 'public.payments': '4' }, Ts: '2024-05-01 12:14:56.123456' });

    const events = changes(records);
    expect(events.map((e) => [e.Op, e.Lsn, e.TotalOrder, e.DataCollectionOrder])).toEqual([
      ['c', String(0x16b3600), '1', '1'],
      ['u', String(0x16b3650), '2', '2'],
      ['d', String(0x16b3700), '3', '3'],
      ['t', String(0x16b3740), '4', '4'],
    ]);
    expect(events.every((e) => e.TxId === txId && e.TransactionId === id && e.SourceKind === 'wal' && e.CommitTs === '2024-05-01 12:14:56.123456')).toBe(true);
    expect(JSON.parse(events[0]!.After)).toEqual({ id: 1001, order_id: 5001, amount: '12345678901234.5678', status: 'PENDING', created_at: '2024-05-01 12:14:56.123456+00', paid: false });
    expect(events[2]!.Before).toBe('{"id":1002}');
    expect(events[2]!.PrimaryKey).toBe('{"id":"1002"}');

    const ledger = records.flatMap((r) => (r.kind === 'change' && r.ledger ? [r.ledger.values] : []));
    expect(ledger.map((v) => [v.Id, v.Amount, v.Deleted, v.Version])).toEqual([
      ['1001', '12345678901234.5678', 0, String(0x16b3600)],
      ['1001', '0.0001', 0, String(0x16b3650)],
      ['1002', null, 1, String(0x16b3700)],
    ]);
  });

  it('hands over large transactions in chunks and acknowledges only at COMMIT', () => {
    const a = assembler(3);
    a.begin(begin);
    const chunks = ['1', '2', '3', '4', '5'].map((id, i) => a.change(`0/${(0x100 + i).toString(16)}`, { tag: 'insert', relation: payments, new: row(id, '1.00') }));
    // The first chunk also carries the BEGIN marker.
    expect(chunks.map((c) => c?.length)).toEqual([undefined, 3, undefined, undefined, 3]);
    const { records } = a.commit(commit);
    expect(changes(records)).toHaveLength(0);
    expect(markers(records)[0]).toMatchObject({ Status: 'END', EventCount: '5' });
  });

  it('stores a change whose ledger row cannot be stored exactly, and reports it', () => {
    const problems: string[] = [];
    const a = assembler(1000, problems);
    a.begin(begin);
    a.change('0/200', { tag: 'insert', relation: payments, new: row('9', '1.23456') });
    const { records } = a.commit(commit);
    expect(changes(records)).toHaveLength(1);
    expect(records.some((r) => r.kind === 'change' && r.ledger)).toBe(false);
    expect(problems[0]).toMatch(/more than 4 decimal places/);
  });

  it('refuses changes outside a transaction', () => {
    expect(() => assembler().change('0/1', { tag: 'insert', relation: payments, new: row('1', '1') })).toThrow(/outside a transaction/);
  });
});

describe('AckTracker', () => {
  it('confirms only a completed prefix, at its last commit', () => {
    const t = new AckTracker();
    const chunk = t.add();
    const tx1 = t.add(100n);
    const tx2 = t.add(200n);
    const tx3 = t.add(300n);
    expect(t.complete(tx2)).toBeUndefined();
    expect(t.complete(tx1)).toBeUndefined(); // the chunk before it is still in flight
    expect(t.complete(chunk)).toBe(200n);
    expect(t.empty).toBe(false);
    expect(t.complete(tx3)).toBe(300n);
    expect(t.empty).toBe(true);
  });
});

describe('pgoutput values and LSNs', () => {
  it('keeps numeric and timestamps as text and converts only exact types', () => {
    expect(pgTextToJson('12345678901234567890.123', 1700)).toBe('12345678901234567890.123');
    expect(pgTextToJson('9223372036854775807', 20)).toBe('9223372036854775807');
    expect(pgTextToJson('42', 20)).toBe(42);
    expect(pgTextToJson('t', 16)).toBe(true);
    expect(pgTextToJson('NaN', 701)).toBe('NaN');
    expect(pgTextToJson(null, 25)).toBeNull();
  });

  it('parses and prints X/Y LSNs as 64-bit values', () => {
    expect(parseTextLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseTextLsn('FFFFFFFF/FFFFFFFF')).toBe(2n ** 64n - 1n);
    expect(formatTextLsn(0x1_0000_0010n)).toBe('1/10');
    expect(() => parseTextLsn('16B3748')).toThrow(/not an LSN/);
  });
});
