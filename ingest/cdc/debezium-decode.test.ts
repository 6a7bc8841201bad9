import { describe, expect, it } from 'vitest';
import { resolveLedgerMapping } from '../../server/ledger-mapping';
import { cdcBodyKind, splitCdcBody } from './cdc-body';
import type { ChangeEvent, TransactionMarker } from './change-event';
import { decodeDebeziumItem, type DecodedItem } from './debezium-decode';
import { changeEvent, paymentRow, paymentsSchema, PRECISE_AMOUNT, transactionEvent } from './debezium-fixtures';
import { parseJsonExact, type ExactJson } from './json-exact';

const mapping = resolveLedgerMapping();

function decodeText(text: string, contentType = 'application/json'): DecodedItem[] {
  return splitCdcBody(text, cdcBodyKind(contentType)).map((item) => {
    if ('error' in item) throw new Error(item.error);
    return decodeDebeziumItem(item.value, mapping);
  });
}

function change(value: unknown): ChangeEvent {
  const decoded = decodeDebeziumItem(parseJsonExact(JSON.stringify(value)), mapping);
  if (decoded.kind !== 'change') throw new Error(`expected a change, got ${decoded.kind}`);
  return decoded.event;
}

function marker(value: unknown): TransactionMarker {
  const decoded = decodeDebeziumItem(parseJsonExact(JSON.stringify(value)), mapping);
  if (decoded.kind !== 'transaction') throw new Error(`expected a transaction, got ${decoded.kind}`);
  return decoded.marker;
}

const decodeError = (value: unknown) => () => decodeDebeziumItem(value as ExactJson, mapping);

