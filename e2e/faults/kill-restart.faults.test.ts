import path from 'node:path';
import { rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../clickhouse/client';
import { parseConfig } from '../../server/config';
import { ledgerClickHouseTable } from '../../server/ledger-tables';
import { startSightline, type RunningSightline } from '../sightline-process';
import { newTally, runCdcClient, runOtlpClient } from './load-clients';

/**
 * kill -9 of the Sightline process in the middle of sustained OTLP and CDC load from retrying
 * clients, then a restart on the same data: every acknowledged span and change event must be
 * stored exactly once, and the 1-minute rollups must count exactly the raw spans.
 */

const TOKEN = 'fault-suite-token';
const SERVICE = 'fault-load';
const OTLP_CLIENTS = 3;
const REQUESTS_PER_CLIENT = 40;
const SPANS_PER_REQUEST = 200;
const CDC_BATCHES = 60;
const EVENTS_PER_BATCH = 50;

let dataDir: string;
let running: RunningSightline | undefined;

afterAll(async () => {
  await running?.stop();
  await closeStore();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('kill -9 under load, then restart', () => {
  it('keeps every acknowledged span and change event exactly once', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-faults-'));
    const env = { SIGHTLINE_INGEST_TOKENS: TOKEN, SIGHTLINE_INGEST_RATE_LIMIT: '0' };
    running = await startSightline(env, { dataDir });
    const first = running;
    const ingestUrl = first.ingestUrl;
    const deadlineMs = Date.now() + 8 * 60_000;

    const spans = new Set<string>();
    const events = new Set<string>();
    const otlpTally = newTally();
    const cdcTally = newTally();
    const load = Promise.all([
      ...Array.from({ length: OTLP_CLIENTS }, (_, client) =>
        runOtlpClient({ url: () => `${ingestUrl}/v1/traces`, token: TOKEN, service: SERVICE, client, requests: REQUESTS_PER_CLIENT, spansPerRequest: SPANS_PER_REQUEST, deadlineMs, acknowledgedSpans: spans, tally: otlpTally }),
      ),
      runCdcClient({ url: () => `${ingestUrl}/v1/cdc`, token: TOKEN, batches: CDC_BATCHES, eventsPerBatch: EVENTS_PER_BATCH, deadlineMs, acknowledgedEvents: events, tally: cdcTally }),
    ]);

    // Mid-stream: a quarter of the trace requests and some change batches are in.
    await until('a quarter of the load to be acknowledged', () => otlpTally.acknowledged >= (OTLP_CLIENTS * REQUESTS_PER_CLIENT) / 4 && cdcTally.acknowledged >= 5, 240_000);
    const beforeCrash = { spans: spans.size, events: events.size };
    await first.kill();
    running = undefined;
    await new Promise((r) => setTimeout(r, 1000));
    running = await startSightline(env, { dataDir, port: first.port, ingestPort: first.ingestPort });
    await load;
    await running.stop();
    running = undefined;

    expect(beforeCrash.spans).toBeLessThan(OTLP_CLIENTS * REQUESTS_PER_CLIENT * SPANS_PER_REQUEST);
    expect(spans.size).toBe(OTLP_CLIENTS * REQUESTS_PER_CLIENT * SPANS_PER_REQUEST);
    expect(events.size).toBe(CDC_BATCHES * EVENTS_PER_BATCH);
    // The crash really interrupted clients mid-request: they saw refused connections.
    expect((otlpTally.refusals.network ?? 0) + (cdcTally.refusals.network ?? 0)).toBeGreaterThan(0);

    const store = await openStore(parseConfig({ SIGHTLINE_DATA_DIR: dataDir }));
    const one = async <T>(query: string, params: Record<string, unknown> = {}): Promise<T> => {
      const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
      return (await rs.json<T>())[0]!;
    };
    const raw = await one<{ n: number; distinct: number; errors: number }>(
      `SELECT count() AS n, uniqExact(SpanId) AS distinct, countIf(SpanAttributes['http.response.status_code'] = '503') AS errors
       FROM otel_traces WHERE ServiceName = {service:String}`,
      { service: SERVICE },
    );
    expect(raw.n).toBe(spans.size);
    expect(raw.distinct).toBe(spans.size);
    const missing = await one<{ n: number }>(
      `SELECT count() AS n FROM (SELECT arrayJoin({ids:Array(String)}) AS id) WHERE id NOT IN (SELECT SpanId FROM otel_traces WHERE ServiceName = {service:String})`,
      { ids: [...spans], service: SERVICE },
    );
    expect(missing.n).toBe(0);
    const rollup = await one<{ calls: number; errors: number }>(
      'SELECT sum(Calls) AS calls, sum(Errors) AS errors FROM span_rollup_1m WHERE ServiceName = {service:String}',
      { service: SERVICE },
    );
    expect(rollup).toEqual({ calls: raw.n, errors: raw.errors });

    const cdc = await one<{ n: number; distinct: number }>(
      `SELECT count() AS n, uniqExact(Lsn) AS distinct FROM cdc_events WHERE SourceTable = 'payments' AND Lsn IN {lsns:Array(UInt64)}`,
      { lsns: [...events].map(Number) },
    );
    expect(cdc).toEqual({ n: events.size, distinct: events.size });
    const payments = await one<{ n: number }>(`SELECT count() AS n FROM ${ledgerClickHouseTable('payments')} FINAL`);
    expect(payments.n).toBe(events.size);
    console.log(
      `[faults] killed after ${beforeCrash.spans} of ${spans.size} spans and ${beforeCrash.events} of ${events.size} change events were acknowledged; ` +
        `retries: OTLP ${otlpTally.attempts - otlpTally.acknowledged} (${JSON.stringify(otlpTally.refusals)}), CDC ${cdcTally.attempts - cdcTally.acknowledged} (${JSON.stringify(cdcTally.refusals)}); ` +
        `stored ${raw.n} spans, ${cdc.n} events, rollup calls ${rollup.calls}`,
    );
  });
});
