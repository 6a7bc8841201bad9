import { z } from 'zod';
import { DebtReportError, describeIssues, isoMs, parseJson, type ParsedReport } from './debt-report';

const workflowRunEvent = z.object({
  action: z.string().min(1),
  workflow_run: z.object({
    id: z.number().int().nonnegative(),
    name: z.string().nullish(),
    run_attempt: z.number().int().positive().default(1),
    status: z.string().min(1),
    conclusion: z.string().nullish(),
    run_started_at: z.string().nullish(),
    updated_at: z.string().min(1),
    head_branch: z.string().nullish(),
    html_url: z.string().nullish(),
  }),
  repository: z.object({ full_name: z.string().min(1) }),
});

/**
 * A GitHub `workflow_run` webhook. Each run attempt is one CI execution; the events of one
 * attempt (requested, in_progress, completed) share its identity, so the latest replaces the rest.
 */
export function parseWorkflowRun(text: string): ParsedReport {
  const parsed = workflowRunEvent.safeParse(parseJson(text, 'a GitHub workflow_run webhook'));
  if (!parsed.success) throw new DebtReportError(`github-workflow-run: ${describeIssues(parsed.error.issues)}`);
  const { workflow_run: run, repository } = parsed.data;
  const updated = isoMs(run.updated_at);
  if (updated === undefined) throw new DebtReportError(`github-workflow-run: workflow_run.updated_at: "${run.updated_at.slice(0, 40)}" is not an ISO-8601 time`);
  const started = isoMs(run.run_started_at ?? undefined);
  const identity = `${repository.full_name}#${run.id}.${run.run_attempt}`;
  return {
    reportedAtMs: updated,
    repository: repository.full_name,
    reportId: identity,
    source: `github-actions ${repository.full_name}`,
    findings: [
      {
        fingerprint: identity,
        item: run.name ?? `run ${run.id}`,
        location: run.head_branch ?? '',
        severity: '',
        // A run without a conclusion has not finished; it is stored but counts only once completed.
        status: run.status === 'completed' ? (run.conclusion ?? 'unknown').toLowerCase() : run.status.toLowerCase(),
        value: started !== undefined ? Math.max(0, (updated - started) / 1000) : 0,
        fixAvailable: false,
        detail: run.html_url ?? '',
      },
    ],
  };
}
