import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../clickhouse/client';
import { parseConfig } from '../../server/config';
import { startSightline, type RunningSightline } from '../sightline-process';
import { otlpRequest } from './load-clients';

/**
 * Far more trace traffic than one process can store, with no back-off at all: ingest must shed
 * the excess with 429/503 and Retry-After while its memory stays bounded, keep what it
 * acknowledged, and be healthy afterwards.
 */

const TOKEN = 'overload-token';
const CLIENTS = 24;
const SPANS_PER_REQUEST = 2000;
const DURATION_MS = 20_000;
const RSS_LIMIT_BYTES = 1.5 * 1024 ** 3;

let app: RunningSightline | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await app?.stop();
  await closeStore();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

describe('overload', () => {
  it('answers 429/503 beyond capacity, keeps RSS bounded and stores exactly what it acknowledged', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-overload-'));
    app = await startSightline({ SIGHTLINE_INGEST_TOKENS: TOKEN, SIGHTLINE_INGEST_RATE_LIMIT: '0', SIGHTLINE_INGEST_QUEUE_ROWS: '10000' }, { dataDir });
    const running = app;
    const statuses: Record<string, number> = {};
    let acknowledgedSpans = 0;
    let peakRss = 0;
    const sampler = setInterval(() => {
      rssBytes(running.pid).then((b) => (peakRss = Math.max(peakRss, b)), () => undefined);
    }, 100);
    const end = Date.now() + DURATION_MS;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let r = 0; Date.now() < end; r++) {
          const { body } = otlpRequest('overload-svc', client, r, SPANS_PER_REQUEST, Date.now());
          try {
            const res = await fetch(`${running.ingestUrl}/v1/traces`, {
              method: 'POST',
              body,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
              signal: AbortSignal.timeout(30_000),
            });
            await res.arrayBuffer();
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            if (res.status === 200) acknowledgedSpans += SPANS_PER_REQUEST;
            else expect(res.headers.get('retry-after'), `status ${res.status}`).toMatch(/^\d+$/);
          } catch (err) {
            statuses.error = (statuses.error ?? 0) + 1;
            throw err;
          }
        }
      }),
    );
    clearInterval(sampler);

    const shed = (statuses['429'] ?? 0) + (statuses['503'] ?? 0);
    expect(shed).toBeGreaterThan(0);
    expect(statuses['200']).toBeGreaterThan(0);
    expect(Object.keys(statuses).sort()).toEqual(Object.keys(statuses).filter((s) => ['200', '429', '503'].includes(s)).sort());
    expect(peakRss).toBeGreaterThan(0);
    expect(peakRss).toBeLessThan(RSS_LIMIT_BYTES);

    const health = await fetch(`${running.ingestUrl}/healthz`);
    expect(health.status).toBe(200);
    await running.stop();
    app = undefined;
    // What was acknowledged is stored, and nothing that was refused.
    const store = await openStore(parseConfig({ SIGHTLINE_DATA_DIR: dataDir }));
    const rs = await store.client.query({ query: "SELECT count() AS n FROM otel_traces WHERE ServiceName = 'overload-svc'", format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ n: acknowledgedSpans }]);
    console.log(
      `[faults] overload: ${JSON.stringify(statuses)} responses from ${CLIENTS} clients in ${DURATION_MS / 1000} s; ` +
        `${acknowledgedSpans} spans acknowledged and stored; peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MiB`,
    );
  });
});
