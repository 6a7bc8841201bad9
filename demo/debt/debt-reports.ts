import { SERVICES, type ServiceName } from '../platform';
import { hash32, Rng } from '../random';
import { DEBT_PROFILES, DOMAIN, VULNERABILITIES } from './debt-profile';

/**
 * The CI and scanner reports of the simulated services, as the real tools write them. Pure
 * functions of (seed, service, time slot), so a restart sends byte-identical reports for the same
 * slots and ingest recognises them.
 */

const DAY_MS = 86_400_000;
const VERBS = ['Handle', 'Validate', 'Apply', 'Build', 'Resolve', 'Process', 'Sync', 'Load', 'Compute', 'Dispatch'];
/** CI runs every 16 hours per service, on a grid fixed in absolute time. */
export const CI_SLOT_MS = 16 * 3_600_000;
export const CI_HISTORY_DAYS = 30;
/** JUnit uploads of the nightly full test suite, one every 5 days. */
export const JUNIT_SLOT_MS = 5 * DAY_MS;

export interface DemoReport {
  kind: 'sarif' | 'trivy' | 'junit' | 'github-workflow-run' | 'gocyclo';
  service: ServiceName;
  contentType: string;
  body: string;
}

const serviceIndex = (s: ServiceName) => SERVICES.indexOf(s);
const rngFor = (seed: number, service: ServiceName, stream: number, slot = 0) => new Rng(hash32(seed, serviceIndex(service), stream, slot));

/** Scanners run nightly at 22:00 UTC: the last run before today began, fixed for the whole day. */
function nightlyScanMs(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS - 2 * 3_600_000;
}

interface Fn {
  pkg: string;
  name: string;
  file: string;
  line: number;
  complexity: number;
}

/** The service's functions with their complexity: `complex` of them above 15. */
export function functionsOf(seed: number, service: ServiceName): Fn[] {
  const profile = DEBT_PROFILES[service];
  const domain = DOMAIN[service];
  const rng = rngFor(seed, service, 1);
  const out: Fn[] = [];
  for (let i = 0; i < profile.functions; i++) {
    const noun = domain.nouns[i % domain.nouns.length]!;
    const verb = VERBS[Math.floor(i / domain.nouns.length) % VERBS.length]!;
    const suffix = i >= domain.nouns.length * VERBS.length ? String(Math.floor(i / (domain.nouns.length * VERBS.length)) + 1) : '';
    const method = i % 3 !== 2;
    const name = method ? `(*${domain.type}).${verb}${noun}${suffix}` : `${verb.toLowerCase()}${noun}${suffix}`;
    const complexity = i < profile.complex ? 16 + rng.int(30) : 1 + rng.int(14);
    out.push({ pkg: domain.pkg, name, file: `internal/${domain.pkg}/${noun.toLowerCase()}.go`, line: 20 + rng.int(600), complexity });
  }
  return out;
}

export function gocycloReport(seed: number, service: ServiceName): DemoReport {
  const lines = functionsOf(seed, service)
    .sort((a, b) => b.complexity - a.complexity)
    .map((f) => `${f.complexity} ${f.pkg} ${f.name} ${f.file}:${f.line}:1`);
  return { kind: 'gocyclo', service, contentType: 'text/plain', body: `${lines.join('\n')}\n` };
}

/** golangci-lint's SARIF: gocyclo findings for the complex functions plus a few gosec ones. */
export function sarifReport(seed: number, service: ServiceName, nowMs: number): DemoReport {
  const rng = rngFor(seed, service, 2);
  const complex = functionsOf(seed, service).filter((f) => f.complexity > 15);
  const gosec = [
    { ruleId: 'G104', level: 'warning', text: 'Errors unhandled.' },
    { ruleId: 'G404', level: 'error', text: 'Use of weak random number generator (math/rand instead of crypto/rand)' },
    { ruleId: 'G402', level: 'error', text: 'TLS InsecureSkipVerify set true.' },
  ].filter((_, i) => rng.chance(i === 0 ? 0.8 : 0.3));
  const location = (file: string, line: number) => [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: line, startColumn: 1 } } }];
  const results = [
    ...complex.map((f) => ({
      ruleId: 'gocyclo',
      level: 'warning',
      message: { text: `cyclomatic complexity ${f.complexity} of func \`${f.name}\` is high (> 15)` },
      locations: location(f.file, f.line),
      partialFingerprints: { primaryLocationLineHash: `${(hash32(seed, serviceIndex(service), f.line) >>> 0).toString(16)}:1` },
    })),
    ...gosec.map((g, i) => ({
      ruleId: g.ruleId,
      level: g.level,
      message: { text: g.text },
      locations: location(`internal/${DOMAIN[service].pkg}/client.go`, 40 + i * 17),
      partialFingerprints: { primaryLocationLineHash: `${(hash32(seed, serviceIndex(service), 1000 + i) >>> 0).toString(16)}:1` },
    })),
  ];
  const endTimeUtc = new Date(nightlyScanMs(nowMs)).toISOString();
  const body = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'golangci-lint', version: '1.61.0', informationUri: 'https://golangci-lint.run' } },
        invocations: [{ executionSuccessful: true, endTimeUtc }],
        versionControlProvenance: [{ repositoryUri: `https://github.com/groupbuy/${service}`, branch: 'main' }],
        results,
      },
    ],
  };
  return { kind: 'sarif', service, contentType: 'application/sarif+json', body: JSON.stringify(body) };
}