describe('Debezium envelope', () => {
  it('decodes an unwrapped change event (decimal.handling.mode=string)', () => {
    const e = change(changeEvent({ op: 'c', lsn: 24023128, after: paymentRow(1001, '129.90') }));
    expect(e).toMatchObject({
      sourceKind: 'debezium',
      db: 'pay',
      schema: 'public',
      table: 'payments',
      op: 'c',
      lsn: 24023128n,
      txId: 571n,
      commitTsMicros: 1714565696123456n,
      before: null,
      snapshot: 'false',
      sequence: '["24023120","24023128"]',
      transaction: { id: '571:24023128', totalOrder: 1n, dataCollectionOrder: 1n },
    });
    expect(e.after).toMatchObject({ id: 1001, amount: '129.90', currency: 'CNY' });
  });

  it('decodes the {schema, payload} wrapper with a precise (base64) amount and its scale', () => {
    const payload = changeEvent({ op: 'u', lsn: 24023200, before: paymentRow(1001, 'MDk='), after: paymentRow(1001, 'z8c=', 'FAILED') });
    const e = change({ schema: paymentsSchema(PRECISE_AMOUNT), payload });
    expect(e.before?.amount).toBe('123.45');
    expect(e.after?.amount).toBe('-123.45');
    expect(e.after?.status).toBe('FAILED');
  });

  it('takes the scale from connect.decimal.scale too', () => {
    const schema = paymentsSchema({ ...PRECISE_AMOUNT, parameters: { 'connect.decimal.scale': '4' } });
    const e = change({ schema, payload: changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, 'MDk=') }) });
    expect(e.after?.amount).toBe('1.2345');
  });

  it('decodes the variable-scale {scale, value} struct, with and without schema', () => {
    const unwrapped = change(changeEvent({ op: 'c', lsn: 2, after: paymentRow(2, { scale: 3, value: 'MDk=' }) }));
    expect(unwrapped.after?.amount).toBe('12.345');
    const schema = paymentsSchema({ type: 'struct', name: 'io.debezium.data.VariableScaleDecimal', fields: [] });
    const wrapped = change({ schema, payload: changeEvent({ op: 'c', lsn: 3, after: paymentRow(3, { scale: 0, value: 'z8c=' }) }) });
    expect(wrapped.after?.amount).toBe('-12345');
  });

  it('keeps LSNs and ids beyond 2^53 exact', () => {
    const text = JSON.stringify(changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, '1.00') }))
      .replace('"lsn":1', '"lsn":9007199254740993')
      .replace('"id":1,', '"id":1234567890123456789,');
    const [item] = decodeText(text);
    if (item?.kind !== 'change') throw new Error('expected a change');
    expect(item.event.lsn).toBe(9007199254740993n);
    expect(item.event.after?.id).toBe('1234567890123456789');
  });

  it('accepts LSN as a digit string and rejects a missing one', () => {
    expect(change(changeEvent({ op: 'c', lsn: '42', after: paymentRow(1, '1') })).lsn).toBe(42n);
    const noLsn = changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, '1') });
    delete (noLsn.source as Record<string, unknown>).lsn;
    expect(decodeError(noLsn)).toThrow(/source\.lsn/);
  });

  it('reads every snapshot marker and refuses unknown ones', () => {
    for (const snapshot of ['true', 'last', 'false', 'first', 'incremental']) {
      expect(change(changeEvent({ op: 'r', lsn: 7, snapshot, after: paymentRow(1, '1') })).snapshot).toBe(snapshot);
    }
    expect(decodeError(changeEvent({ op: 'r', lsn: 7, snapshot: 'maybe', after: paymentRow(1, '1') }))).toThrow(/source\.snapshot/);
  });

  it('refuses commit times outside what ClickHouse can store', () => {
    const future = changeEvent({ op: 'c', lsn: 9, after: paymentRow(1, '1') });
    (future.source as Record<string, unknown>).ts_ms = 1e15;
    delete (future.source as Record<string, unknown>).ts_us;
    expect(decodeError(future)).toThrow(/source\.ts_ms 1000000000000000 is not a plausible commit time/);
    expect(decodeError({ ...transactionEvent('BEGIN', '1:2'), ts_ms: 1e15 })).toThrow(/not a plausible commit time/);
  });

  it('requires source.sequence to be a JSON array string', () => {
    const bad = changeEvent({ op: 'c', lsn: 9, after: paymentRow(1, '1') });
    (bad.source as Record<string, unknown>).sequence = 'not json';
    expect(decodeError(bad)).toThrow(/sequence.*JSON array/);
  });

  it('handles deletes, truncates and tombstones', () => {
    const del = change(changeEvent({ op: 'd', lsn: 10, before: { id: 1001, amount: null } }));
    expect(del).toMatchObject({ op: 'd', after: null, before: { id: 1001, amount: null } });
    const truncate = change(changeEvent({ op: 't', lsn: 11 }));
    expect(truncate).toMatchObject({ op: 't', before: null, after: null, table: 'payments' });
    expect(decodeDebeziumItem(null, mapping)).toEqual({ kind: 'ignored', reason: 'tombstone' });
    expect(decodeDebeziumItem({ schema: null, payload: null }, mapping)).toEqual({ kind: 'ignored', reason: 'tombstone' });
    expect(decodeError(changeEvent({ op: 'd', lsn: 12 }))).toThrow(/no "before" row/);
    expect(decodeError(changeEvent({ op: 'c', lsn: 12 }))).toThrow(/no "after" row/);
  });

  it('skips logical decoding messages and refuses what is not Debezium', () => {
    const message = { ...changeEvent({ op: 'c', lsn: 13 }), op: 'm' };
    expect(decodeDebeziumItem(parseJsonExact(JSON.stringify(message)), mapping)).toEqual({ kind: 'ignored', reason: 'message' });
    expect(decodeError({ hello: 'world' })).toThrow(/expected "op".*"status" BEGIN\/END/);
    expect(decodeError(42)).toThrow(/expected a Debezium change event object/);
    expect(decodeError({ ...changeEvent({ op: 'c', lsn: 1 }), op: 'x' })).toThrow(/invalid change event: op/);
  });
});

