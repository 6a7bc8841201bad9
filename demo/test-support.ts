import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { DEFAULT_RATE, DEFAULT_SEED } from './defaults';
import { TrafficEmitter, type EmitStats } from './emitter';
import { ExportPipeline } from './export-pipeline';

/** Helpers for the demo's tests: generate through the SDK's in-memory exporter and inspect. */

export interface GenOptions {
  seed?: number;
  rate?: number;
}

/** All spans of [fromMs, toMs) through SimpleSpanProcessor + InMemorySpanExporter. */
export async function capture(fromMs: number, toMs: number, opts: GenOptions = {}): Promise<{ spans: ReadableSpan[]; stats: EmitStats }> {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor(exporter);
  const emitter = new TrafficEmitter({ seed: opts.seed ?? DEFAULT_SEED, rate: opts.rate ?? DEFAULT_RATE, processor });
  const stats = emitter.emitRange(fromMs, toMs);
  await processor.forceFlush();
  return { spans: exporter.getFinishedSpans(), stats };
}

/**
 * Long ranges minute by minute, so memory stays flat. A request's spans are all emitted with it,
 * so no trace straddles two chunks. Spans reach the InMemorySpanExporter through the demo's own
 * ExportPipeline (one export per 5000 spans) rather than SimpleSpanProcessor's per-span promise,
 * which would triple the cost of the hour-long statistical tests.
 */
export async function forEachMinute(
  fromMs: number,
  toMs: number,
  visit: (spans: readonly ReadableSpan[]) => void,
  opts: GenOptions = {},
): Promise<EmitStats> {
  const exporter = new InMemorySpanExporter();
  const processor = new ExportPipeline(exporter);
  const emitter = new TrafficEmitter({ seed: opts.seed ?? DEFAULT_SEED, rate: opts.rate ?? DEFAULT_RATE, processor });
  for (let t = fromMs; t < toMs; t += 60_000) {
    emitter.emitRange(t, Math.min(t + 60_000, toMs));
    await processor.flush();
    visit(exporter.getFinishedSpans());
    exporter.reset();
  }
  return { requests: emitter.requests, spans: emitter.spans };
}

export const service = (s: ReadableSpan): string => String(s.resource.attributes['service.name']);
export const az = (s: ReadableSpan): string => String(s.resource.attributes['cloud.availability_zone']);
export const region = (s: ReadableSpan): string => String(s.resource.attributes['cloud.region']);
export const role = (s: ReadableSpan): string => String(s.resource.attributes['deployment.role']);
export const startMs = (s: ReadableSpan): number => s.startTime[0] * 1000 + s.startTime[1] / 1e6;
export const durationMs = (s: ReadableSpan): number => s.duration[0] * 1000 + s.duration[1] / 1e6;
export const isRpcClient = (s: ReadableSpan): boolean => s.kind === SpanKind.CLIENT && s.attributes['rpc.system'] === 'grpc';
export const isRpcServer = (s: ReadableSpan): boolean => s.kind === SpanKind.SERVER && s.attributes['rpc.system'] === 'grpc';

const BAD_GRPC = new Set([2, 4, 8, 13, 14]);

/** SPEC §4's definition of a bad call. */
export function isBad(s: ReadableSpan): boolean {
  if (s.status.code === 2) return true;
  const http = s.attributes['http.response.status_code'];
  if (typeof http === 'number' && http >= 500) return true;
  const grpc = s.attributes['rpc.grpc.status_code'];
  return typeof grpc === 'number' && BAD_GRPC.has(grpc);
}

/** Server spans keyed by their parent span id, to pair client and server halves of a call. */
export function serversByParent(spans: readonly ReadableSpan[]): Map<string, ReadableSpan> {
  const map = new Map<string, ReadableSpan>();
  for (const s of spans) {
    const parent = s.parentSpanContext?.spanId;
    if (s.kind === SpanKind.SERVER && parent) map.set(parent, s);
  }
  return map;
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** A fingerprint of everything a span carries, for determinism checks. */
export function fingerprint(s: ReadableSpan): string {
  return JSON.stringify([
    s.spanContext().traceId,
    s.spanContext().spanId,
    s.parentSpanContext?.spanId ?? '',
    s.name,
    s.kind,
    s.startTime,
    s.endTime,
    s.attributes,
    s.status,
    s.events.map((e) => [e.name, e.time, e.attributes]),
    s.resource.attributes,
    s.instrumentationScope.name,
  ]);
}