/** A Trivy image scan; `daysAgo` picks the day (an older scan shows the image before its upgrades). */
export function trivyReport(service: ServiceName, nowMs: number, daysAgo: number): DemoReport {
  const profile = DEBT_PROFILES[service];
  const picked = (daysAgo > 0 ? profile.oldVulns : profile.vulns).map((i) => VULNERABILITIES[i]!);
  const createdAt = new Date(nightlyScanMs(nowMs) - daysAgo * DAY_MS).toISOString();
  const gomod = picked.filter((v) => !v.pkg.startsWith('lib') && !v.pkg.startsWith('ncurses'));
  const debian = picked.filter((v) => v.pkg.startsWith('lib') || v.pkg.startsWith('ncurses'));
  const vuln = (v: (typeof picked)[number]) => ({
    VulnerabilityID: v.id,
    PkgName: v.pkg,
    InstalledVersion: v.installed,
    ...(v.fixed ? { FixedVersion: v.fixed } : {}),
    Status: v.fixed ? 'fixed' : 'affected',
    Severity: v.severity,
    Title: v.title,
    PrimaryURL: `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`,
  });
  const body = {
    SchemaVersion: 2,
    CreatedAt: createdAt,
    ArtifactName: `registry.groupbuy.local/${service}:main`,
    ArtifactType: 'container_image',
    Results: [
      { Target: `registry.groupbuy.local/${service}:main (debian 12.7)`, Class: 'os-pkgs', Type: 'debian', Vulnerabilities: debian.map(vuln) },
      { Target: `app/${service}`, Class: 'lang-pkgs', Type: 'gobinary', Vulnerabilities: gomod.length > 0 ? gomod.map(vuln) : null },
    ],
  };
  return { kind: 'trivy', service, contentType: 'application/json', body: JSON.stringify(body) };
}

/** `workflow_run` webhooks of the service's CI over the last 30 days; a failed run is often re-run. */
export function workflowRuns(seed: number, service: ServiceName, nowMs: number): DemoReport[] {
  const profile = DEBT_PROFILES[service];
  const out: DemoReport[] = [];
  const first = Math.ceil((nowMs - CI_HISTORY_DAYS * DAY_MS) / CI_SLOT_MS);
  const last = Math.floor((nowMs - 3_600_000) / CI_SLOT_MS);
  for (let slot = first; slot <= last; slot++) {
    const rng = rngFor(seed, service, 3, slot);
    const started = slot * CI_SLOT_MS + rng.int(3_600_000);
    const id = 9_000_000_000 + serviceIndex(service) * 10_000_000 + slot;
    const failed = rng.chance(profile.ciFailure);
    const attempts = failed && rng.chance(0.6) ? 2 : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const runStarted = started + (attempt - 1) * 900_000;
      const conclusion = attempt === 1 && failed ? (rng.chance(0.85) ? 'failure' : 'timed_out') : 'success';
      const event = {
        action: 'completed',
        workflow_run: {
          id,
          name: 'CI',
          head_branch: 'main',
          run_attempt: attempt,
          status: 'completed',
          conclusion,
          run_started_at: new Date(runStarted).toISOString(),
          updated_at: new Date(runStarted + 240_000 + rng.int(360_000)).toISOString(),
          html_url: `https://github.com/groupbuy/${service}/actions/runs/${id}/attempts/${attempt}`,
        },
        repository: { full_name: `groupbuy/${service}` },
      };
      out.push({ kind: 'github-workflow-run', service, contentType: 'application/json', body: JSON.stringify(event) });
    }
  }
  return out;
}

/** Nightly full-suite JUnit XML uploads (go-junit-report style), with failures and reruns. */
export function junitReports(seed: number, service: ServiceName, nowMs: number): DemoReport[] {
  const profile = DEBT_PROFILES[service];
  const domain = DOMAIN[service];
  const out: DemoReport[] = [];
  const first = Math.ceil((nowMs - CI_HISTORY_DAYS * DAY_MS) / JUNIT_SLOT_MS);
  const last = Math.floor((nowMs - 3_600_000) / JUNIT_SLOT_MS);
  for (let slot = first; slot <= last; slot++) {
    const rng = rngFor(seed, service, 4, slot);
    const timestamp = new Date(slot * JUNIT_SLOT_MS + 3 * 3_600_000).toISOString().slice(0, 19);
    const cases = domain.nouns.flatMap((noun) =>
      ['Create', 'Update', 'Concurrent'].map((verb) => {
        const name = `Test${verb}${noun}`;
        const classname = `github.com/groupbuy/${service}/internal/${domain.pkg}`;
        if (rng.chance(profile.ciFailure / 4)) return `<testcase classname="${classname}" name="${name}" time="0.41"><failure message="assertion failed">${domain.pkg}_test.go:88: got 409, want 200</failure></testcase>`;
        if (rng.chance(profile.flaky / 3)) return `<testcase classname="${classname}" name="${name}" time="1.90"><flakyFailure message="context deadline exceeded" type="timeout"/></testcase>`;
        return `<testcase classname="${classname}" name="${name}" time="0.0${1 + rng.int(9)}"/>`;
      }),
    );
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${service}">\n<testsuite name="github.com/groupbuy/${service}/internal/${domain.pkg}" tests="${cases.length}" timestamp="${timestamp}">\n${cases.join('\n')}\n</testsuite>\n</testsuites>\n`;
    out.push({ kind: 'junit', service, contentType: 'application/xml', body });
  }
  return out;
}

/** Everything the demo sends at start, snapshots first so the table fills in early. */
export function demoDebtReports(seed: number, nowMs: number): DemoReport[] {
  const snapshots = SERVICES.flatMap((s) => [trivyReport(s, nowMs, 21), trivyReport(s, nowMs, 0), gocycloReport(seed, s), sarifReport(seed, s, nowMs)]);
  const ci = SERVICES.flatMap((s) => [...junitReports(seed, s, nowMs), ...workflowRuns(seed, s, nowMs)]);
  return [...snapshots, ...ci];
}
