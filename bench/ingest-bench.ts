import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { clientReportSchema, type ClientConfig, type ClientReport } from './exporter-client';
import type { Sizes } from './options';
import { sampleUsage } from './process-usage';
import { EXPORT_BATCH_SPANS } from './span-model';
import { perSecond, summarizeLatencies, type LatencySummary } from './stats';
import { SightlineMetrics } from './sightline-metrics';
import { storedCounts } from './trpc-client';

const CLIENT = fileURLToPath(new URL('./exporter-client.ts', import.meta.url));

export interface IngestResult {
  exporters: number;
  /** Spans acknowledged per second while every exporter sent flat out. */
  ackedSpansPerSec: number;
  /** The same spans over the time until health.status counted all of them (→ queryable). */
  queryableSpansPerSec: number;
  spansAcked: number;
  failedExports: number;
  /** Share of the machine's CPUs the exporter processes used: they compete with Sightline for it. */
  exporterCpuShare: number;
  /** Share Sightline used meanwhile: well below 1 means the exporters did not saturate it. */
  sightlineCpuShare: number;
  saturationAck: LatencySummary | null;
  halfLoad: { targetSpansPerSec: number; achievedSpansPerSec: number; ack: LatencySummary | null; failedExports: number };
  /** Peak RSS over the throughput and half-load phases. */
  peakRssMiB: number;
  /** Sightline's own account of its otel_traces inserts over those phases (/metrics). */
  inserts: { count: number; meanRows: number; meanMs: number };
  /** More spans outstanding than the ingest queue holds: memory must stay bounded, the excess shed. */
  overload: {
    exporters: number;
    spansOutstanding: number;
    ackedSpansPerSec: number;
    answered429: number;
    answered503: number;
    failedExports: number;
    /** Sightline's RSS high-water mark since it started, read after the overload. */
    peakRssMiB: number;
  };
}

async function runClients(configs: ClientConfig[]): Promise<{ reports: ClientReport[]; goAt: number }> {
  const children = configs.map((config) => fork(CLIENT, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await Promise.all(children.map((child) => new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`exporter client exited with ${code} before starting`)));
  })));
  const goAt = performance.now();
  const reports = Promise.all(
    children.map(
      (child) =>
        new Promise<ClientReport>((resolve, reject) => {
          child.once('message', (msg) => resolve(clientReportSchema.parse(msg)));
          // 'close' comes after the IPC channel has delivered everything, so after a report this is
          // a no-op; before one, even exit code 0 means the run was lost.
          child.once('close', (code, signal) => reject(new Error(`exporter client exited (${signal ?? `code ${code}`}) without a report`)));
        }),
    ),
  );
  for (const child of children) child.send('go');
  return { reports: await reports, goAt };
}

