import { describe, expect, it } from 'vitest';
import { parseGocyclo } from '../../ingest/debt/gocyclo-report';
import { parseJunit } from '../../ingest/debt/junit-report';
import { parseSarif } from '../../ingest/debt/sarif-report';
import { parseTrivy } from '../../ingest/debt/trivy-report';
import { parseWorkflowRun } from '../../ingest/debt/workflow-run-report';
import type { ParsedReport } from '../../ingest/debt/debt-report';
import { SERVICES } from '../platform';
import { DEBT_PROFILES } from './debt-profile';
import { demoDebtReports, type DemoReport } from './debt-reports';

const PARSERS: Record<DemoReport['kind'], (text: string) => ParsedReport> = {
  sarif: parseSarif,
  trivy: parseTrivy,
  junit: parseJunit,
  'github-workflow-run': parseWorkflowRun,
  gocyclo: parseGocyclo,
};

// Not on a 16-hour CI slot boundary 30 days back, so a minute later drops no run out of the window.
const NOW = Date.parse('2026-11-22T09:30:00Z');

describe('demo debt reports', () => {
  const reports = demoDebtReports(7, NOW);

  it('are valid reports of every kind for every service, as ingest reads them', () => {
    for (const service of SERVICES) {
      const kinds = new Set(reports.filter((r) => r.service === service).map((r) => r.kind));
      expect([...kinds].sort()).toEqual(['github-workflow-run', 'gocyclo', 'junit', 'sarif', 'trivy']);
    }
    for (const r of reports) expect(() => PARSERS[r.kind](r.body), `${r.kind} ${r.service}`).not.toThrow();
  });

  it('give each service its profiled number of complex functions and vulnerabilities', () => {
    for (const service of SERVICES) {
      const gocyclo = parseGocyclo(reports.find((r) => r.service === service && r.kind === 'gocyclo')!.body);
      expect(gocyclo.findings).toHaveLength(DEBT_PROFILES[service].functions);
      expect(gocyclo.findings.filter((f) => f.value > 15)).toHaveLength(DEBT_PROFILES[service].complex);
      const [old, current] = reports.filter((r) => r.service === service && r.kind === 'trivy').map((r) => parseTrivy(r.body));
      expect(current!.findings).toHaveLength(DEBT_PROFILES[service].vulns.length);
      expect(old!.findings).toHaveLength(DEBT_PROFILES[service].oldVulns.length);
      expect(old!.reportedAtMs).toBeLessThan(current!.reportedAtMs!);
    }
  });

  it('are the same bytes for the same seed and day, so a restart is deduplicated', () => {
    expect(demoDebtReports(7, NOW + 3_600_000).slice(0, 44)).toEqual(reports.slice(0, 44));
    const runs = (rs: DemoReport[]) => new Set(rs.filter((r) => r.kind === 'github-workflow-run').map((r) => r.body));
    const later = runs(demoDebtReports(7, NOW + 60_000));
    for (const body of runs(reports)) expect(later.has(body)).toBe(true);
    expect(demoDebtReports(8, NOW)).not.toEqual(reports);
  });

  it('spread CI runs over the last 30 days with the profiled failure rates', () => {
    const runs = reports.filter((r) => r.kind === 'github-workflow-run').map((r) => ({ service: r.service, ...parseWorkflowRun(r.body) }));
    const first = runs.filter((r) => r.reportId!.endsWith('.1'));
    expect(Math.min(...first.map((r) => r.reportedAtMs!))).toBeGreaterThan(NOW - 30 * 86_400_000);
    const failed = (s: string) => first.filter((r) => r.service === s && r.findings[0]!.status !== 'success').length / first.filter((r) => r.service === s).length;
    expect(failed('inventory-svc')).toBeGreaterThan(failed('user-svc'));
  });
});
