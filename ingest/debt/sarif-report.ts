import { z } from 'zod';
import { DebtReportError, describeIssues, isoMs, parseJson, shortHash, type DebtFinding, type ParsedReport } from './debt-report';

const location = z.object({
  physicalLocation: z
    .object({
      artifactLocation: z.object({ uri: z.string().optional() }).optional(),
      region: z.object({ startLine: z.number().int().optional(), startColumn: z.number().int().optional() }).optional(),
    })
    .optional(),
  logicalLocations: z.array(z.object({ name: z.string().optional(), fullyQualifiedName: z.string().optional() })).optional(),
});

const result = z
  .object({
    ruleId: z.string().optional(),
    rule: z.object({ id: z.string().optional() }).optional(),
    level: z.enum(['none', 'note', 'warning', 'error']).optional(),
    message: z.object({ text: z.string().optional(), id: z.string().optional() }),
    locations: z.array(location).optional(),
    partialFingerprints: z.record(z.string(), z.string()).optional(),
    fingerprints: z.record(z.string(), z.string()).optional(),
    baselineState: z.string().optional(),
  })
  .refine((r) => r.ruleId !== undefined || r.rule?.id !== undefined, 'a result needs ruleId (or rule.id)');

const sarifLog = z.object({
  version: z.literal('2.1.0', 'SARIF version "2.1.0" expected'),
  runs: z.array(
    z.object({
      tool: z.object({ driver: z.object({ name: z.string().min(1), version: z.string().optional() }) }),
      results: z.array(result).optional(),
      invocations: z.array(z.object({ endTimeUtc: z.string().optional() })).optional(),
      versionControlProvenance: z.array(z.object({ repositoryUri: z.string() })).optional(),
    }),
  ),
});

type SarifResult = z.infer<typeof result>;

const COMPLEXITY_RULE = /cyclo|complexity/i;
const COMPLEXITY_VALUE = /complexity (?:of )?(\d+)/i;
// golangci-lint's gocyclo/cyclop messages: "cyclomatic complexity 23 of func `(*Svc).Pay` is high (> 15)".
const FUNCTION_NAME = /func `([^`]+)`/;

function fingerprintOf(r: SarifResult, ruleId: string, where: string): string {
  const stable = r.partialFingerprints ?? r.fingerprints;
  if (stable && Object.keys(stable).length > 0) {
    return Object.entries(stable)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
  }
  return `h:${shortHash(ruleId, where, r.message.text ?? r.message.id ?? '')}`;
}

function repositoryOf(uri: string | undefined): string | undefined {
  const m = uri ? /github\.com[/:]([^/]+\/[^/.]+)/.exec(uri) : null;
  return m?.[1];
}

/**
 * SARIF 2.1.0 from any analyser. Results are deduplicated by partialFingerprints (else
 * fingerprints, else rule + location + message), so a finding seen by several runs is one
 * finding. Complexity results (gocyclo, cyclop, ...) carry their complexity in `value`; results
 * whose baselineState is `absent` were fixed and are skipped.
 */
export function parseSarif(text: string): ParsedReport {
  const parsed = sarifLog.safeParse(parseJson(text, 'SARIF 2.1.0'));
  if (!parsed.success) throw new DebtReportError(`sarif: ${describeIssues(parsed.error.issues)}`);
  const findings = new Map<string, DebtFinding>();
  let reportedAtMs: number | undefined;
  let repository: string | undefined;
  const tools = new Set<string>();
  for (const run of parsed.data.runs) {
    tools.add(`${run.tool.driver.name}${run.tool.driver.version ? ` ${run.tool.driver.version}` : ''}`);
    for (const inv of run.invocations ?? []) reportedAtMs = Math.max(reportedAtMs ?? 0, isoMs(inv.endTimeUtc) ?? 0) || undefined;
    repository ??= repositoryOf(run.versionControlProvenance?.[0]?.repositoryUri);
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent') continue;
      const ruleId = (r.ruleId ?? r.rule?.id)!;
      const loc = r.locations?.[0];
      const phys = loc?.physicalLocation;
      const where = phys?.artifactLocation?.uri
        ? `${phys.artifactLocation.uri}${phys.region?.startLine !== undefined ? `:${phys.region.startLine}` : ''}${phys.region?.startColumn !== undefined ? `:${phys.region.startColumn}` : ''}`
        : '';
      const message = r.message.text ?? r.message.id ?? '';
      const complexity = COMPLEXITY_RULE.test(ruleId) ? COMPLEXITY_VALUE.exec(message) : null;
      const logical = loc?.logicalLocations?.[0];
      const fingerprint = fingerprintOf(r, ruleId, where);
      if (findings.has(fingerprint)) continue;
      findings.set(fingerprint, {
        fingerprint,
        item: complexity ? (logical?.fullyQualifiedName ?? logical?.name ?? FUNCTION_NAME.exec(message)?.[1] ?? where) : ruleId,
        location: where,
        severity: r.level ?? 'warning',
        status: complexity ? 'complexity' : 'open',
        value: complexity ? Number(complexity[1]) : 0,
        fixAvailable: false,
        detail: complexity ? ruleId : message.slice(0, 500),
      });
    }
  }
  return { reportedAtMs, repository, source: [...tools].join(', '), findings: [...findings.values()] };
}