describe('money', () => {
  it('rejects decimal.handling.mode=double with the reason', () => {
    expect(decodeError(changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, 129.9) }))).toThrow(/amount.*floating-point.*decimal\.handling\.mode=string/);
    expect(decodeError(changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, 130) }))).toThrow(/floating-point/);
    const doubleSchema = paymentsSchema({ type: 'double', optional: false });
    expect(decodeError({ schema: doubleSchema, payload: changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, 130) }) })).toThrow(/floating-point/);
  });

  it('accepts integer money when the schema says it is an integer column', () => {
    const e = change({ schema: paymentsSchema({ type: 'int64', optional: false }), payload: changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, 12990) }) });
    expect(e.after?.amount).toBe('12990');
  });

  it('explains a precise value that arrived without its schema', () => {
    expect(decodeError(changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, 'MDk=') }))).toThrow(/precise.*no schema/);
    expect(decodeError(changeEvent({ op: 'c', lsn: 1, after: paymentRow(1, 'NaN') }))).toThrow(/not a decimal/);
  });

  it('leaves floats alone in tables and columns that are not money', () => {
    const e = change(changeEvent({ op: 'c', lsn: 1, table: 'metrics', after: { id: 1, amount: 0.5 } }));
    expect(e.after?.amount).toBe(0.5);
  });
});

describe('transaction metadata', () => {
  it('decodes BEGIN and END, wrapped or not', () => {
    const begin = marker(transactionEvent('BEGIN', '571:53195829'));
    expect(begin).toMatchObject({ status: 'BEGIN', id: '571:53195829', txId: 571n, lsn: 53195829n, eventCount: null, dataCollections: [] });
    const end = marker({ schema: { type: 'struct', fields: [] }, payload: transactionEvent('END', '571:53195832', { 'public.orders': 1, 'public.payments': 2 }) });
    expect(end).toMatchObject({ status: 'END', eventCount: 3n, dataCollections: [{ name: 'public.orders', eventCount: 1n }, { name: 'public.payments', eventCount: 2n }] });
    expect(decodeError({ status: 'COMMIT', id: '1:2', ts_ms: 1 })).toThrow(/invalid transaction metadata event: status/);
  });
});

describe('request bodies', () => {
  const one = JSON.stringify(changeEvent({ op: 'c', lsn: 100, after: paymentRow(1, '1.00') }));
  const two = JSON.stringify(changeEvent({ op: 'c', lsn: 101, after: paymentRow(2, '2.00') }));

  it('takes one event, an array, or NDJSON', () => {
    expect(decodeText(one)).toHaveLength(1);
    expect(decodeText(`[${one},${two},null]`).map((d) => d.kind)).toEqual(['change', 'change', 'ignored']);
    expect(decodeText(`${one}\n\n${two}\n`, 'application/x-ndjson')).toHaveLength(2);
    expect(decodeText(`${one}\n${two}`)).toHaveLength(2); // NDJSON sent as application/json
  });

  it('costs a broken NDJSON line only that event, with its line number', () => {
    const items = splitCdcBody(`${one}\n{"op":\n${two}`, 'ndjson');
    expect(items.map((i) => ('error' in i ? `error@${i.line}` : `ok@${i.line}`))).toEqual(['ok@1', 'error@2', 'ok@3']);
  });

  it('answers 400 for a body that is not JSON and 415 for other formats', () => {
    expect(() => splitCdcBody('{"op":', 'json')).toThrow(/invalid JSON/);
    expect(() => splitCdcBody('  ', 'json')).toThrow(/empty body/);
    expect(() => cdcBodyKind('application/cloudevents+json')).toThrow(/debezium\.format\.value=json/);
  });
});

describe('exact JSON', () => {
  it('matches JSON.parse except for big integers', () => {
    const text = '{"a":[1,-2.5,1e3,true,null,"x\\n\\u00e9"],"b":{"__proto__":1},"big":-9223372036854775808,"safe":9007199254740991}';
    const exact = parseJsonExact(text) as Record<string, ExactJson>;
    expect(exact.a).toEqual([1, -2.5, 1000, true, null, 'x\né']);
    expect(Object.keys(exact.b as object)).toEqual(['__proto__']);
    expect(exact.big).toBe(-9223372036854775808n);
    expect(exact.safe).toBe(9007199254740991);
    expect(() => parseJsonExact('{"n":12345678901234567,}')).toThrow(/property name/);
    expect(() => parseJsonExact('[12345678901234567] x')).toThrow(/after the JSON value/);
    expect(() => parseJsonExact('['.repeat(300) + '12345678901234567' + ']'.repeat(300))).toThrow(/nested deeper/);
  });
});
