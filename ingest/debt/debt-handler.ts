import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from '../../server/metrics';
import type { TableBatcher } from '../batcher';
import { readBody } from '../body';
import { HttpError } from '../http-error';
import { requestHash, type RequestDedup } from '../request-dedup';
import { sendError, sendJson } from '../respond';
import { debtRecords, type DebtRecord } from './debt-rows';
import { DEBT_KINDS, DebtReportError, shortHash, type DebtKind, type ParsedReport } from './debt-report';
import { parseGocyclo } from './gocyclo-report';
import { parseJunit } from './junit-report';
import { parseSarif } from './sarif-report';
import { parseTrivy } from './trivy-report';
import { parseWorkflowRun } from './workflow-run-report';

const ENDPOINT = 'debt';
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

const PARSERS: Record<DebtKind, (text: string) => ParsedReport> = {
  sarif: parseSarif,
  trivy: parseTrivy,
  junit: parseJunit,
  'github-workflow-run': parseWorkflowRun,
  gocyclo: parseGocyclo,
};

export interface DebtHandlerOptions {
  batcher: TableBatcher<DebtRecord>;
  dedup: RequestDedup;
  /** Repository (`owner/name`) → service, from sightline.debt.yaml. */
  repositories: () => Promise<Record<string, string>>;
  now?: () => number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<number>;

interface Outcome {
  service: string;
  kind: DebtKind;
  reportId: string;
  accepted: number;
}

function serviceParam(req: IncomingMessage): string | undefined {
  const value = new URL(req.url ?? '/', 'http://ingest').searchParams.get('service');
  if (value === null || value === '') return undefined;
  if (!SERVICE_NAME.test(value)) {
    throw new HttpError(400, `?service=${JSON.stringify(value.slice(0, 60))} is not a service name (letters, digits and . _ : / -, at most 128)`);
  }
  return value;
}

function parse(kind: DebtKind, body: Buffer): ParsedReport {
  try {
    return PARSERS[kind](body.toString('utf8'));
  } catch (err) {
    if (err instanceof DebtReportError) throw new HttpError(400, err.message);
    throw err;
  }
}

/**
 * `POST /v1/debt/<kind>`: one report per request, stored whole or not at all (a report is a
 * snapshot; storing part of it would make the rest look fixed). Answered once it is durable;
 * the same body sent again is recognised and stores nothing, and a report re-sent later replaces
 * itself row for row.
 */
function createDebtHandler(kind: DebtKind, opts: DebtHandlerOptions): Handler {
  const { batcher, dedup } = opts;
  const now = opts.now ?? Date.now;
  const m = metrics();
  return async (req, res) => {
    const endAck = m.ackSeconds.startTimer({ endpoint: ENDPOINT });
    try {
      const named = serviceParam(req);
      const body = await readBody(req);
      const hash = requestHash(`${ENDPOINT}/${kind}`, named ?? '', body);
      if (dedup.wasAcknowledged(hash)) {
        m.ingestRetried.inc({ endpoint: ENDPOINT });
        sendJson(res, 200, { accepted: 0, note: 'this report was acknowledged before; nothing was stored twice' });
        return 200;
      }
      const same = dedup.pending(hash);
      if (same) {
        m.ingestRetried.inc({ endpoint: ENDPOINT });
        sendJson(res, 200, await same);
        return 200;
      }
      const report = parse(kind, body);
      m.ingestReceived.inc({ endpoint: ENDPOINT }, report.findings.length);
      const mapped = report.repository ? (await opts.repositories())[report.repository] : undefined;
      const service = named ?? mapped;
      if (!service) {
        throw new HttpError(
          400,
          `which service is this ${kind} report for? Add ?service=<name> to the URL${report.repository ? `, or map the repository "${report.repository}" to a service under repositories: in sightline.debt.yaml` : ''}`,
        );
      }
      const reportId = report.reportId ?? shortHash(kind, service, body.toString('latin1'));
      const records = debtRecords(kind, service, reportId, report.reportedAtMs ?? now(), report);
      const outcome: Outcome = { service, kind, reportId, accepted: report.findings.length };
      const work = batcher.enqueue({ rows: records, requestHash: hash }).then(() => outcome);
      try {
        await dedup.track(hash, work);
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(503, `storage is unavailable, retry later: ${(err as Error).message}`, 2);
      }
      m.ingestAccepted.inc({ endpoint: ENDPOINT }, report.findings.length);
      sendJson(res, 200, outcome);
      endAck();
      return 200;
    } catch (err) {
      if (err instanceof HttpError && err.status === 400) m.ingestRejected.inc({ endpoint: ENDPOINT, reason: 'invalid_report' });
      else if (!(err instanceof HttpError)) console.error(`[ingest] debt ${kind} request failed`, err);
      return sendError(res, err);
    }
  };
}

/** The five `POST /v1/debt/<kind>` routes, in the ingest server's route table shape. */
export function debtRoutes(opts: DebtHandlerOptions): Record<string, { method: string; handler: Handler; auth: boolean }> {
  return Object.fromEntries(DEBT_KINDS.map((kind) => [`/v1/debt/${kind}`, { method: 'POST', handler: createDebtHandler(kind, opts), auth: true }]));
}
