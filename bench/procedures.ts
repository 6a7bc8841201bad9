/**
 * Every dashboard query procedure the bench calls, with the input a page sends. Data-driven so a
 * router added later only needs a line here; procedures the running Sightline does not have
 * (NOT_FOUND from tRPC) are skipped with a note rather than failing the run.
 */
export interface ProcedureContext {
  /** The range the store was filled for, epoch ms. */
  from: number;
  to: number;
  /** A service, one it calls, a trace and an SLO known to exist in the filled store. */
  service: string;
  callee: string;
  traceId: string;
  sloId: string;
}

export interface ProcedureSpec {
  path: string;
  input: (ctx: ProcedureContext) => unknown;
  /** Reads raw rows by design (no rollup answers it), so there is no raw-row comparison. */
  readsRaw?: true;
}

const HOUR_MS = 3_600_000;

/** The last hour of the filled range: what the raw-span views (replay, cross-AZ) are bounded to. */
const lastHour = (c: ProcedureContext) => ({ from: c.to - HOUR_MS, to: c.to });
const range = (c: ProcedureContext) => ({ from: c.from, to: c.to });

export const PROCEDURES: ProcedureSpec[] = [
  { path: 'health.status', input: () => undefined, readsRaw: true },
  { path: 'services.list', input: range },
  { path: 'services.get', input: (c) => ({ ...range(c), service: c.service }) },
  { path: 'traces.search', input: (c) => ({ ...lastHour(c), service: c.service, limit: 50 }), readsRaw: true },
  { path: 'traces.get', input: (c) => ({ traceId: c.traceId }), readsRaw: true },
  { path: 'system.overview', input: range },
  { path: 'slo.list', input: (c) => ({ from: c.from, to: c.to }) },
  { path: 'slo.get', input: (c) => ({ ...range(c), id: c.sloId }) },
  { path: 'circuits.list', input: lastHour, readsRaw: true },
  { path: 'circuits.edge', input: (c) => ({ ...lastHour(c), caller: c.service, callee: c.callee }), readsRaw: true },
  { path: 'canary.list', input: range },
  { path: 'regions.heatmap', input: range },
  { path: 'regions.azTimeline', input: (c) => ({ ...range(c), service: c.service }) },
  { path: 'regions.crossAz', input: lastHour, readsRaw: true },
  { path: 'regions.unitViolations', input: lastHour, readsRaw: true },
  { path: 'ledger.summary', input: range },
  { path: 'ledger.breaks', input: (c) => ({ ...range(c), limit: 50 }) },
  { path: 'ledger.trialBalance', input: range },
  { path: 'ledger.audit', input: () => ({ limit: 50 }) },
  { path: 'debt.scores', input: range },
];
