import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../clickhouse/client';
import type { Config } from '../server/config';
import { healthReport } from '../server/health';
import { metrics } from '../server/metrics';
import { createTokenCheck } from './auth';
import { TableBatcher } from './batcher';
import { HttpError } from './http-error';
import { RequestDedup } from './request-dedup';
import { send, sendError, sendJson } from './respond';
import { createRumHandler } from './rum-handler';
import type { RumRow } from './rum-payload';
import type { SpanRow } from './span-row';
import { createTracesHandler } from './traces-handler';

export interface IngestServer {
  server: http.Server;
  port: number;
  spans: TableBatcher<SpanRow>;
  /** Stops accepting requests, then inserts whatever is still queued. */
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<number>;

export interface IngestOptions {
  store: Store;
  config: Pick<Config, 'SIGHTLINE_INGEST_TOKENS' | 'SIGHTLINE_INGEST_QUEUE_ROWS'>;
  port: number;
  host: string;
}

export async function startIngestServer({ store, config, port, host }: IngestOptions): Promise<IngestServer> {
  const { client } = store;
  const traceDedup = new RequestDedup(client, 'traces');
  await traceDedup.load();
  const spans = new TableBatcher<SpanRow>({
    client,
    table: 'otel_traces',
    maxQueueRows: config.SIGHTLINE_INGEST_QUEUE_ROWS,
    afterInsert: traceDedup.record,
  });
  const rum = new TableBatcher<RumRow>({ client, table: 'rum_events', maxDelayMs: 1000, maxQueueRows: 50_000 });
  const authorized = createTokenCheck(config.SIGHTLINE_INGEST_TOKENS);

  const routes: Record<string, { method: string; handler: Handler; auth: boolean }> = {
    '/v1/traces': { method: 'POST', handler: createTracesHandler(spans, traceDedup), auth: true },
    '/collect': { method: 'POST', handler: createRumHandler(rum), auth: true },
    '/healthz': {
      method: 'GET',
      auth: false,
      handler: async (_req, res) => {
        const report = await healthReport(store);
        const status = report.status === 'ok' ? 200 : 503;
        sendJson(res, status, report);
        return status;
      },
    },
    '/metrics': {
      method: 'GET',
      auth: false,
      handler: async (_req, res) => {
        const { registry } = metrics();
        send(res, 200, await registry.metrics(), registry.contentType);
        return 200;
      },
    },
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    const endpoint = route ? path : 'unknown';
    const finish = (status: number) => metrics().ingestRequests.inc({ endpoint, status: String(status) });
    if (!route) {
      req.resume();
      finish(sendError(res, new HttpError(404, `no such endpoint ${path}: ingest serves POST /v1/traces, POST /collect, GET /healthz, GET /metrics`)));
      return;
    }
    if (req.method !== route.method) {
      req.resume();
      finish(sendError(res, new HttpError(405, `${path} accepts ${route.method} only`)));
      return;
    }
    if (route.auth && !authorized(req.headers.authorization)) {
      req.resume();
      finish(sendError(res, new HttpError(401, 'missing or invalid bearer token (Authorization: Bearer <token>)')));
      return;
    }
    route.handler(req, res).then(finish, (err: unknown) => finish(sendError(res, err)));
  });
  // Slow or stalled clients must not hold sockets and memory forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    server,
    port: actualPort,
    spans,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await Promise.all([spans.drain(), rum.drain()]);
    },
  };
}
