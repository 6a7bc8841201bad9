/**
 * The official OTLP/HTTP trace exporters (protobuf and JSON) as clients: their request bodies are
 * decoded by our decoders, and our responses (including partial success) are understood by them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedSpans } from '../span-row';
import {
  type OtlpContentType,
  decodeOtlpTraces,
  encodeExportTraceServiceResponse,
  encodeExportTraceServiceResponseJson,
  partialSuccessOf,
} from './index';
import { buildSdkSpans, bySpanId, expectedRow } from './test-spans';

interface Received {
  contentType: string;
  encoding: string | undefined;
  decoded: DecodedSpans;
}

let server: http.Server;
let url = '';
const received: Received[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Buffer = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const contentType = req.headers['content-type'] ?? '';
      const type: OtlpContentType = contentType.startsWith('application/x-protobuf') ? 'protobuf' : 'json';
      const decoded = decodeOtlpTraces(body, type);
      received.push({ contentType, encoding: req.headers['content-encoding'], decoded });
      const partial = partialSuccessOf(decoded);
      res.writeHead(200, { 'content-type': contentType });
      res.end(type === 'protobuf' ? encodeExportTraceServiceResponse(partial) : encodeExportTraceServiceResponseJson(partial));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  diag.setLogger(
    { error: () => {}, warn: (...args: unknown[]) => warnings.push(args.map(String).join(' ')), info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
});

afterAll(async () => {
  diag.disable();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function exportWith(exporter: ProtoExporter | JsonExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** The same span with an all-zero trace id, which the exporters send as is and we must reject. */
function withZeroTraceId(span: ReadableSpan): ReadableSpan {
  const ctx = span.spanContext();
  return Object.create(span, { spanContext: { value: () => ({ ...ctx, traceId: '0'.repeat(32) }) } }) as ReadableSpan;
}

describe.each([
  ['protobuf', 'application/x-protobuf', (c: CompressionAlgorithm) => new ProtoExporter({ url, compression: c })],
  ['JSON', 'application/json', (c: CompressionAlgorithm) => new JsonExporter({ url, compression: c })],
] as const)('the official OTLP/HTTP %s exporter', (_name, contentType, create) => {
  it('delivers gzip-compressed spans that decode to exactly the exported spans', async () => {
    const spans = buildSdkSpans();
    received.length = 0;
    const exporter = create(CompressionAlgorithm.GZIP);
    const result = await exportWith(exporter, spans);
    await exporter.shutdown();
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe(contentType);
    expect(received[0]?.encoding).toBe('gzip');
    const decoded = received[0]?.decoded;
    expect(decoded?.rejected).toBe(0);
    const rows = bySpanId(decoded?.rows ?? []);
    expect(rows.size).toBe(spans.length);
    for (const span of spans) expect(rows.get(span.spanContext().spanId)).toEqual(expectedRow(span));
  });

  it('gets a partial success it understands when a span is rejected, and the good spans are kept', async () => {
    // Three spans of one resource and scope, so the rejected one is spans[1] of scopeSpans[0].
    const spans = buildSdkSpans().filter((s) => s.instrumentationScope.name === 'sightline-demo/http');
    const bad = withZeroTraceId(spans[1] as ReadableSpan);
    received.length = 0;
    warnings.length = 0;
    const exporter = create(CompressionAlgorithm.NONE);
    const result = await exportWith(exporter, [spans[0] as ReadableSpan, bad, spans[2] as ReadableSpan]);
    await exporter.shutdown();
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const decoded = received[0]?.decoded;
    expect(decoded?.rows.map((r) => r.SpanId)).toEqual([spans[0], spans[2]].map((s) => s?.spanContext().spanId));
    expect(decoded?.rejected).toBe(1);
    expect(decoded?.errors).toEqual(['resourceSpans[0].scopeSpans[0].spans[1]: trace_id is all zeroes']);
    const warning = warnings.find((w) => w.includes('Partial Success'));
    expect(warning).toBeDefined();
    expect(warning).toMatch(/"rejectedSpans":"?1"?/);
    expect(warning).toContain('trace_id is all zeroes');
  });
});
