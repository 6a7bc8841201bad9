import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TrafficEmitter } from './emitter';
import { LIVE_INTERVAL_MS, LIVE_LAG_MS, startDemo, type DemoHandle } from './run';
import { STATE_FILE } from './state';

const N = Date.UTC(2025, 2, 10, 7, 10, 0);

interface Sink {
  url: string;
  requests: { auth: string | undefined; type: string | undefined; bytes: number }[];
  /** Answer this status to the next `failNext` requests. */
  failNext: number;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const sink: Sink = { url: '', requests: [], failNext: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      if (req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      if (sink.failNext > 0) {
        sink.failNext--;
        res.writeHead(500).end('boom');
        return;
      }
      sink.requests.push({ auth: req.headers.authorization, type: req.headers['content-type'], bytes });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  sink.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}

/** What a fresh emitter produces for [from, to): the reference the runner must match exactly. */
function expected(from: number, to: number, seed = 42): { requests: number; spans: number } {
  const emitter = new TrafficEmitter({ seed, rate: 10, processor: new SimpleSpanProcessor(new InMemorySpanExporter()) });
  return emitter.emitRange(from, to);
}

async function until(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('startDemo', () => {
  let sink: Sink;
  let stateDir: string;
  const logs: string[] = [];
  const log = (m: string): void => void logs.push(m);

  beforeAll(async () => {
    sink = await startSink();
    stateDir = await mkdtemp(join(tmpdir(), 'sightline-demo-test-'));
  });
  afterAll(async () => {
    await sink.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('backfills through the OTLP exporter and records where it got to', async () => {
    const demo = await startDemo({ endpoint: `${sink.url}/`, token: 't0k', seed: 42, rate: 10, backfillHours: 0.05, stateDir, log, now: () => N });
    await until(() => demo.stats().backfillDone);
    const from = N - 0.05 * 3_600_000;
    const to = N - LIVE_LAG_MS;
    const want = expected(from, to);
    expect(demo.stats()).toEqual({ spansSent: want.spans, requestsSimulated: want.requests, backfillDone: true, backfillFromMs: from, lastEmittedMs: to });
    await demo.stop();
    expect(sink.requests.length).toBeGreaterThan(0);
    for (const r of sink.requests) {
      expect(r.auth).toBe('Bearer t0k');
      expect(r.type).toBe('application/x-protobuf');
    }
    expect(JSON.parse(await readFile(join(stateDir, STATE_FILE), 'utf8'))).toEqual({ seed: 42, lastEmittedMs: to });
  });

  it('resumes where it stopped and never re-sends a request', async () => {
    const later = N + 60_000;
    const before = sink.requests.length;
    const demo = await startDemo({ endpoint: sink.url, seed: 42, rate: 10, backfillHours: 6, stateDir, log, now: () => later });
    await until(() => demo.stats().backfillDone);
    // Only the minute since the last run, although 6 hours of backfill were asked for.
    const want = expected(N - LIVE_LAG_MS, later - LIVE_LAG_MS);
    expect(demo.stats().requestsSimulated).toBe(want.requests);
    expect(demo.stats().spansSent).toBe(want.spans);
    await demo.stop();
    expect(sink.requests.length).toBeGreaterThan(before);

    const again = await startDemo({ endpoint: sink.url, seed: 42, rate: 10, backfillHours: 6, stateDir, log, now: () => later });
    await until(() => again.stats().backfillDone);
    expect(again.stats().requestsSimulated).toBe(0);
    await again.stop();
  });

  it('starts afresh when the state belongs to another seed', async () => {
    const demo = await startDemo({ endpoint: sink.url, seed: 43, rate: 10, backfillHours: 0.01, stateDir, log, now: () => N + 60_000 });
    await until(() => demo.stats().backfillDone);
    expect(logs.some((l) => l.includes('state has seed 42'))).toBe(true);
    expect(demo.stats().requestsSimulated).toBe(expected(N + 60_000 - 36_000, N + 60_000 - LIVE_LAG_MS, 43).requests);
    await demo.stop();
  });

  it('streams live on the real clock once caught up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-demo-test-'));
    const demo = await startDemo({ endpoint: sink.url, seed: 42, rate: 10, backfillHours: 0, stateDir: dir, log });
    await until(() => demo.stats().backfillDone);
    const first = demo.stats().lastEmittedMs;
    await until(() => demo.stats().lastEmittedMs >= first + LIVE_INTERVAL_MS && demo.stats().spansSent > 0, 15_000);
    expect(Date.now() - demo.stats().lastEmittedMs).toBeLessThan(LIVE_LAG_MS + LIVE_INTERVAL_MS + 2000);
    await demo.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('retries a rejected batch until ingest accepts it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-demo-test-'));
    sink.failNext = 2;
    const demo = await startDemo({ endpoint: sink.url, seed: 42, rate: 10, backfillHours: 0.01, stateDir: dir, log, now: () => N });
    await until(() => demo.stats().backfillDone);
    const want = expected(N - 36_000, N - LIVE_LAG_MS);
    expect(demo.stats().spansSent).toBe(want.spans);
    expect(logs.some((l) => l.startsWith('demo: span export failed') && l.includes('retrying'))).toBe(true);
    expect(logs).toContain('demo: span export recovered');
    await demo.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the host alive and its state honest when ingest is down', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-demo-test-'));
    // A port nobody listens on.
    const closed = await startSink();
    const url = closed.url;
    await closed.close();
    const own: string[] = [];
    const demo: DemoHandle = await startDemo({ endpoint: url, seed: 42, rate: 10, backfillHours: 0.01, stateDir: dir, log: (m) => own.push(m), now: () => N });
    // The exporter retries ECONNREFUSED itself for its 10 s timeout before reporting failure.
    await until(() => own.some((l) => l.startsWith('demo: span export failed')), 40_000);
    expect(own.find((l) => l.startsWith('demo: span export failed'))).toMatch(/ECONNREFUSED/);
    expect(demo.stats().spansSent).toBe(0);
    expect(demo.stats().backfillDone).toBe(false);
    const t0 = Date.now();
    await demo.stop();
    expect(Date.now() - t0).toBeLessThan(20_000);
    // Nothing was delivered, so the resume point is still the start of the backfill.
    const state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8').catch(() => '{"lastEmittedMs":null}')) as { lastEmittedMs: number | null };
    expect(state.lastEmittedMs === null || state.lastEmittedMs === N - 36_000).toBe(true);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});
