import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { debtEdus, debtTrend } from '../../server/debt/debt-api';
import { loadDebtConfig } from '../../server/debt/debt-config';
import { DEFAULT_DEBT_SETTINGS } from '../../server/debt/debt-config-schema';
import { scoresAsOf } from '../../server/debt/debt-scores';
import { dayOf } from '../../server/debt/snapshot-days';
import { markReady } from '../../server/health';
import { demoDebtReports } from './debt-reports';
import { startDebtDemo } from './run-debt';

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let endpoint: string;
const now = Date.now();

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  markReady();
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  endpoint = `http://127.0.0.1:${ingest.port}`;
});
afterAll(async () => {
  await ingest.close();
  await cleanup();
});

async function rowCount(): Promise<number> {
  const rs = await store.client.query({ query: 'SELECT count() AS n FROM debt_signals', format: 'JSONEachRow' });
  return Number((await rs.json<{ n: number }>())[0]!.n);
}

describe('the demo platform reporting its debt', () => {
  it('sends every report through POST /v1/debt and a restart stores nothing twice', async () => {
    const started = performance.now();
    const first = await startDebtDemo({ endpoint, seed: 7, now: () => now, log: () => {} }).done;
    expect(first).toEqual({ sent: demoDebtReports(7, now).length, refused: 0 });
    expect(performance.now() - started).toBeLessThan(60_000);
    const rows = await rowCount();
    const again = await startDebtDemo({ endpoint, seed: 7, now: () => now, log: () => {} }).done;
    expect(again.refused).toBe(0);
    expect(await rowCount()).toBe(rows);
  });

  it('gives the services the hand-computed dimensions', async () => {
    // gocyclo output carries no time: its report is dated when it was received, after `now`.
    const rows = await scoresAsOf(store, DEFAULT_DEBT_SETTINGS, Date.now());
    const payment = rows.find((r) => r.service === 'payment-svc')!;
    // Current image: 2 critical + 2 high + 1 medium, all fixable: (10 + 10 + 5 + 5 + 2) × 1.5 = 48 points → 96.
    expect(payment.measures.security).toMatchObject({ open: 5, withFix: 5, points: 48 });
    expect(payment.dimensions.security).toBe(96);
    // order-svc: 21 of 160 functions above 15 → 13.125 % of the 20 % critical level → 65.6.
    expect(rows.find((r) => r.service === 'order-svc')!.dimensions.maintainability).toBe(65.6);
    // No spans were sent here: observability is not reported and its weight is spread.
    expect(rows.every((r) => r.dimensions.observability === null && r.effectiveWeights.observability === 0)).toBe(true);
    expect(rows).toHaveLength(11);
  });

  it('keeps history: three weeks ago payment-svc ran its older, less vulnerable image', async () => {
    const trend = await debtTrend(store, DEFAULT_DEBT_SETTINGS, { from: now - 25 * 86_400_000, to: now }, 'payment-svc', now);
    const then = trend.days.find((d) => d.day === dayOf(now - 21 * 86_400_000))!;
    // 1 critical + 1 high + 1 medium, fixable: (10 + 5 + 2) × 1.5 = 25.5 points → 51.
    expect(then.dimensions?.security).toBe(51);
    expect(trend.days.at(-1)!.dimensions?.security).toBe(96);
    // Before the older scan there was no security data, only CI history.
    expect(trend.days.find((d) => d.day === dayOf(now - 23 * 86_400_000))!.dimensions?.security).toBeNull();
  });

  it('triggers the example EDUs that the demo reports meet, with evidence', async () => {
    const settings = await loadDebtConfig('sightline.debt.example.yaml', path.resolve(import.meta.dirname, '../..'));
    const edus = Object.fromEntries((await debtEdus(store, settings, { from: now - 3_600_000, to: Date.now() })).map((e) => [e.id, e]));
    // payment-svc's image: CVE-2024-45337 and CVE-2024-24790 are critical and fixable.
    expect(edus['payment-critical-cves']).toMatchObject({ triggered: true, evidence: { value: 2, threshold: 0 } });
    expect(edus['payment-critical-cves']!.evidence.items.map((i) => i.label).sort()).toEqual(['CVE-2024-24790', 'CVE-2024-45337']);
    const complex = edus['checkout-complexity']!;
    expect(complex.triggered).toBe(complex.evidence.value > 0);
    for (const item of complex.evidence.items) expect(Number(/complexity (\d+)/.exec(item.detail ?? '')?.[1])).toBeGreaterThan(40);
    // No spans here: the span trigger counts none, and notify-svc's observability is not reported.
    expect(edus['stock-lock-timeouts']).toMatchObject({ triggered: false, evidence: { value: 0 } });
    expect(edus['notify-blind-spans']).toMatchObject({ triggered: false, evidence: { summary: 'notify-svc: observability not reported' } });
  });
});
