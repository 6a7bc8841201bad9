import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore, type Store } from '../../clickhouse/client';
import { loadMigrations, migrate } from '../../clickhouse/migrate';
import { parseConfig } from '../config';
import { baseMinute, insertSpans, span, traceIdOf } from '../testing/span-fixture';
import { appRouter } from '../routers/app-router';
import { TEST_ADMIN } from '../testing/test-user';

/**
 * Spans stored before migration 0009 existed must still show on /regions: the migration copies
 * them into span_hops and unit_requests once, and the views take over for spans after it.
 */

let store: Store;
let dir: string;
const t0 = baseMinute(20);
const resource = (az: string, unit: string) => ({ 'cloud.region': az.slice(0, -1), 'cloud.availability_zone': az, 'sightline.unit': unit });

function call(trace: number, at: number, fromAz: string, toAz: string, unit: string) {
  const traceId = traceIdOf(trace);
  const root = span({ ms: at, service: 'edge', traceId, spanId: `a${trace.toString(16).padStart(15, '0')}`, resource: resource(fromAz, 'unit-east'), attributes: { x_unit_id: unit } });
  const client = span({ ms: at + 1, service: 'edge', kind: 'Client', traceId, parentSpanId: root.SpanId, spanId: `b${trace.toString(16).padStart(15, '0')}`, resource: resource(fromAz, 'unit-east') });
  const server = span({ ms: at + 2, service: 'cart', traceId, parentSpanId: client.SpanId, resource: resource(toAz, 'unit-east') });
  return [root, client, server];
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-hops-'));
  store = await openStore(parseConfig({ SIGHTLINE_DATA_DIR: dir }));
  const all = await loadMigrations();
  await migrate(store, all.filter((m) => m.version < 9));
  await insertSpans(store, [...call(1, t0, 'cn-east-1a', 'cn-east-1b', 'unit-east'), ...call(2, t0 + 1000, 'cn-east-1a', 'cn-east-1a', 'unit-north')]);
  await migrate(store);
  await insertSpans(store, call(3, t0 + 2000, 'cn-east-1a', 'cn-east-1c', 'unit-east'));
});

afterAll(async () => {
  await closeStore();
  await rm(dir, { recursive: true, force: true });
});

describe('migration 0009', () => {
  it('copies spans stored before it once, and the views add the ones after it', async () => {
    const caller = appRouter.createCaller({ store, user: TEST_ADMIN });
    const range = { from: t0 - 60_000, to: t0 + 120_000 };
    const x = await caller.regions.crossAz(range);
    expect(x.edges.map((e) => [e.caller, e.callee, e.calls, e.crossAz])).toEqual([['edge', 'cart', 3, 2]]);
    const u = await caller.regions.unitViolations(range);
    // unit-north is never reported by a resource here, so its region is unknown, not a violation.
    expect(u).toMatchObject({ requests: 3, violations: 0, unknownUnitRequests: 1 });
  });
});
