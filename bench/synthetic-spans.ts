import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { BACKEND_CALLS_PER_TRACE, BACKENDS, CANARY_VERSION, ERROR_EVERY, ROUTES, SERVICES, STABLE_VERSION, ZONES } from './span-model';

/** Small deterministic PRNG (mulberry32): runs are repeatable for a seed and cost nothing. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function hrTime(ms: number): HrTime {
  const s = Math.floor(ms / 1000);
  return [s, Math.round((ms - s * 1000) * 1e6)];
}

const SCOPE = { name: 'sightline-bench', version: '1.0.0' };

/**
 * Builds export batches of realistic spans as the SDK hands them to an exporter (ReadableSpan),
 * with ids unique across clients (the client number is part of every trace id), so no two
 * export requests have the same body and ingest's retry dedup never drops one.
 */
export class SpanFactory {
  private readonly random: () => number;
  private readonly resources: Resource[][];
  private traceSeq = 0;

  constructor(private readonly client: number) {
    this.random = prng(client * 7919 + 1);
    // One resource per service instance (zone × version), reused like a real SDK's resource.
    this.resources = SERVICES.map((service, si) =>
      ZONES.map((zone, zi) => {
        const canary = (si + zi) % 5 === 0;
        return resourceFromAttributes({
          'service.name': service,
          'service.version': canary ? CANARY_VERSION : STABLE_VERSION,
          'deployment.role': canary ? 'canary' : 'stable',
          'cloud.region': zone.region,
          'cloud.availability_zone': zone.az,
          'sightline.unit': `unit-${zi}`,
          'host.name': `${service}-${zi}`,
        });
      }),
    );
  }

  get traces(): number {
    return this.traceSeq;
  }

  /** Spans of whole traces, at least `minSpans` of them, ending around `nowMs`. */
  batch(minSpans: number, nowMs: number): ReadableSpan[] {
    const spans: ReadableSpan[] = [];
    while (spans.length < minSpans) this.trace(spans, nowMs);
    return spans;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Log-normal-ish latency in ms with a median around `medianMs`. */
  private latency(medianMs: number): number {
    const u = Math.max(this.random(), 1e-9);
    const v = this.random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return medianMs * Math.exp(0.8 * normal);
  }

  private trace(out: ReadableSpan[], nowMs: number): void {
    const seq = this.traceSeq++;
    const traceId = hex(this.client + 1, 8) + hex(Math.floor(seq / 2 ** 32), 16) + hex(seq % 2 ** 32, 8);
    let spanSeq = 0;
    const ctx = (): SpanContext => ({ traceId, spanId: hex(seq % 2 ** 32, 8) + hex(++spanSeq, 8), traceFlags: TraceFlags.SAMPLED });
    const zone = Math.floor(this.random() * ZONES.length);
    const route = this.pick(ROUTES);
    const rootCtx = ctx();
    const rootMs = this.latency(40) + 20;
    const start = nowMs - rootMs;
    const failed = seq % ERROR_EVERY === 0;
    const callees: string[] = [];
    for (let i = 0; i < BACKEND_CALLS_PER_TRACE; i++) callees.push(this.pick(BACKENDS));
    out.push(
      this.span('HTTP ' + route, SpanKind.SERVER, rootCtx, undefined, this.resources[0]![zone]!, start, rootMs, failed, {
        'http.route': route,
        'http.request.method': 'POST',
        'http.response.status_code': failed ? 500 : 200,
        x_unit_id: `unit-${zone}`,
      }),
    );
    callees.forEach((callee, i) => {
      const callStart = start + (rootMs * i) / (BACKEND_CALLS_PER_TRACE + 1);
      const callMs = rootMs / (BACKEND_CALLS_PER_TRACE + 1);
      const calleeZone = this.random() < 0.9 ? zone : (zone + 1) % ZONES.length;
      const calleeResource = this.resources[SERVICES.indexOf(callee as (typeof SERVICES)[number])]![calleeZone]!;
      const callFailed = failed && i === 0;
      const rpc = `${callee}.v1.Api/Handle`;
      const grpc = { 'rpc.system': 'grpc', 'rpc.service': `${callee}.v1.Api`, 'rpc.method': 'Handle', 'rpc.grpc.status_code': callFailed ? 14 : 0 };
      const clientCtx = ctx();
      out.push(this.span(rpc, SpanKind.CLIENT, clientCtx, rootCtx, this.resources[0]![zone]!, callStart, callMs, callFailed, { ...grpc, 'peer.service': callee }));
      const serverCtx = ctx();
      out.push(this.span(rpc, SpanKind.SERVER, serverCtx, clientCtx, calleeResource, callStart + 0.3, callMs - 0.6, callFailed, grpc));
      out.push(
        this.span('SELECT pay', SpanKind.CLIENT, ctx(), serverCtx, calleeResource, callStart + 0.5, this.latency(3), false, {
          'db.system': 'postgresql',
          'db.operation.name': 'SELECT',
          'peer.service': 'postgres',
        }),
      );
    });
  }

  private span(
    name: string,
    kind: SpanKind,
    context: SpanContext,
    parent: SpanContext | undefined,
    resource: Resource,
    startMs: number,
    durationMs: number,
    failed: boolean,
    attributes: Attributes,
  ): ReadableSpan {
    return {
      name,
      kind,
      spanContext: () => context,
      ...(parent ? { parentSpanContext: parent } : {}),
      startTime: hrTime(startMs),
      endTime: hrTime(startMs + durationMs),
      duration: hrTime(durationMs),
      status: failed ? { code: SpanStatusCode.ERROR, message: 'upstream unavailable' } : { code: SpanStatusCode.UNSET },
      attributes,
      links: [],
      events: [],
      ended: true,
      resource,
      instrumentationScope: SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  }
}
