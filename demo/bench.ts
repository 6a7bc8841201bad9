/**
 * Measures the demo's backfill throughput on this machine: `npx tsx demo/bench.ts [rate]`.
 * (1) generator + SDK into a discarding exporter, (2) the real startDemo path (OTLP protobuf
 * exporter) into a trivial local HTTP sink that answers 200, and with `--ingest` (3) the same
 * into Sightline's own ingest listener and embedded ClickHouse in this process, as `npm start`
 * runs it. Prints JSON.
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { TrafficEmitter } from './emitter';
import { ExportPipeline } from './export-pipeline';
import { requestCount } from './plan';
import { DEFAULT_RATE } from './defaults';
import { startDemo } from './run';
import { HOUR_MS, MINUTE_MS } from './scenario';

const args = process.argv.slice(2);
const withIngest = args.includes('--ingest');
const rate = Number(args.find((a) => !a.startsWith('--')) ?? DEFAULT_RATE);
// An hour whose diurnal factor averages 1.0 (07:00–08:00 UTC), with the flash sale and episode.
const hourStart = Date.UTC(2025, 2, 10, 7, 0, 0);

class DiscardExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (r: { code: ExportResultCode }) => void): void {
    this.spans += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/** CPU seconds of this process (user + system): robust to other jobs sharing the machine. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function generatorOnly(): Promise<{ spans: number; requests: number; seconds: number; cpuSeconds: number }> {
  const exporter = new DiscardExporter();
  const pipeline = new ExportPipeline(exporter);
  const emitter = new TrafficEmitter({ seed: 42, rate, processor: pipeline });
  const c0 = cpuSeconds();
  const t0 = performance.now();
  for (let t = hourStart; t < hourStart + HOUR_MS; t += 5000) {
    emitter.emitRange(t, t + 5000);
    await pipeline.ready();
  }
  await pipeline.flush();
  return { spans: emitter.spans, requests: emitter.requests, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds() - c0 };
}

async function endToEnd(): Promise<{ spans: number; requests: number; seconds: number; cpuSeconds: number; bytes: number; posts: number }> {
  let bytes = 0;
  let posts = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      posts++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '0' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const stateDir = await mkdtemp(join(tmpdir(), 'sightline-demo-bench-'));
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const demo = await startDemo({
    endpoint: `http://127.0.0.1:${port}`,
    seed: 42,
    rate,
    backfillHours: 1,
    stateDir,
    log: () => {},
    now: () => hourStart + HOUR_MS,
  });
  while (!demo.stats().backfillDone) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  const stats = demo.stats();
  await demo.stop();
  server.close();
  await rm(stateDir, { recursive: true, force: true });
  return { spans: stats.spansSent, requests: stats.requestsSimulated, seconds, cpuSeconds: cpu, bytes, posts };
}

/** Backfills one recent hour into the real ingest path (chDB in a temp dir). */
async function intoIngest(): Promise<{ spans: number; seconds: number; stored: number }> {
  const { openTestStore } = await import('../clickhouse/test-store');
  const { startIngestServer } = await import('../ingest/server');
  const { markReady } = await import('../server/health');
  const { store, cleanup } = await openTestStore();
  markReady();
  const ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  const stateDir = await mkdtemp(join(tmpdir(), 'sightline-demo-bench-'));
  // The table's TTL drops old rows: simulate the hour before the last full hour.
  const now = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const t0 = performance.now();
  const demo = await startDemo({ endpoint: `http://127.0.0.1:${ingest.port}`, seed: 42, rate, backfillHours: 1, stateDir, log: () => {}, now: () => now });
  while (!demo.stats().backfillDone) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - t0) / 1000;
  const spans = demo.stats().spansSent;
  await demo.stop();
  const rs = await store.client.query({ query: 'SELECT count() AS n FROM otel_traces', format: 'JSONEachRow' });
  const [row] = await rs.json<{ n: string }>();
  await ingest.close();
  await cleanup();
  await rm(stateDir, { recursive: true, force: true });
  return { spans, seconds, stored: Number(row?.n ?? 0) };
}

/** Requests in the 6 h before `end`, from the plan alone (no spans). */
function requestsIn6h(end: number): number {
  let n = 0;
  for (let m = Math.floor((end - 6 * HOUR_MS) / MINUTE_MS); m < end / MINUTE_MS; m++) n += requestCount(rate, m);
  return n;
}

const gen = await generatorOnly();
const e2e = await endToEnd();
const ing = withIngest ? await intoIngest() : undefined;
const spansPerRequest = gen.spans / gen.requests;
// Wall time unless other jobs stole the CPU; the demo is single-threaded, so a loaded machine
// shows up as wall ≫ CPU and the CPU figure is the fairer estimate for an idle core.
const e2eRate = e2e.spans / Math.min(e2e.seconds, e2e.cpuSeconds);
const worst6h = requestsIn6h(Date.UTC(2025, 2, 10, 16, 0, 0)) * spansPerRequest; // 10:00–16:00 UTC, around the peak
const mean6h = requestsIn6h(Date.UTC(2025, 2, 10, 10, 0, 0)) * spansPerRequest; // 04:00–10:00 UTC, diurnal ≈ 1
console.log(
  JSON.stringify(
    {
      rate,
      hourSimulated: new Date(hourStart).toISOString(),
      spansPerRequest: Number(spansPerRequest.toFixed(2)),
      loadAverage1m: (await import('node:os')).loadavg()[0],
      generatorOnly: { ...gen, spansPerSec: Math.round(gen.spans / gen.seconds), spansPerCpuSec: Math.round(gen.spans / gen.cpuSeconds) },
      endToEndHttpSink: {
        ...e2e,
        spansPerSec: Math.round(e2e.spans / e2e.seconds),
        spansPerCpuSec: Math.round(e2e.spans / e2e.cpuSeconds),
        bytesPerSpan: Math.round(e2e.bytes / e2e.spans),
      },
      backfill6h: {
        spansAroundPeak: Math.round(worst6h),
        secondsAroundPeak: Number((worst6h / e2eRate).toFixed(1)),
        spansAverageDay: Math.round(mean6h),
        secondsAverageDay: Number((mean6h / e2eRate).toFixed(1)),
      },
      ...(ing
        ? {
            intoSightlineIngest: {
              ...ing,
              spansPerSec: Math.round(ing.spans / ing.seconds),
              backfill6hSecondsAverageDay: Number((mean6h / (ing.spans / ing.seconds)).toFixed(1)),
            },
          }
        : {}),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    },
    null,
    2,
  ),
);
