import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from '../server/metrics';
import type { TableBatcher } from './batcher';
import { readBody } from './body';
import { HttpError } from './http-error';
import {
  decodeOtlpTraces,
  encodeExportTraceServiceResponse,
  encodeExportTraceServiceResponseJson,
  OtlpDecodeError,
  partialSuccessOf,
  type ExportTracePartialSuccess,
} from './otlp/index';
import { requestHash, type RequestDedup } from './request-dedup';
import { send, sendError, type WireFormat } from './respond';
import type { SpanRow } from './span-row';

const ENDPOINT = 'traces';

function wireFormat(contentType: string | undefined): WireFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  throw new HttpError(415, `unsupported Content-Type "${type}": OTLP/HTTP traces are application/x-protobuf or application/json`);
}

type Outcome = ExportTracePartialSuccess;
const NOTHING_REJECTED: Outcome = { rejectedSpans: 0, errorMessage: '' };

function sendOutcome(res: ServerResponse, format: WireFormat, outcome: Outcome): void {
  if (format === 'protobuf') send(res, 200, encodeExportTraceServiceResponse(outcome), 'application/x-protobuf');
  else send(res, 200, encodeExportTraceServiceResponseJson(outcome), 'application/json');
}

/** `POST /v1/traces`: OTLP/HTTP export requests, acknowledged once their spans are inserted. */
export function createTracesHandler(batcher: TableBatcher<SpanRow>, dedup: RequestDedup) {
  const m = metrics();
  return async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    let format: WireFormat = 'json';
    const endAck = m.ackSeconds.startTimer({ endpoint: ENDPOINT });
    try {
      format = wireFormat(req.headers['content-type']);
      const body = await readBody(req);
      const hash = requestHash(ENDPOINT, format, body);
      if (dedup.wasAcknowledged(hash)) {
        m.ingestRetried.inc({ endpoint: ENDPOINT });
        sendOutcome(res, format, NOTHING_REJECTED);
        return 200;
      }
      const same = dedup.pending(hash);
      if (same) {
        m.ingestRetried.inc({ endpoint: ENDPOINT });
        const outcome = (await same) as Outcome;
        sendOutcome(res, format, outcome);
        return 200;
      }
      let decoded;
      try {
        decoded = decodeOtlpTraces(body, format);
      } catch (err) {
        if (err instanceof OtlpDecodeError) throw new HttpError(400, err.message);
        throw err;
      }
      m.ingestReceived.inc({ endpoint: ENDPOINT }, decoded.rows.length + decoded.rejected);
      if (decoded.rejected > 0) m.ingestRejected.inc({ endpoint: ENDPOINT, reason: 'invalid_span' }, decoded.rejected);
      const outcome = partialSuccessOf(decoded);
      for (const row of decoded.rows) row.IngestRequest = hash;
      const work = Promise.resolve()
        .then(() => batcher.enqueue({ rows: decoded.rows, requestHash: hash }))
        .then(() => outcome);
      try {
        await dedup.track(hash, work);
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(503, `storage is unavailable, retry later: ${(err as Error).message}`, 2);
      }
      m.ingestAccepted.inc({ endpoint: ENDPOINT }, decoded.rows.length);
      sendOutcome(res, format, outcome);
      endAck();
      return 200;
    } catch (err) {
      if (!(err instanceof HttpError)) console.error('[ingest] traces request failed', err);
      return sendError(res, err, format);
    }
  };
}
