import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestStore } from '../../clickhouse/test-store';
import { insertSpans, span, traceIdOf } from '../testing/span-fixture';
import { getTrace } from './traces';

/**
 * A store holding one short trace, its spans a fraction of a second past the second the lookup
 * table records: the bounds must still take them in.
 */

const TRACE = traceIdOf(0x5107);
let ctx: Awaited<ReturnType<typeof openTestStore>>;

beforeAll(async () => {
  ctx = await openTestStore();
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000 + 695;
  await insertSpans(ctx.store, [
    span({ ms: t0, traceId: TRACE, spanId: '00000000000000a1', service: 'only-svc', name: 'GET /x', kind: 'Server' }),
    span({ ms: t0 + 5, traceId: TRACE, spanId: '00000000000000a2', parentSpanId: '00000000000000a1', service: 'only-svc', kind: 'Client' }),
  ]);
});
afterAll(async () => {
  await ctx?.cleanup();
});

it('finds every span of a trace that lies within one second', async () => {
  const trace = await getTrace(ctx.store, TRACE);
  expect(trace?.spans.map((s) => s.spanId)).toEqual(['00000000000000a1', '00000000000000a2']);
});
