import type { ServerResponse } from 'node:http';
import protobuf from 'protobufjs/minimal.js';
import { HttpError } from './http-error';

export type WireFormat = 'json' | 'protobuf';

/** `google.rpc.Status{code, message}`, the error body OTLP/HTTP clients expect for protobuf. */
function encodeRpcStatus(code: number, message: string): Uint8Array {
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | 0).int32(code);
  w.uint32((2 << 3) | 2).string(message);
  return w.finish();
}

const GRPC_CODE_FOR_HTTP: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 408: 4, 413: 3, 415: 3, 429: 8, 503: 14 };

export function send(res: ServerResponse, status: number, body: Uint8Array | string, contentType: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), 'application/json', headers);
}

/** Answers an error in the request's own format with the message that says what was wrong. */
export function sendError(res: ServerResponse, err: unknown, format: WireFormat = 'json'): number {
  const httpError = err instanceof HttpError ? err : new HttpError(500, 'internal error');
  const headers: Record<string, string> = {};
  if (httpError.retryAfterSeconds !== undefined) headers['retry-after'] = String(httpError.retryAfterSeconds);
  if (format === 'protobuf') {
    const code = GRPC_CODE_FOR_HTTP[httpError.status] ?? 13;
    send(res, httpError.status, encodeRpcStatus(code, httpError.message), 'application/x-protobuf', headers);
  } else {
    sendJson(res, httpError.status, { error: httpError.message }, headers);
  }
  return httpError.status;
}
