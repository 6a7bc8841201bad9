import { createHash } from 'node:crypto';

/** The report formats `POST /v1/debt/{kind}` accepts (SPEC §3.5). */
export const DEBT_KINDS = ['sarif', 'trivy', 'junit', 'github-workflow-run', 'gocyclo'] as const;
export type DebtKind = (typeof DEBT_KINDS)[number];

/** One finding of a report, or the one execution a CI report describes. */
export interface DebtFinding {
  /** Identity of the finding across reports (SARIF partialFingerprints, Trivy id+package+version, ...). */
  fingerprint: string;
  item: string;
  location: string;
  severity: string;
  status: string;
  value: number;
  fixAvailable: boolean;
  detail: string;
}

export interface ParsedReport {
  /** When the tool produced the report, if the report says so. */
  reportedAtMs?: number;
  /** The repository the report names, to map it to a service when the request does not. */
  repository?: string;
  /** Set when the report carries its own identity (a workflow run attempt); else the body's hash. */
  reportId?: string;
  /** Tool and version, for the drill-down. */
  source: string;
  findings: DebtFinding[];
}

/** A report that cannot be read; the message names the problem and where it is. */
export class DebtReportError extends Error {}

export function shortHash(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 32);
}

/** zod issues as `runs.0.results.2.message: expected object, received undefined; ...`. */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, max = 5): string {
  const shown = issues.slice(0, max).map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new DebtReportError(`body is not valid JSON (${what} expected): ${(err as Error).message}`);
  }
}

/** An ISO-8601 time from a report, or undefined when absent or unreadable. */
export function isoMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
