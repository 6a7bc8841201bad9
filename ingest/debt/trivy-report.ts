import { z } from 'zod';
import { DebtReportError, describeIssues, isoMs, parseJson, type DebtFinding, type ParsedReport } from './debt-report';

const vulnerability = z.object({
  VulnerabilityID: z.string().min(1),
  PkgName: z.string().min(1),
  InstalledVersion: z.string(),
  FixedVersion: z.string().optional(),
  Severity: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']),
  Status: z.string().optional(),
  Title: z.string().optional(),
});

const trivyReport = z.object({
  SchemaVersion: z.literal(2, 'Trivy JSON with SchemaVersion 2 expected'),
  ArtifactName: z.string().optional(),
  CreatedAt: z.string().optional(),
  Results: z
    .array(
      z.object({
        Target: z.string(),
        Vulnerabilities: z.array(vulnerability).nullish(),
      }),
    )
    .nullish(),
});

/**
 * A Trivy JSON report. A vulnerability is identified by id + package + installed version, so the
 * same one found in two targets of the image counts once.
 */
export function parseTrivy(text: string): ParsedReport {
  const parsed = trivyReport.safeParse(parseJson(text, 'Trivy JSON'));
  if (!parsed.success) throw new DebtReportError(`trivy: ${describeIssues(parsed.error.issues)}`);
  const report = parsed.data;
  const findings = new Map<string, DebtFinding>();
  for (const result of report.Results ?? []) {
    for (const v of result.Vulnerabilities ?? []) {
      const fingerprint = `${v.VulnerabilityID}|${v.PkgName}|${v.InstalledVersion}`;
      if (findings.has(fingerprint)) continue;
      const fixed = (v.FixedVersion ?? '').trim();
      findings.set(fingerprint, {
        fingerprint,
        item: v.VulnerabilityID,
        location: `${v.PkgName}@${v.InstalledVersion}${fixed ? ` → ${fixed}` : ''}`,
        severity: v.Severity.toLowerCase(),
        status: (v.Status ?? (fixed ? 'fixed' : 'affected')).toLowerCase(),
        value: 1,
        fixAvailable: fixed !== '' || v.Status === 'fixed',
        detail: `${result.Target}${v.Title ? `: ${v.Title}` : ''}`,
      });
    }
  }
  return { reportedAtMs: isoMs(report.CreatedAt), source: `trivy ${report.ArtifactName ?? ''}`.trim(), findings: [...findings.values()] };
}
