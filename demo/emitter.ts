import type { Tracer } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SCOPES, resourceAttributes, type Instance, type ScopeKey } from './platform';
import { MinutePlanner } from './plan';
import { SeededIdGenerator } from './random';
import { MINUTE_MS } from './scenario';
import { emitRequest, type TracerSource } from './traffic';

/**
 * Turns a time range into spans: one BasicTracerProvider per resource (service × AZ × role),
 * created on first use, all feeding one span processor. Sharing the processor keeps export
 * batches large and mixed across resources, which is what a collector would send too.
 */

export interface EmitterOptions {
  seed: number;
  /** Base gateway requests per second (before the diurnal and flash-sale multipliers). */
  rate: number;
  processor: SpanProcessor;
}

export interface EmitStats {
  requests: number;
  spans: number;
}

export class TrafficEmitter implements TracerSource {
  readonly seed: number;
  readonly rate: number;
  private readonly processor: SpanProcessor;
  private readonly ids = new SeededIdGenerator();
  private readonly providers = new Map<string, BasicTracerProvider>();
  private readonly tracers = new Map<string, Tracer>();
  /** Live mode emits the same minute in ~30 slices; keep its planner. */
  private planner: MinutePlanner | undefined;
  requests = 0;
  spans = 0;

  constructor(opts: EmitterOptions) {
    this.seed = opts.seed;
    this.rate = opts.rate;
    this.processor = opts.processor;
  }

  tracer(inst: Instance, scope: ScopeKey): Tracer {
    const key = `${inst.key}|${scope}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      let provider = this.providers.get(inst.key);
      if (!provider) {
        provider = new BasicTracerProvider({
          resource: defaultResource().merge(resourceFromAttributes(resourceAttributes(inst))),
          idGenerator: this.ids,
          spanProcessors: [this.processor],
        });
        this.providers.set(inst.key, provider);
      }
      tracer = provider.getTracer(SCOPES[scope].name, SCOPES[scope].version);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  private plannerOf(minute: number): MinutePlanner {
    if (this.planner?.minute !== minute) this.planner = new MinutePlanner(this.seed, this.rate, minute);
    return this.planner;
  }

  /** Emits every request that starts in [fromMs, toMs). Synchronous: spans reach the processor now. */
  emitRange(fromMs: number, toMs: number): EmitStats {
    const stats: EmitStats = { requests: 0, spans: 0 };
    if (toMs <= fromMs) return stats;
    const fromUs = fromMs * 1000;
    const toUs = toMs * 1000;
    for (let minute = Math.floor(fromMs / MINUTE_MS); minute * MINUTE_MS < toMs; minute++) {
      const planner = this.plannerOf(minute);
      for (let i = planner.firstAtOrAfter(fromUs); i < planner.n; i++) {
        const plan = planner.plan(i);
        if (plan.startUs >= toUs) break; // requests are in start order
        stats.spans += emitRequest(plan, this, this.ids).spans;
        stats.requests++;
      }
    }
    this.requests += stats.requests;
    this.spans += stats.spans;
    return stats;
  }

  async forceFlush(): Promise<void> {
    // One shared processor: flushing it once flushes every provider.
    await this.processor.forceFlush();
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.providers.values()].map((p) => p.shutdown()));
  }

  get providerCount(): number {
    return this.providers.size;
  }
}

/**
 * Convenience for tests and tools: emit [fromMs, toMs) into a processor of your choice (e.g. the
 * SDK's SimpleSpanProcessor + InMemorySpanExporter) and flush it.
 */
export async function emitRange(fromMs: number, toMs: number, opts: EmitterOptions): Promise<EmitStats> {
  const emitter = new TrafficEmitter(opts);
  const stats = emitter.emitRange(fromMs, toMs);
  await emitter.forceFlush();
  return stats;
}