async function waitUntilStored(baseUrl: string, spans: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const stored = (await storedCounts(baseUrl)).spans;
    if (stored >= spans) return performance.now();
    if (performance.now() > deadline) throw new Error(`${stored} of ${spans} acknowledged spans were queryable ${timeoutMs} ms later`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for the ingest queue to empty, so whatever runs next does not pay for the overload. */
async function waitUntilDrained(ingestUrl: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await SightlineMetrics.fetch(ingestUrl)).queuedRows() > 0) {
    if (performance.now() > deadline) throw new Error(`the ingest queue was still not empty ${timeoutMs} ms after the overload`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Saturation with N official exporters, then half that rate for acknowledgement latency, then
 * overload (more outstanding than the queue holds) for bounded memory and shedding.
 */
export async function ingestBench(sightline: { ingestUrl: string; baseUrl: string; pid: number }, sizes: Sizes, log: (line: string) => void): Promise<IngestResult> {
  const url = `${sightline.ingestUrl}/v1/traces`;
  const memory = await sampleUsage(sightline.pid);
  const before = (await storedCounts(sightline.baseUrl)).spans;

  log(`ingest: ${sizes.exporters} exporters flat out (${sizes.exportsInFlight} exports in flight each) for ${sizes.ingestSeconds} s`);
  const flatUsage = await sampleUsage(sightline.pid);
  const flat = await runClients(
    Array.from({ length: sizes.exporters }, (_, client) => ({ url, client, mode: 'flat' as const, seconds: sizes.ingestSeconds, inFlight: sizes.exportsInFlight })),
  );
  const acked = flat.reports.reduce((n, r) => n + r.acked, 0);
  const elapsedMs = Math.max(...flat.reports.map((r) => r.elapsedMs));
  const queryableAt = await waitUntilStored(sightline.baseUrl, before + acked, 60_000);
  const { cpuShare: sightlineCpuShare } = await flatUsage.stop();
  const ackedSpansPerSec = perSecond(acked, elapsedMs);

  const target = Math.max(1000, Math.round(ackedSpansPerSec / 2));
  log(`ingest: ${target} spans/s (half the sustained rate) for ${sizes.halfLoadSeconds} s`);
  const half = await runClients(
    Array.from({ length: sizes.exporters }, (_, client) => ({
      url,
      client: sizes.exporters + client,
      mode: 'paced' as const,
      seconds: sizes.halfLoadSeconds,
      spansPerSecond: target / sizes.exporters,
    })),
  );
  const halfAcked = half.reports.reduce((n, r) => n + r.acked, 0);
  const { peakRssMiB } = await memory.stop();
  const inserts = (await SightlineMetrics.fetch(sightline.ingestUrl)).inserts();

  const outstanding = sizes.overloadExporters * sizes.overloadInFlight * EXPORT_BATCH_SPANS;
  log(`ingest: overload, ${sizes.overloadExporters} exporters with ${sizes.overloadInFlight} exports in flight each (~${outstanding.toLocaleString('en')} spans outstanding) for ${sizes.overloadSeconds} s`);
  const atStart = await SightlineMetrics.fetch(sightline.ingestUrl);
  const overloadUsage = await sampleUsage(sightline.pid);
  const over = await runClients(
    Array.from({ length: sizes.overloadExporters }, (_, client) => ({
      url,
      client: 2 * sizes.exporters + client,
      mode: 'flat' as const,
      seconds: sizes.overloadSeconds,
      inFlight: sizes.overloadInFlight,
    })),
  );
  const { peakRssMiB: overloadPeakRssMiB } = await overloadUsage.stop();
  const atEnd = await SightlineMetrics.fetch(sightline.ingestUrl);
  await waitUntilDrained(sightline.ingestUrl, 120_000);

  return {
    exporters: sizes.exporters,
    ackedSpansPerSec,
    queryableSpansPerSec: perSecond(acked, queryableAt - flat.goAt),
    spansAcked: acked,
    failedExports: flat.reports.reduce((n, r) => n + r.failedExports, 0),
    exporterCpuShare: Math.round((flat.reports.reduce((n, r) => n + r.cpuMs, 0) / (elapsedMs * os.cpus().length)) * 100) / 100,
    sightlineCpuShare,
    saturationAck: summarizeLatencies(flat.reports.flatMap((r) => r.latenciesMs)),
    halfLoad: {
      targetSpansPerSec: target,
      achievedSpansPerSec: perSecond(halfAcked, Math.max(...half.reports.map((r) => r.elapsedMs))),
      ack: summarizeLatencies(half.reports.flatMap((r) => r.latenciesMs)),
      failedExports: half.reports.reduce((n, r) => n + r.failedExports, 0),
    },
    peakRssMiB,
    inserts,
    overload: {
      exporters: sizes.overloadExporters,
      spansOutstanding: outstanding,
      ackedSpansPerSec: perSecond(over.reports.reduce((n, r) => n + r.acked, 0), Math.max(...over.reports.map((r) => r.elapsedMs))),
      answered429: atEnd.tracesAnswered(429) - atStart.tracesAnswered(429),
      answered503: atEnd.tracesAnswered(503) - atStart.tracesAnswered(503),
      failedExports: over.reports.reduce((n, r) => n + r.failedExports, 0),
      peakRssMiB: overloadPeakRssMiB,
    },
  };
}
