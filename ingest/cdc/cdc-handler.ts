import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LedgerMapping } from '../../server/ledger-mapping';
import { metrics } from '../../server/metrics';
import type { TableBatcher } from '../batcher';
import { readBody } from '../body';
import { HttpError } from '../http-error';
import { requestHash, type RequestDedup } from '../request-dedup';
import { sendError, sendJson } from '../respond';
import { cdcBodyKind, splitCdcBody } from './cdc-body';
import { changeRecord, transactionRecord } from './cdc-records';
import type { CdcRecord } from './cdc-rows';
import { decodeDebeziumItem } from './debezium-decode';
import { CdcEventError } from './row-decoding';
import type { WebhookVerifier } from './webhook-signature';

const ENDPOINT = 'cdc';
const MAX_LISTED_REJECTIONS = 100;

interface Rejection {
  index: number;
  line?: number;
  error: string;
}

interface Outcome {
  status: 200 | 400;
  body: Record<string, unknown>;
}

export interface CdcHandlerOptions {
  batcher: TableBatcher<CdcRecord>;
  dedup: RequestDedup;
  mapping: LedgerMapping;
  /** Set with SIGHTLINE_CDC_WEBHOOK_SECRET: requests must be signed (or carry a valid bearer token). */
  verifyWebhook?: WebhookVerifier;
  /** True when the request carries a valid bearer token (or no tokens are configured). */
  bearerAuthorized: (authorization: string | undefined) => boolean;
  tokensConfigured: boolean;
}

function decode(text: string, kind: 'json' | 'ndjson', mapping: LedgerMapping) {
  const records: CdcRecord[] = [];
  const rejected: Rejection[] = [];
  let ignored = 0;
  const items = splitCdcBody(text, kind);
  for (const item of items) {
    const where = { index: item.index, ...(item.line !== undefined ? { line: item.line } : {}) };
    if ('error' in item) {
      rejected.push({ ...where, error: item.error });
      continue;
    }
    try {
      const decoded = decodeDebeziumItem(item.value, mapping);
      if (decoded.kind === 'change') records.push(changeRecord(decoded.event, mapping));
      else if (decoded.kind === 'transaction') records.push(transactionRecord(decoded.marker));
      else ignored++;
    } catch (err) {
      if (!(err instanceof CdcEventError)) throw err;
      rejected.push({ ...where, error: err.message });
    }
  }
  return { records, rejected, ignored, total: items.length };
}

function outcomeOf(decoded: ReturnType<typeof decode>): Outcome {
  const { records, rejected, ignored, total } = decoded;
  if (rejected.length === 0) return { status: 200, body: { accepted: records.length, ignored } };
  const first = rejected[0]!;
  return {
    status: 400,
    body: {
      error: `${rejected.length} of ${total} events rejected, the other ${total - rejected.length} are stored; first: event ${first.index}${first.line ? ` (line ${first.line})` : ''}: ${first.error}`,
      accepted: records.length,
      ignored,
      rejected: rejected.slice(0, MAX_LISTED_REJECTIONS),
    },
  };
}

/**
 * `POST /v1/cdc`: Debezium change events and transaction metadata. Answered once the good events
 * are durable. A body with bad events answers 400 listing each rejected event (index, NDJSON line
 * and reason) while its good events are stored; such a body is not remembered as acknowledged,
 * so a retry gets the same answer and the event identities keep the good ones from doubling.
 */
export function createCdcHandler(opts: CdcHandlerOptions) {
  const { batcher, dedup, mapping, verifyWebhook } = opts;
  const m = metrics();

  const authenticate = (req: IncomingMessage, body: Uint8Array): void => {
    if (!verifyWebhook) return;
    // Debezium Server's HTTP sink can sign but cannot send a bearer token, so a valid signature
    // stands in for the token; a request with a valid token may go unsigned.
    if (!req.headers['webhook-signature'] && opts.tokensConfigured && opts.bearerAuthorized(req.headers.authorization)) return;
    verifyWebhook(req.headers, body);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const endAck = m.ackSeconds.startTimer({ endpoint: ENDPOINT });
    try {
      const kind = cdcBodyKind(req.headers['content-type']);
      const body = await readBody(req);
      authenticate(req, body);
      const hash = requestHash(ENDPOINT, kind, body);
      if (dedup.wasAcknowledged(hash)) {
        m.ingestRetried.inc({ endpoint: ENDPOINT });
        sendJson(res, 200, { accepted: 0, ignored: 0, note: 'this body was acknowledged before; nothing was stored twice' });
        return 200;
      }
      const same = dedup.pending(hash);
      if (same) {
        m.ingestRetried.inc({ endpoint: ENDPOINT });
        const outcome = (await same) as Outcome;
        sendJson(res, outcome.status, outcome.body);
        return outcome.status;
      }
      const decoded = decode(body.toString('utf8'), kind, mapping);
      m.ingestReceived.inc({ endpoint: ENDPOINT }, decoded.total);
      if (decoded.rejected.length > 0) m.ingestRejected.inc({ endpoint: ENDPOINT, reason: 'invalid_event' }, decoded.rejected.length);
      const outcome = outcomeOf(decoded);
      const work = Promise.resolve()
        .then(() =>
          decoded.records.length > 0
            ? batcher.enqueue({ rows: decoded.records, requestHash: decoded.rejected.length === 0 ? hash : undefined })
            : undefined,
        )
        .then(() => outcome);
      try {
        await dedup.track(hash, work);
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(503, `storage is unavailable, retry later: ${(err as Error).message}`, 2);
      }
      m.ingestAccepted.inc({ endpoint: ENDPOINT }, decoded.records.length);
      sendJson(res, outcome.status, outcome.body);
      endAck();
      return outcome.status;
    } catch (err) {
      if (!(err instanceof HttpError)) console.error('[ingest] cdc request failed', err);
      return sendError(res, err);
    }
  };
}
