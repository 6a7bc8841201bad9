import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { markReady } from '../../server/health';
import { DEFAULT_DEBT_SETTINGS } from '../../server/debt/debt-config-schema';
import { scoreService } from '../../server/debt/debt-index';
import { measureServices } from '../../server/debt/debt-measures';
import { startIngestServer, type IngestServer } from '../server';
import { createDebtIngest } from './debt-ingest';

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let base: string;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${ingest.port}`;
});
afterAll(async () => {
  await ingest.close();
  await cleanup();
});

async function post(path: string, body: string, contentType = 'application/json') {
  const res = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': contentType } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function count(query: string, params: Record<string, unknown> = {}): Promise<number> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  const [row] = await rs.json<{ n: number | string }>();
  return Number(row!.n);
}

async function scoreOf(service: string, asOf = Date.now()) {
  const all = await measureServices(store, DEFAULT_DEBT_SETTINGS, asOf);
  const found = all.find((s) => s.service === service);
  return found ? scoreService(service, found.measures, found.trafficShare, DEFAULT_DEBT_SETTINGS) : undefined;
}

const vuln = (id: string, pkg: string, severity: string, fixed?: string, status?: string) => ({
  VulnerabilityID: id,
  PkgName: pkg,
  InstalledVersion: '1.0.0',
  ...(fixed ? { FixedVersion: fixed } : {}),
  Severity: severity,
  ...(status ? { Status: status } : {}),
});

const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  CreatedAt: new Date(Date.now() - 60_000).toISOString(),
  ArtifactName: 'registry.local/payment-svc:1.4.2',
  Results: [
    {
      Target: 'payment-svc (debian 12.5)',
      Vulnerabilities: [
        vuln('CVE-2024-0001', 'openssl', 'CRITICAL', '3.0.14'), // 10 × 1.5 = 15
        vuln('CVE-2024-0002', 'zlib', 'HIGH'), // 5
        vuln('CVE-2024-0003', 'curl', 'MEDIUM', '8.9.0', 'fixed'), // 2 × 1.5 = 3
        vuln('CVE-2024-0004', 'tar', 'LOW', undefined, 'will_not_fix'), // 0.5
        vuln('CVE-2024-0005', 'glibc', 'HIGH', undefined, 'not_affected'), // not open: 0
      ],
    },
    // The same vulnerability of the same package version seen in a second target counts once.
    { Target: 'usr/local/bin/payment', Vulnerabilities: [vuln('CVE-2024-0001', 'openssl', 'CRITICAL', '3.0.14')] },
  ],
});

describe('POST /v1/debt/* into embedded ClickHouse', () => {
  it('moves the security dimension to the hand-computed value, and a re-post changes nothing', async () => {
    const first = await post('/v1/debt/trivy?service=payment-svc', TRIVY);
    expect(first).toMatchObject({ status: 200, body: { service: 'payment-svc', kind: 'trivy', accepted: 5 } });
    // 15 + 5 + 3 + 0.5 = 23.5 points; 0 → 0, 50 → 100: 47.0. Only security is reported, so it is the index.
    const score = await scoreOf('payment-svc');
    expect(score?.dimensions).toEqual({ maintainability: null, observability: null, buildStability: null, security: 47 });
    expect(score?.index).toBe(47);
    expect(score?.flagged).toBe(true);

    const rowsBefore = await count(`SELECT count() AS n FROM debt_signals WHERE Service = 'payment-svc'`);
    const again = await post('/v1/debt/trivy?service=payment-svc', TRIVY);
    expect(again.status).toBe(200);
    expect(again.body.accepted).toBe(0);
    expect(await count(`SELECT count() AS n FROM debt_signals WHERE Service = 'payment-svc'`)).toBe(rowsBefore);
    expect(await count(`SELECT count() AS n FROM debt_reports WHERE Service = 'payment-svc'`)).toBe(1);
    expect((await scoreOf('payment-svc'))?.dimensions.security).toBe(47);
  });

  it('a newer scan replaces the older one: fixed vulnerabilities stop counting', async () => {
    const later = JSON.stringify({
      SchemaVersion: 2,
      CreatedAt: new Date().toISOString(),
      Results: [{ Target: 'x', Vulnerabilities: [vuln('CVE-2024-0002', 'zlib', 'HIGH')] }],
    });
    expect((await post('/v1/debt/trivy?service=payment-svc', later)).status).toBe(200);
    expect((await scoreOf('payment-svc'))?.dimensions.security).toBe(10);
  });

  it('answers 400 naming the problem of a malformed SARIF, and stores nothing', async () => {
    const bad = JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'golangci-lint' } }, results: [{ ruleId: 'gocyclo', level: 'fatal', message: { text: 'x' } }] }],
    });
    const res = await post('/v1/debt/sarif?service=order-svc', bad);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^sarif: runs\.0\.results\.0\.level: /);

    const noRuns = await post('/v1/debt/sarif?service=order-svc', JSON.stringify({ version: '2.1.0' }));
    expect(noRuns.status).toBe(400);
    expect(noRuns.body.error).toMatch(/runs/);

    const wrongVersion = await post('/v1/debt/sarif?service=order-svc', JSON.stringify({ version: '2.0.0', runs: [] }));
    expect(wrongVersion.body.error).toMatch(/version.*2\.1\.0/);

    const notJson = await post('/v1/debt/sarif?service=order-svc', '{"version": "2.1.0", runs');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/not valid JSON/);
    expect(await count(`SELECT count() AS n FROM debt_signals WHERE Service = 'order-svc'`)).toBe(0);
  });

  it('stores a SARIF finding once across runs that share its partialFingerprints', async () => {
    const result = (line: number) => ({
      ruleId: 'gocyclo',
      level: 'warning',
      message: { text: 'cyclomatic complexity 31 of func `(*Service).Checkout` is high (> 15)' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'internal/order/service.go' }, region: { startLine: line } } }],
      partialFingerprints: { primaryLocationLineHash: 'abc123:1' },
    });
    const sarif = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'golangci-lint' } }, results: [result(40), result(41)] }] });
    const res = await post('/v1/debt/sarif?service=order-svc', sarif);
    expect(res).toMatchObject({ status: 200, body: { accepted: 1 } });
    const rs = await store.client.query({ query: `SELECT Item, Value FROM debt_signals FINAL WHERE Service = 'order-svc' AND Kind = 'sarif'`, format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ Item: '(*Service).Checkout', Value: 31 }]);
  });

  it('maps a gocyclo report to maintainability and a workflow run to build stability', async () => {
    // 10 functions, 1 over 15: 10 % of 20 % → 50.
    const lines = Array.from({ length: 10 }, (_, i) => `${i === 0 ? 22 : 3 + i} order service.F${i} internal/order/f${i}.go:${10 + i}:1`).join('\n');
    expect((await post('/v1/debt/gocyclo?service=order-svc', lines, 'text/plain')).status).toBe(200);
    const bad = await post('/v1/debt/gocyclo?service=order-svc', '12 order F a.go:1:1\nnot a gocyclo line', 'text/plain');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/line 2: "not a gocyclo line"/);

    const run = (id: number, attempt: number, conclusion: string | null, status = 'completed') =>
      JSON.stringify({
        action: status === 'completed' ? 'completed' : 'requested',
        workflow_run: { id, name: 'ci', run_attempt: attempt, status, conclusion, run_started_at: new Date(Date.now() - 600_000).toISOString(), updated_at: new Date(Date.now() - 300_000 + attempt * 1000).toISOString(), head_branch: 'main' },
        repository: { full_name: 'acme/order-svc' },
      });
    for (const body of [run(1, 1, 'success'), run(2, 1, 'failure'), run(2, 2, 'success'), run(3, 1, null, 'in_progress'), run(4, 1, 'success'), run(5, 1, 'cancelled')]) {
      expect((await post('/v1/debt/github-workflow-run?service=order-svc', body)).status).toBe(200);
    }
    // Run 3 completes later: its event replaces the in-progress one.
    expect((await post('/v1/debt/github-workflow-run?service=order-svc', run(3, 1, 'timed_out'))).status).toBe(200);
    const noService = await post('/v1/debt/github-workflow-run', run(6, 1, 'success'));
    expect(noService.status).toBe(400);
    expect(noService.body.error).toMatch(/acme\/order-svc/);

    const score = await scoreOf('order-svc');
    // Attempts 1/1 ok, 2/1 fail, 2/2 ok, 3/1 timed out, 4/1 ok (cancelled not counted): 2 of 5 = 40 % ≥ 30 % → 100.
    expect(score?.dimensions).toMatchObject({ maintainability: 50, buildStability: 100, observability: null, security: null });
    // Weights 30 and 25 out of 55.
    expect(score?.index).toBeCloseTo((30 * 50 + 25 * 100) / 55, 1);
  });

  it('reads JUnit XML and rejects a body that is not', async () => {
    const xml = `<?xml version="1.0"?><testsuites name="order"><testsuite name="order.api" timestamp="2026-01-01T10:00:00">
      <testcase classname="order.api" name="TestCreate"/><testcase classname="order.api" name="TestPay"><flakyFailure message="timeout"/></testcase>
    </testsuite></testsuites>`;
    expect(await post('/v1/debt/junit?service=order-svc', xml, 'application/xml')).toMatchObject({ status: 200, body: { accepted: 1 } });
    const broken = await post('/v1/debt/junit?service=order-svc', '<testsuites><testsuite></testsuites>', 'application/xml');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/junit: invalid XML at line 1/);
  });

  it('attributes a report to a service through the repository map of sightline.debt.yaml', async () => {
    const debt = await createDebtIngest(store.client, async () => ({ 'acme/billing': 'billing-svc' }));
    const server = http.createServer((req, res) => void debt.routes[(req.url ?? '').split('?')[0]!]!.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const event = {
      action: 'completed',
      workflow_run: { id: 42, name: 'release', run_attempt: 1, status: 'completed', conclusion: 'failure', updated_at: new Date().toISOString() },
      repository: { full_name: 'acme/billing' },
    };
    const res = await fetch(`http://127.0.0.1:${port}/v1/debt/github-workflow-run`, { method: 'POST', body: JSON.stringify(event) });
    expect(await res.json()).toMatchObject({ service: 'billing-svc', reportId: 'acme/billing#42.1', accepted: 1 });
    await new Promise((resolve) => server.close(resolve));
    await debt.drain();
    expect((await scoreOf('billing-svc'))?.dimensions.buildStability).toBe(100);
  });
});
