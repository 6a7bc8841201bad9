import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../clickhouse/client';
import type { Config } from '../server/config';
import { healthReport } from '../server/health';
import { resolveLedgerMapping, type LedgerMapping } from '../server/ledger-mapping';
import { metrics } from '../server/metrics';
import { createTokenCheck } from './auth';
import { TableBatcher } from './batcher';
import { createCdcHandler } from './cdc/cdc-handler';
import type { CdcRecord } from './cdc/cdc-rows';
import { createCdcWriter } from './cdc/cdc-writer';
import { createDebtIngest } from './debt/debt-ingest';
import { createWebhookVerifier } from './cdc/webhook-signature';
import { HttpError } from './http-error';
import { createRateLimiter } from './rate-limit';
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
  /** Change events from POST /v1/cdc and from the WAL source share one writer and its dedup. */
  cdc: TableBatcher<CdcRecord>;
  /** Stops accepting requests, then inserts whatever is still queued. */
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<number>;

export interface IngestOptions {
  store: Store;
  config: Pick<Config, 'SIGHTLINE_INGEST_TOKENS' | 'SIGHTLINE_INGEST_QUEUE_ROWS' | 'SIGHTLINE_CDC_WEBHOOK_SECRET'> &
    Partial<Pick<Config, 'SIGHTLINE_INGEST_RATE_LIMIT'>>;
  port: number;
  host: string;
  /** Which source tables feed the ledger tables; SPEC §5.5's defaults when omitted. */
  ledger?: LedgerMapping;
  /** How long a client may take to send its headers and its whole request (tests shorten them). */
  clientTimeoutsMs?: { headers: number; request: number };
}

const CLIENT_TIMEOUTS_MS = { headers: 15_000, request: 60_000 };

export async function startIngestServer({ store, config, port, host, ledger = resolveLedgerMapping(), clientTimeoutsMs = CLIENT_TIMEOUTS_MS }: IngestOptions): Promise<IngestServer> {
  const { client } = store;
  const traceDedup = new RequestDedup(client, 'traces', true);
  await traceDedup.load();
  const spans = new TableBatcher<SpanRow>({
    client,
    table: 'otel_traces',
    maxQueueRows: config.SIGHTLINE_INGEST_QUEUE_ROWS,
    afterInsert: traceDedup.record,
  });
  const rum = new TableBatcher<RumRow>({ client, table: 'rum_events', maxDelayMs: 1000, maxQueueRows: 50_000 });
  const cdcDedup = new RequestDedup(client, 'cdc');
  await cdcDedup.load();
  const cdc = new TableBatcher<CdcRecord>({
    client,
    table: 'cdc_events',
    // Debezium Server's HTTP sink sends one request at a time and waits for the answer, so a
    // long coalescing delay would cap its throughput; concurrent senders still share inserts.
    maxDelayMs: 25,
    maxQueueRows: 100_000,
    write: createCdcWriter(client),
    afterInsert: cdcDedup.record,
  });
  const debt = await createDebtIngest(client);
  const authorized = createTokenCheck(config.SIGHTLINE_INGEST_TOKENS);
  const webhookSecret = config.SIGHTLINE_CDC_WEBHOOK_SECRET;
  const rateLimit = createRateLimiter(config.SIGHTLINE_INGEST_RATE_LIMIT ?? 0);
  const tokensConfigured = config.SIGHTLINE_INGEST_TOKENS.length > 0;

  const routes: Record<string, { method: string; handler: Handler; auth: boolean }> = {
    '/v1/traces': { method: 'POST', handler: createTracesHandler(spans, traceDedup), auth: true },
    '/collect': { method: 'POST', handler: createRumHandler(rum), auth: true },
    ...debt.routes,
    '/v1/cdc': {
      method: 'POST',
      handler: createCdcHandler({
        batcher: cdc,
        dedup: cdcDedup,
        mapping: ledger,
        verifyWebhook: webhookSecret ? createWebhookVerifier(webhookSecret) : undefined,
        bearerAuthorized: authorized,
        tokensConfigured,
      }),
      // With a webhook secret the handler authenticates (signature or token) once it has the body.
      auth: !webhookSecret,
    },
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

  // Node checks the timeouts below every connectionsCheckingInterval; keep that well under them.
  const server = http.createServer({ connectionsCheckingInterval: Math.min(1000, clientTimeoutsMs.headers / 2) }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    const endpoint = route ? path : 'unknown';
    const finish = (status: number) => metrics().ingestRequests.inc({ endpoint, status: String(status) });
    if (!route) {
      req.resume();
      finish(sendError(res, new HttpError(404, `no such endpoint ${path}: ingest serves POST /v1/traces, POST /v1/cdc, POST /v1/debt/{sarif|trivy|junit|github-workflow-run|gocyclo}, POST /collect, GET /healthz, GET /metrics`)));
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
    if (route.method === 'POST') {
      // Authorized requests are limited per token; without tokens (loopback only) per address.
      const client = tokensConfigured && route.auth ? `token:${req.headers.authorization ?? ''}` : `addr:${req.socket.remoteAddress ?? ''}`;
      const wait = rateLimit.take(client);
      if (wait > 0) {
        req.resume();
        const format = String(req.headers['content-type'] ?? '').includes('protobuf') ? 'protobuf' : 'json';
        finish(sendError(res, new HttpError(429, `rate limit of ${config.SIGHTLINE_INGEST_RATE_LIMIT} requests/s for this client exceeded; retry after ${wait} s`, wait), format));
        return;
      }
    }
    route.handler(req, res).then(finish, (err: unknown) => finish(sendError(res, err)));
  });
  // Slow or stalled clients must not hold sockets and memory forever.
  server.requestTimeout = clientTimeoutsMs.request;
  server.headersTimeout = clientTimeoutsMs.headers;
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
    cdc,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await Promise.all([spans.drain(), rum.drain(), cdc.drain(), debt.drain()]);
    },
  };
}
