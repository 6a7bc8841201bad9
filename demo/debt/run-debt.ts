import { retryAfterMs } from '../ledger/cdc-sender';
import type { DemoOptions } from '../run';
import { demoDebtReports, type DemoReport } from './debt-reports';

/** Parallel uploads, so ingest's batcher can coalesce them into a few inserts. */
const CONCURRENCY = 16;
const RETRY_MAX_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

export interface DebtDemoHandle {
  /** Resolves once every report is accepted (or refused), or the demo stops. */
  done: Promise<{ sent: number; refused: number }>;
  stop(): Promise<void>;
}

function debtUrl(endpoint: string, report: DemoReport): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/debt/${report.kind}?service=${encodeURIComponent(report.service)}`;
}

/**
 * The platform's CI and scanners reporting to Sightline (SPEC §7): every service's gocyclo,
 * SARIF, Trivy, JUnit and workflow-run reports, sent once at start through the public endpoint.
 * Retries until ingest accepts them; a stopped demo abandons the rest (a restart sends them again
 * and ingest deduplicates).
 */
export function startDebtDemo(opts: Pick<DemoOptions, 'endpoint' | 'token' | 'seed' | 'log' | 'now'>): DebtDemoHandle {
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const stopped = new AbortController();
  const reports = demoDebtReports(opts.seed, (opts.now ?? Date.now)());
  let sent = 0;
  let refused = 0;
  let next = 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopped.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  async function send(report: DemoReport): Promise<void> {
    let delay = 250;
    while (!stopped.signal.aborted) {
      try {
        const res = await fetch(debtUrl(opts.endpoint, report), {
          method: 'POST',
          headers: { 'content-type': report.contentType, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
          body: report.body,
          signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        });
        const text = await res.text();
        if (res.ok) {
          sent++;
          return;
        }
        if (res.status === 404) {
          log(`debt demo: ingest at ${opts.endpoint} has no ${report.kind} endpoint (404); not sending debt reports`);
          stopped.abort();
          return;
        }
        if (res.status === 400 || res.status === 413) {
          refused++;
          log(`debt demo: ingest refused a ${report.kind} report of ${report.service} (${res.status}): ${text.slice(0, 300)}`);
          return;
        }
        await wait(retryAfterMs(res.headers.get('retry-after')) ?? delay);
      } catch {
        if (stopped.signal.aborted) return;
        await wait(delay);
      }
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }

  async function worker(): Promise<void> {
    while (!stopped.signal.aborted && next < reports.length) await send(reports[next++]!);
  }

  const done = Promise.all(Array.from({ length: CONCURRENCY }, worker)).then(() => {
    if (!stopped.signal.aborted) log(`debt demo: ${sent} CI and scanner reports sent${refused > 0 ? `, ${refused} refused` : ''}`);
    return { sent, refused };
  });

  return {
    done,
    async stop() {
      stopped.abort();
      await done;
    },
  };
}
