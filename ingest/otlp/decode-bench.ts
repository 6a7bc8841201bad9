/**
 * Decode throughput of the OTLP trace decoders on a request built by the official SDK and
 * serializers: `npx tsx ingest/otlp/decode-bench.ts [spans=5000] [seconds=3]`.
 * Prints one JSON line per format. Measures decoding only, not HTTP or ClickHouse.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeOtlpTraces, type OtlpContentType } from './index';

const spanCount = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? 3);
const only = process.argv[4] ?? 'both';

function buildSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.version': '1.42.0',
      'deployment.environment.name': 'prod',
      'cloud.region': 'ap-southeast-1',
      'cloud.availability_zone': 'ap-southeast-1a',
      'deployment.role': 'stable',
      'sightline.unit': 'unit-07',
      'telemetry.sdk.language': 'go',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('sightline-demo/http', '0.3.1');
  const routes = ['/api/orders', '/api/orders/:id', '/api/groups/:id/join', '/api/pay', '/api/refund'];
  for (let i = 0; i < spanCount; i++) {
    const server = i % 2 === 0;
    const start = 1_795_300_000_000 + i;
    const span = tracer.startSpan(server ? `POST ${routes[i % 5]}` : 'payment.Charge', {
      kind: server ? SpanKind.SERVER : SpanKind.CLIENT,
      startTime: start,
      attributes: server
        ? {
            'http.route': routes[i % 5] as string,
            'http.request.method': 'POST',
            'http.response.status_code': i % 50 === 0 ? 503 : 200,
            'url.path': `/api/orders/${100000 + i}`,
            'server.address': 'checkout.internal',
            'x_unit_id': 'unit-07',
            'user_agent.original': 'Go-http-client/1.1',
          }
        : {
            'rpc.system': 'grpc',
            'rpc.service': 'payment.v1.Payments',
            'rpc.method': 'Charge',
            'rpc.grpc.status_code': 0,
            'peer.service': 'payment',
            'server.port': 8443,
          },
    });
    if (i % 10 === 0) span.addEvent('exception', { 'exception.type': 'Timeout', 'exception.message': 'upstream timed out' });
    if (i % 50 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream unavailable' });
    span.end(start + 3 + (i % 40));
  }
  return exporter.getFinishedSpans();
}

function measure(body: Uint8Array, contentType: OtlpContentType): void {
  const warmupUntil = performance.now() + 500;
  while (performance.now() < warmupUntil) decodeOtlpTraces(body, contentType);
  let requests = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    if (decodeOtlpTraces(body, contentType).rows.length !== spanCount) throw new Error('lost spans');
    requests++;
  }
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      format: contentType,
      spansPerRequest: spanCount,
      requestBytes: body.byteLength,
      requests,
      spansPerSecond: Math.round((requests * spanCount) / elapsed),
      msPerRequest: Number(((elapsed * 1000) / requests).toFixed(2)),
    }),
  );
}

const spans = buildSpans();
if (only !== 'json') measure(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, 'protobuf');
if (only !== 'protobuf') measure(JsonTraceSerializer.serializeRequest(spans) as Uint8Array, 'json');
