import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { markReady } from '../../server/health';
import { startIngestServer, type IngestServer } from '../server';
import { changeEvent, paymentRow, paymentsSchema, PRECISE_AMOUNT, transactionEvent } from './debezium-fixtures';
import { signWebhook } from './webhook-signature';

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let url: string;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({
    store,
    config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 },
    host: '127.0.0.1',
    port: 0,
  });
  url = `http://127.0.0.1:${ingest.port}/v1/cdc`;
});
afterAll(async () => {
  await ingest.close();
  await cleanup();
});

async function post(body: string, headers: Record<string, string> = {}, target = url) {
  const res = await fetch(target, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

/** Counts without FINAL: proves ingest stored each event once, not that merges collapsed copies. */
async function eventCount(table: string, final = false): Promise<number> {
  const [row] = await rows<{ n: number }>(`SELECT count() AS n FROM cdc_events ${final ? 'FINAL' : ''} WHERE SourceTable = {table:String}`, { table });
  return Number(row!.n);
}

async function ledgerPayments(idPrefix: string) {
  return rows<{ Id: string; Amount: string | null; Status: string; Version: string; Deleted: number }>(
    `SELECT Id, Amount, Status, toString(Version) AS Version, Deleted FROM ledger_payments FINAL WHERE startsWith(Id, {p:String}) ORDER BY Id`,
    { p: idPrefix },
  );
}

describe('POST /v1/cdc into embedded ClickHouse', () => {
  it('stores a batch once, however often it is delivered', async () => {
    const batch = JSON.stringify([
      transactionEvent('BEGIN', '900:1000'),
      changeEvent({ op: 'c', lsn: 1000, txId: 900, table: 'payments', after: paymentRow(11001, '129.90') }),
      changeEvent({ op: 'c', lsn: 1008, txId: 900, table: 'payments', after: paymentRow(11002, '0.01') }),
      transactionEvent('END', '900:1000', { 'public.payments': 2 }),
    ]);
    const first = await post(batch);
    expect(first).toEqual({ status: 200, body: { accepted: 4, ignored: 0 } });
    // A client retry of the same body, and Debezium redelivering the events one by one.
    expect((await post(batch)).status).toBe(200);
    for (const event of JSON.parse(batch) as unknown[]) expect((await post(JSON.stringify(event))).status).toBe(200);
    const ndjson = (JSON.parse(batch) as unknown[]).map((e) => JSON.stringify(e)).join('\n');
    expect((await post(ndjson, { 'content-type': 'application/x-ndjson' })).status).toBe(200);

    expect(await eventCount('payments')).toBe(2);
    expect(await eventCount('payments', true)).toBe(2);
    const [tx] = await rows<{ n: number }>(`SELECT count() AS n FROM cdc_transactions WHERE TxId = 900`);
    expect(Number(tx!.n)).toBe(2);
    expect(await ledgerPayments('1100')).toEqual([
      { Id: '11001', Amount: '129.9', Status: 'SUCCEEDED', Version: '1000', Deleted: 0 },
      { Id: '11002', Amount: '0.01', Status: 'SUCCEEDED', Version: '1008', Deleted: 0 },
    ]);
    const [raw] = await rows<{ n: number }>(`SELECT count() AS n FROM ledger_payments WHERE startsWith(Id, '1100')`);
    expect(Number(raw!.n)).toBe(2);
  });

  it('stores concurrent deliveries of the same events once', async () => {
    const events = [1, 2, 3].map((i) => changeEvent({ op: 'c', lsn: 2000 + i, txId: 901, table: 'refunds', after: { id: 22000 + i, amount: `${i}.50` } }));
    const bodies = [JSON.stringify(events), JSON.stringify(events.slice(1)), JSON.stringify([events[2], events[0]])];
    const results = await Promise.all(bodies.map((b) => post(b)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await eventCount('refunds')).toBe(3);
  });

  it('rejects only the bad event of a batch, says why, and stores the rest', async () => {
    const batch = JSON.stringify([
      changeEvent({ op: 'c', lsn: 3000, table: 'payments', after: paymentRow(33001, '10.00') }),
      changeEvent({ op: 'c', lsn: 3008, table: 'payments', after: paymentRow(33002, 10.1) }),
      changeEvent({ op: 'c', lsn: 3016, table: 'payments', after: paymentRow(33003, '30.00') }),
    ]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await post(batch);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ accepted: 2, rejected: [{ index: 1, error: expect.stringMatching(/amount.*floating-point.*decimal\.handling\.mode=string/) }] });
      expect(res.body.error).toMatch(/1 of 3 events rejected, the other 2 are stored/);
    }
    expect((await ledgerPayments('3300')).map((p) => [p.Id, p.Amount])).toEqual([
      ['33001', '10'],
      ['33003', '30'],
    ]);
    const [stored] = await rows<{ n: number }>(`SELECT count() AS n FROM cdc_events WHERE startsWith(PrimaryKey, '{"id":"3300')`);
    expect(Number(stored!.n)).toBe(2);
  });

  it('reports broken NDJSON lines by line number and 400s a body that is not JSON', async () => {
    const good = JSON.stringify(changeEvent({ op: 'c', lsn: 4000, table: 'orders', after: { id: 44001, amount: '5.00' } }));
    const res = await post(`${good}\n{"op":`, { 'content-type': 'application/x-ndjson' });
    expect(res).toMatchObject({ status: 400, body: { accepted: 1, rejected: [{ index: 1, line: 2 }] } });
    expect((await post('{"op":')).status).toBe(400);
    expect((await post('{}', { 'content-type': 'text/csv' })).status).toBe(415);
  });

  it('keeps the latest state per row whatever order updates and deletes arrive in', async () => {
    const created = changeEvent({ op: 'c', lsn: 5000, after: paymentRow(55001, '99.99', 'PENDING') });
    const updated = { schema: paymentsSchema(PRECISE_AMOUNT), payload: changeEvent({ op: 'u', lsn: 5100, after: paymentRow(55001, 'JxA=', 'SUCCEEDED') }) };
    const deleted = changeEvent({ op: 'd', lsn: 5200, before: { id: 55001, amount: null } });
    expect((await post(JSON.stringify(updated))).status).toBe(200);
    expect((await post(JSON.stringify(created))).status).toBe(200);
    expect(await ledgerPayments('55001')).toEqual([{ Id: '55001', Amount: '100', Status: 'SUCCEEDED', Version: '5100', Deleted: 0 }]);
    expect((await post(JSON.stringify([deleted, null]))).body).toEqual({ accepted: 1, ignored: 1 });
    expect(await ledgerPayments('55001')).toMatchObject([{ Id: '55001', Version: '5200', Deleted: 1 }]);
    const history = await rows<{ Op: string; Lsn: string; After: string }>(
      `SELECT Op, toString(Lsn) AS Lsn, After FROM cdc_events WHERE PrimaryKey = '{"id":"55001"}' ORDER BY Lsn`,
    );
    expect(history.map((h) => [h.Op, h.Lsn])).toEqual([
      ['c', '5000'],
      ['u', '5100'],
      ['d', '5200'],
    ]);
    expect(JSON.parse(history[1]!.After)).toMatchObject({ amount: '100.00' });
  });

  it('stores 64-bit LSNs and ids exactly, and truncates as events', async () => {
    const text = JSON.stringify(changeEvent({ op: 'c', lsn: 1, table: 'journal_entries', after: { id: 1, amount: '1.0000', direction: 'D' } }))
      .replace('"lsn":1,', '"lsn":9007199254740993,')
      .replace('"id":1,', '"id":1234567890123456789,');
    expect((await post(text)).status).toBe(200);
    expect((await post(JSON.stringify(changeEvent({ op: 't', lsn: 6000, table: 'journal_entries' })))).status).toBe(200);
    const stored = await rows<{ Op: string; Lsn: string; PrimaryKey: string }>(
      `SELECT Op, toString(Lsn) AS Lsn, PrimaryKey FROM cdc_events WHERE SourceTable = 'journal_entries' ORDER BY Lsn`,
    );
    expect(stored).toEqual([
      { Op: 't', Lsn: '6000', PrimaryKey: '' },
      { Op: 'c', Lsn: '9007199254740993', PrimaryKey: '{"id":"1234567890123456789"}' },
    ]);
    const [entry] = await rows<{ Id: string; Amount: string }>(`SELECT Id, Amount FROM ledger_journal_entries FINAL`);
    expect(entry).toEqual({ Id: '1234567890123456789', Amount: '1' });
  });
});

describe('POST /v1/cdc with SIGHTLINE_CDC_WEBHOOK_SECRET', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let signed: IngestServer;
  let signedUrl: string;

  beforeAll(async () => {
    signed = await startIngestServer({
      store,
      config: { SIGHTLINE_INGEST_TOKENS: ['t0ken'], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000, SIGHTLINE_CDC_WEBHOOK_SECRET: secret },
      host: '127.0.0.1',
      port: 0,
    });
    signedUrl = `http://127.0.0.1:${signed.port}/v1/cdc`;
  });
  afterAll(async () => signed.close());

  const body = JSON.stringify(changeEvent({ op: 'c', lsn: 7000, table: 'settlements', after: { id: 77001, amount: '1.00', tcc_state: 'TRYING' } }));
  const sign = (timestamp: number, key = secret) => ({
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(key, 'msg_1', timestamp, Buffer.from(body)),
  });

  it('accepts a correctly signed request without a bearer token', async () => {
    expect((await post(body, sign(Math.floor(Date.now() / 1000)), signedUrl)).status).toBe(200);
  });

  it('answers 401 for unsigned, wrongly signed and stale requests', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = await post(body, {}, signedUrl);
    expect(unsigned).toMatchObject({ status: 401, body: { error: expect.stringMatching(/must be signed/) } });
    const wrong = await post(body, sign(now, `whsec_${randomBytes(32).toString('base64')}`), signedUrl);
    expect(wrong).toMatchObject({ status: 401, body: { error: expect.stringMatching(/does not match/) } });
    const stale = await post(body, sign(now - 600), signedUrl);
    expect(stale).toMatchObject({ status: 401, body: { error: expect.stringMatching(/stale or replayed/) } });
  });

  it('still admits a valid bearer token', async () => {
    expect((await post(body, { authorization: 'Bearer t0ken' }, signedUrl)).status).toBe(200);
    expect((await post(body, { authorization: 'Bearer nope' }, signedUrl)).status).toBe(401);
  });
});
