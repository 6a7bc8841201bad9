/**
 * One OTLP client process: the official protobuf exporter sending synthetic spans to Sightline,
 * either flat out (a fixed number of exports in flight) or paced at a span rate (open loop, so
 * a slow answer does not hide the requests that would have queued behind it). Started by
 * ingest-bench.ts with fork(); reports its counts and acknowledgement latencies over IPC.
 */
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { z } from 'zod';
import { EXPORT_BATCH_SPANS } from './span-model';
import { SpanFactory } from './synthetic-spans';

export const clientConfigSchema = z.object({
  url: z.string().url(),
  client: z.number().int().min(0),
  mode: z.enum(['flat', 'paced']),
  seconds: z.number().positive(),
  /** Paced mode: this client's share of the target rate. */
  spansPerSecond: z.number().positive().optional(),
  batchSpans: z.number().int().positive().default(EXPORT_BATCH_SPANS),
  /** Flat mode: exports outstanding at once. */
  inFlight: z.number().int().positive().default(4),
});
export type ClientConfig = z.input<typeof clientConfigSchema>;

export const clientReportSchema = z.object({
  acked: z.number(),
  failedSpans: z.number(),
  failedExports: z.number(),
  latenciesMs: z.array(z.number()),
  elapsedMs: z.number(),
  cpuMs: z.number(),
});
export type ClientReport = z.infer<typeof clientReportSchema>;

async function run(config: z.infer<typeof clientConfigSchema>): Promise<ClientReport> {
  // Above the default 30 so the paced (open-loop) phase is never refused by the client itself.
  const exporter = new OTLPTraceExporter({ url: config.url, timeoutMillis: 30_000, concurrencyLimit: 200 });
  const factory = new SpanFactory(config.client);
  const report: ClientReport = { acked: 0, failedSpans: 0, failedExports: 0, latenciesMs: [], elapsedMs: 0, cpuMs: 0 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const endAt = t0 + config.seconds * 1000;
  let outstanding = 0;
  // Done once nothing more will be sent and every export has answered. A test on the clock alone
  // missed the paced run whose last export answered before the end time: the run never resolved,
  // the event loop emptied and the process exited without a report.
  let producing = true;
  let allDone: (() => void) | undefined;
  const finishIfDone = () => {
    if (!producing && outstanding === 0) allDone?.();
  };

  const sendOne = (onDone: () => void) => {
    const spans = factory.batch(config.batchSpans, Date.now());
    const sentAt = performance.now();
    outstanding++;
    exporter.export(spans, (result) => {
      outstanding--;
      report.latenciesMs.push(performance.now() - sentAt);
      if (result.code === ExportResultCode.SUCCESS) report.acked += spans.length;
      else {
        report.failedSpans += spans.length;
        report.failedExports++;
      }
      onDone();
      finishIfDone();
    });
  };

  await new Promise<void>((resolve) => {
    allDone = resolve;
    if (config.mode === 'flat') {
      const next = () => {
        if (performance.now() < endAt) sendOne(next);
        else producing = false;
      };
      for (let i = 0; i < config.inFlight; i++) next();
    } else {
      const intervalMs = (config.batchSpans / config.spansPerSecond!) * 1000;
      let due = t0;
      const tick = () => {
        const now = performance.now();
        // Catch up on every batch that fell due while the event loop was busy.
        while (due <= now && due < endAt) {
          sendOne(() => {});
          due += intervalMs;
        }
        if (due < endAt) setTimeout(tick, Math.max(0, due - performance.now()));
        else {
          producing = false;
          finishIfDone();
        }
      };
      tick();
    }
  });
  report.elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  report.cpuMs = (cpu.user + cpu.system) / 1000;
  await exporter.shutdown();
  return report;
}

// Runs only as a forked child (ingest-bench.ts); the parent sends "go" once every client is up.
if (process.send) {
  const config = clientConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  process.send('ready');
  process.once('message', (msg) => {
    if (msg !== 'go') return;
    run(config).then(
      (report) => process.send!(report, () => process.exit(0)),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
