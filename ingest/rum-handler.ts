import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from '../server/metrics';
import type { TableBatcher } from './batcher';
import { readBody } from './body';
import { HttpError } from './http-error';
import { sendError, sendJson } from './respond';
import { faroPayloadSchema, faroToRows, type RumRow } from './rum-payload';

const ENDPOINT = 'collect';
const MAX_RUM_BODY = 1024 * 1024;

/** `POST /collect`: Faro RUM payloads (web vitals, exceptions, events), answered 202. */
export function createRumHandler(batcher: TableBatcher<RumRow>) {
  const m = metrics();
  return async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    try {
      const body = await readBody(req, MAX_RUM_BODY);
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw new HttpError(400, `invalid JSON: ${(err as Error).message}`);
      }
      const parsed = faroPayloadSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HttpError(400, `invalid Faro payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      }
      const rows = faroToRows(parsed.data);
      m.ingestReceived.inc({ endpoint: ENDPOINT }, rows.length);
      await batcher.enqueue({ rows });
      m.ingestAccepted.inc({ endpoint: ENDPOINT }, rows.length);
      sendJson(res, 202, { accepted: rows.length });
      return 202;
    } catch (err) {
      return sendError(res, err);
    }
  };
}
