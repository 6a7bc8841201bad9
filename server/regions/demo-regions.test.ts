import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { DEFAULT_SEED } from '../../demo/defaults';
import { TrafficEmitter } from '../../demo/emitter';
import { ExportPipeline } from '../../demo/export-pipeline';
import { AFFINITY_IGNORED, MISROUTE_SHARE } from '../../demo/platform';
import { INVENTORY_EPISODE, hourStart } from '../../demo/scenario';
import { startIngestServer, type IngestServer } from '../../ingest/server';
import { markReady } from '../health';
import { appRouter } from '../routers/app-router';
import { sloConfig } from '../slo/slo-config';
import { TEST_ADMIN } from '../testing/test-user';

/**
 * The demo's own traffic through the real OTLP ingest, from before the inventory episode
 * (cn-south-1b's stock master degrades, minutes 35–43) to after it, skipping the flash sale:
 * the AZ heatmap must show cn-south-1b hot while it lasts, marketing-svc (which ignores AZ
 * affinity) must have the highest cross-AZ share, and about 1 % of requests are mis-routed.
 */

const M = 60_000;
const RATE = 4;
const H = hourStart(Date.now() - (INVENTORY_EPISODE.endMinute + 10) * M);
const episode = { startMs: H + INVENTORY_EPISODE.startMinute * M, endMs: H + INVENTORY_EPISODE.endMinute * M };
const from = H + 27 * M;
const to = H + 52 * M;

let store: Store;
let cleanup: () => Promise<void>;
let ingest: IngestServer;
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  caller = appRouter.createCaller({ store, user: TEST_ADMIN });
  markReady();
  await sloConfig({});
  ingest = await startIngestServer({ store, config: { SIGHTLINE_INGEST_TOKENS: [], SIGHTLINE_INGEST_QUEUE_ROWS: 400_000 }, host: '127.0.0.1', port: 0 });
  const pipeline = new ExportPipeline(new OTLPTraceExporter({ url: `http://127.0.0.1:${ingest.port}/v1/traces` }));
  const emitter = new TrafficEmitter({ seed: DEFAULT_SEED, rate: RATE, processor: pipeline });
  for (let t = from; t < to; t += M) {
    emitter.emitRange(t, t + M);
    await pipeline.ready();
  }
  await pipeline.flush();
  await emitter.shutdown();
}, 600_000);

afterAll(async () => {
  await ingest?.close();
  await cleanup?.();
});

describe('the demo on /regions', () => {
  it('shows cn-south-1b hot for inventory-svc during the episode, and only then', async () => {
    const during = (c: { column: number }) => c.column >= episode.startMs + M && c.column < episode.endMs - M;
    const isSouth = (c: { row: string }) => c.row === INVENTORY_EPISODE.az;
    const t = await caller.regions.azTimeline({ service: 'inventory-svc', from, to, metric: 'errorRate' });
    expect(t.bucketSeconds).toBe(60);
    const hot = t.cells.filter((c) => isSouth(c) && during(c));
    const calm = t.cells.filter((c) => !during(c) && (c.column < episode.startMs || c.column >= episode.endMs));
    expect(hot).toHaveLength(6);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `inventory-svc in cn-south-1b during the episode: error rate ${hot.map((c) => `${(c.value! * 100).toFixed(0)}%`).join(' ')}, ` +
        `p95 ≥ ${Math.min(...hot.map((c) => c.p95Ms!)).toFixed(0)} ms; ${calm.length} cells outside it: ` +
        `max error rate ${(Math.max(...calm.map((c) => c.value!)) * 100).toFixed(1)} %, median p95 ${median(calm.map((c) => c.p95Ms!)).toFixed(1)} ms`,
    );
    for (const c of hot) {
      expect(c.value!).toBeGreaterThan(0.4);
      expect(c.p95Ms!).toBeGreaterThan(1000);
    }
    for (const c of calm) expect(c.value!).toBeLessThan(0.15);
    expect(median(calm.map((c) => c.p95Ms!))).toBeLessThan(50);
    // While it lasts every region's ReserveStock is served there: the other AZs go quiet.
    expect(t.cells.filter((c) => !isSouth(c) && during(c))).toEqual([]);
  });

  it('leaves inventory-svc only cn-south-1 in the region heatmap over the episode, burning budget fast', async () => {
    const plateau = { from: episode.startMs + M, to: episode.endMs - M };
    const h = await caller.regions.heatmap({ ...plateau, metric: 'sloBurn' });
    const inventory = h.cells.filter((c) => c.row === 'inventory-svc');
    console.log(`inventory-svc over the episode: ${inventory.map((c) => `${c.column} burn ${c.value!.toFixed(0)}× error rate ${(c.errorRate! * 100).toFixed(1)} %`).join('; ')}`);
    expect(inventory.map((c) => c.column)).toEqual(['cn-south-1']);
    expect(inventory[0]!.value!).toBeGreaterThan(14.4);
    const calm = await caller.regions.heatmap({ from, to: episode.startMs, metric: 'sloBurn' });
    for (const c of calm.cells.filter((x) => x.row === 'inventory-svc')) expect(c.value!).toBeLessThan(inventory[0]!.value! / 10);
  });

  it('puts marketing-svc’s edge first by cross-AZ share', async () => {
    const x = await caller.regions.crossAz({ from, to });
    const top = x.edges[0]!;
    console.log(x.edges.slice(0, 4).map((e) => `${e.caller}→${e.callee} ${(e.share * 100).toFixed(1)} % of ${e.calls}`).join('; '));
    expect(AFFINITY_IGNORED.has('marketing-svc')).toBe(true);
    expect(top.caller).toBe('marketing-svc');
    expect(top.share).toBeGreaterThan(0.5);
    const others = x.edges.filter((e) => e.caller !== 'marketing-svc' && e.calls >= 100);
    expect(Math.max(...others.map((e) => e.share))).toBeLessThan(top.share);
  });

  it('finds about the mis-routed share of requests outside their unit’s region', async () => {
    const u = await caller.regions.unitViolations({ from, to });
    console.log(`unit violations: ${u.violations} of ${u.requests} (${(u.share * 100).toFixed(2)} %)`);
    expect(u.unknownUnitRequests).toBe(0);
    expect(u.units.map((x) => [x.unit, x.home])).toEqual([
      ['unit-east', 'cn-east-1'],
      ['unit-north', 'cn-north-1'],
      ['unit-south', 'cn-south-1'],
    ]);
    expect(u.share).toBeGreaterThan(MISROUTE_SHARE / 2);
    expect(u.share).toBeLessThan(MISROUTE_SHARE * 2);
    expect(u.examples.length).toBeGreaterThan(0);
    for (const e of u.examples) expect(e.home).not.toBe(e.served);
  });
});
