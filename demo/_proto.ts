import { BasicTracerProvider, InMemorySpanExporter, type SpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { trace, ROOT_CONTEXT, SpanKind, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { createServer } from 'node:http';

let buf: ReadableSpan[] = [];
const proc: SpanProcessor = { onStart() {}, onEnd(s) { buf.push(s); }, forceFlush: async () => {}, shutdown: async () => {} };
const providers = Array.from({ length: 80 }, (_, i) => new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'svc' + (i % 11), 'service.version': '1.0', 'cloud.region': 'cn-east-1', 'cloud.availability_zone': 'cn-east-1a', 'deployment.environment.name': 'prod' }), spanProcessors: [proc] }));
const tracers = providers.map((p) => p.getTracer('demo', '1'));
const N = 200_000;
let t = Date.now() * 1e6;
const hr = (ns: number): HrTime => [Math.floor(ns / 1e9), ns % 1e9];
const t0 = performance.now();
let parent = ROOT_CONTEXT;
for (let i = 0; i < N; i++) {
  const tr = tracers[i % 80]!;
  const start = Date.now() - 3600_000 + i;
  const s = tr.startSpan('user.v1.UserService/Auth', { kind: SpanKind.CLIENT, startTime: [Math.floor(start / 1000), (start % 1000) * 1e6], attributes: { 'rpc.system': 'grpc', 'rpc.service': 'user.v1.UserService', 'rpc.method': 'Auth', 'peer.service': 'user-svc', 'rpc.grpc.status_code': 0 } }, i % 10 === 0 ? ROOT_CONTEXT : parent);
  if (i % 10 === 0) parent = trace.setSpan(ROOT_CONTEXT, s);
  s.end([Math.floor(start / 1000), (start % 1000) * 1e6 + 5000]);
}
const t1 = performance.now();
console.log('gen spans/s', Math.round(N / ((t1 - t0) / 1000)));
const server = createServer((req, res) => { req.on('data', () => {}); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/x-protobuf' }); res.end(); }); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const exp = new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` });
const t2 = performance.now();
const B = 5000;
let ser = 0;
for (let i = 0; i < buf.length; i += 2*B) {
  const ps: Promise<void>[] = [];
  for (let j = i; j < Math.min(i + 2*B, buf.length); j += B) ps.push(new Promise((res, rej) => exp.export(buf.slice(j, j + B), (r) => (r.code === 0 ? res() : rej(r.error)))));
  await Promise.all(ps);
}
const t3 = performance.now();
console.log('export spans/s', Math.round(N / ((t3 - t2) / 1000)), 'total', Math.round(N / ((t3 - t0) / 1000)));
await exp.shutdown(); server.close();
