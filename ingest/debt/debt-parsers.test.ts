import { describe, expect, it } from 'vitest';
import { DebtReportError } from './debt-report';
import { parseGocyclo } from './gocyclo-report';
import { parseJunit } from './junit-report';
import { parseSarif } from './sarif-report';
import { parseTrivy } from './trivy-report';
import { parseWorkflowRun } from './workflow-run-report';

describe('gocyclo', () => {
  it('reads every function line, skips the average, keeps paths with spaces', () => {
    const r = parseGocyclo('31 order (*Service).Checkout internal/order/service.go:120:1\n4 main main cmd/my app/main.go:9:1\nAverage: 17.5\n');
    expect(r.findings.map((f) => [f.item, f.value, f.location])).toEqual([
      ['order.(*Service).Checkout', 31, 'internal/order/service.go:120:1'],
      ['main.main', 4, 'cmd/my app/main.go:9:1'],
    ]);
  });
  it('rejects unreadable lines and empty reports', () => {
    expect(() => parseGocyclo('abc order F x.go:1:1')).toThrow(/line 1: "abc order F x.go:1:1"/);
    expect(() => parseGocyclo('\n')).toThrow(DebtReportError);
  });
});

describe('trivy', () => {
  it('requires SchemaVersion 2', () => {
    expect(() => parseTrivy(JSON.stringify({ SchemaVersion: 1, Results: [] }))).toThrow(/SchemaVersion/);
  });
  it('names the field of a bad vulnerability', () => {
    const body = { SchemaVersion: 2, Results: [{ Target: 't', Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'x', InstalledVersion: '1', Severity: 'SEVERE' }] }] };
    expect(() => parseTrivy(JSON.stringify(body))).toThrow(/Results\.0\.Vulnerabilities\.0\.Severity/);
  });
  it('accepts a clean image (Vulnerabilities null) as a report with no findings', () => {
    expect(parseTrivy(JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 't', Vulnerabilities: null }] })).findings).toEqual([]);
  });
});

describe('sarif', () => {
  it('falls back to a content hash without fingerprints and keeps non-complexity results as findings', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'gosec', version: '2.21.0' } },
          invocations: [{ endTimeUtc: '2026-11-20T10:00:00Z' }],
          versionControlProvenance: [{ repositoryUri: 'https://github.com/acme/payment-svc' }],
          results: [
            { ruleId: 'G404', level: 'error', message: { text: 'weak random' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.go' }, region: { startLine: 3 } } }] },
            { ruleId: 'G404', level: 'error', message: { text: 'weak random' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.go' }, region: { startLine: 3 } } }] },
            { ruleId: 'G101', message: { text: 'fixed' }, baselineState: 'absent' },
          ],
        },
      ],
    };
    const r = parseSarif(JSON.stringify(log));
    expect(r.repository).toBe('acme/payment-svc');
    expect(r.reportedAtMs).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(r.source).toBe('gosec 2.21.0');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ item: 'G404', severity: 'error', location: 'a.go:3', status: 'open', value: 0 });
  });
  it('needs a rule id', () => {
    expect(() => parseSarif(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' } }] }] }))).toThrow(
      /runs\.0\.results\.0: a result needs ruleId/,
    );
  });
});

describe('junit', () => {
  it('classifies a run as failed, flaky or passed', () => {
    const run = (body: string) => parseJunit(`<testsuite name="s">${body}</testsuite>`).findings[0]!;
    expect(run('<testcase name="a"/><testcase name="b"><error/></testcase>').status).toBe('failure');
    expect(run('<testcase name="a"><rerunFailure/></testcase>').status).toBe('flaky');
    expect(run('<testcase name="a" flaky="true"/>').status).toBe('flaky');
    expect(run('<testcase name="a"/><testcase name="b"><skipped/></testcase>')).toMatchObject({ status: 'success', value: 2 });
    expect(JSON.parse(run('<testcase classname="pkg" name="b"><failure/></testcase>').detail).failed).toEqual(['pkg.b']);
  });
  it('rejects other roots and testcases without a name', () => {
    expect(() => parseJunit('<report/>')).toThrow(/root element/);
    expect(() => parseJunit('<testsuite><testcase/></testsuite>')).toThrow(/testcase\[0\] has no name/);
  });
});

describe('github workflow_run', () => {
  const event = {
    action: 'completed',
    workflow_run: { id: 77, name: 'ci', run_attempt: 2, status: 'completed', conclusion: 'failure', run_started_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-20T10:05:00Z', head_branch: 'main' },
    repository: { full_name: 'acme/order-svc' },
  };
  it('identifies a run attempt and keeps its conclusion and duration', () => {
    const r = parseWorkflowRun(JSON.stringify(event));
    expect(r.reportId).toBe('acme/order-svc#77.2');
    expect(r.findings[0]).toMatchObject({ status: 'failure', value: 300, item: 'ci', location: 'main' });
  });
  it('names missing fields', () => {
    expect(() => parseWorkflowRun(JSON.stringify({ ...event, repository: {} }))).toThrow(/repository\.full_name/);
  });
});

describe('hostile and broken input', () => {
  const samples: Array<[string, (t: string) => unknown, string]> = [
    ['gocyclo', parseGocyclo, '31 order (*Service).Checkout internal/order/service.go:120:1\n4 main main cmd/main.go:9:1\n'],
    ['trivy', parseTrivy, JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 't', Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'x', InstalledVersion: '1', Severity: 'HIGH' }] }] })],
    ['sarif', parseSarif, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r', message: { text: 'complexity 20' } }] }] })],
    ['junit', parseJunit, '<testsuites><testsuite name="s"><testcase name="a"><failure/></testcase></testsuite></testsuites>'],
    ['workflow', parseWorkflowRun, JSON.stringify({ action: 'completed', workflow_run: { id: 1, status: 'completed', conclusion: 'success', updated_at: '2026-01-01T00:00:00Z' }, repository: { full_name: 'a/b' } })],
  ];

  it('only ever fails with a report error, whatever the bytes', () => {
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (const [name, parse, text] of samples) {
      for (let i = 0; i < 300; i++) {
        const chars = [...text];
        for (let k = 0; k <= rand(4); k++) {
          const at = rand(chars.length);
          const op = rand(3);
          if (op === 0) chars.splice(at, 1);
          else if (op === 1) chars.splice(at, 0, String.fromCharCode(rand(128)));
          else chars[at] = '<>{}[]":,&\n'.charAt(rand(11));
        }
        try {
          parse(chars.join(''));
        } catch (err) {
          expect(err, `${name}: ${chars.join('').slice(0, 120)}`).toBeInstanceOf(DebtReportError);
        }
      }
    }
  });

  it('refuses deep nesting and entity expansion in JUnit without blowing up', () => {
    const deep = `<testsuite name="s">${'<testsuite name="x">'.repeat(5000)}<testcase name="a"/>${'</testsuite>'.repeat(5000)}</testsuite>`;
    try {
      parseJunit(deep);
    } catch (err) {
      expect(err).toBeInstanceOf(DebtReportError);
    }
    const bomb = `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><testsuite name="&d;&d;&d;&d;"><testcase name="a"/></testsuite>`;
    try {
      const r = parseJunit(bomb);
      expect(r.findings[0]!.item.length).toBeLessThan(100_000);
    } catch (err) {
      expect(err).toBeInstanceOf(DebtReportError);
    }
  });
});
