import { changeEvent, paymentRow } from '../ingest/cdc/debezium-fixtures';
import type { Sizes } from './options';
import { perSecond, summarizeLatencies, type LatencySummary } from './stats';
import { storedCounts } from './trpc-client';

/** Debezium Server's HTTP sink posts batches; 512 is a typical max.batch.size-bounded batch. */
const EVENTS_PER_BATCH = 512;
/** Each payment posts two journal lines, as the demo's ledger does. */
const EVENTS_PER_TXN = 3;

export interface CdcResult {
  clients: number;
  events: number;
  ackedEventsPerSec: number;
  queryableEventsPerSec: number;
  batchAck: LatencySummary | null;
}

/** One client's batches: payments with their balanced journal lines, LSNs unique across clients. */
function batchOf(client: number, batch: number): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  const base = (client + 1) * 1e9 + batch * EVENTS_PER_BATCH;
  const createdUs = Date.now() * 1000;
  for (let i = 0; i < EVENTS_PER_BATCH; i += EVENTS_PER_TXN) {
    const n = base + i;
    const txId = n;
    const amount = `${(n % 9973) + 1}.${String(n % 100).padStart(2, '0')}00`;
    const line = (k: number, account: string, direction: 'D' | 'C') => ({
      id: n + k,
      txn_id: `pay-${n}`,
      account,
      direction,
      amount,
      currency: 'CNY',
      ref_type: 'payment',
      ref_id: String(n),
      created_at: createdUs,
    });
    events.push(
      changeEvent({ op: 'c', lsn: n * 16, txId, after: paymentRow(n, amount) }),
      changeEvent({ op: 'c', lsn: n * 16 + 8, txId, table: 'journal_entries', after: line(1, 'customer_clearing', 'D') }),
      changeEvent({ op: 'c', lsn: n * 16 + 12, txId, table: 'journal_entries', after: line(2, 'merchant_payable', 'C') }),
    );
  }
  return events;
}

/** Concurrent Debezium-style clients posting JSON array batches to POST /v1/cdc. */
export async function cdcBench(sightline: { ingestUrl: string; baseUrl: string }, sizes: Sizes, log: (line: string) => void): Promise<CdcResult> {
  const before = (await storedCounts(sightline.baseUrl)).cdcEvents;
  const batchesPerClient = Math.max(1, Math.round(sizes.cdcEvents / EVENTS_PER_BATCH / sizes.cdcClients));
  log(`cdc: ${sizes.cdcClients} clients × ${batchesPerClient} batches of ${EVENTS_PER_BATCH - (EVENTS_PER_BATCH % EVENTS_PER_TXN)} events`);
  // Bodies are built before the clock starts: a real Debezium Server spends its own CPU on them.
  const bodies = Array.from({ length: sizes.cdcClients }, (_, c) => Array.from({ length: batchesPerClient }, (_, b) => JSON.stringify(batchOf(c, b))));
  const eventsPerBody = batchOf(0, 0).length;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    bodies.map(async (clientBodies) => {
      for (const body of clientBodies) {
        const sent = performance.now();
        const res = await fetch(`${sightline.ingestUrl}/v1/cdc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`POST /v1/cdc answered ${res.status}: ${text.slice(0, 300)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const ackedMs = performance.now() - t0;
  const events = sizes.cdcClients * batchesPerClient * eventsPerBody;
  for (;;) {
    if ((await storedCounts(sightline.baseUrl)).cdcEvents >= before + events) break;
    if (performance.now() - t0 > ackedMs + 60_000) throw new Error(`acknowledged change events were not all queryable 60 s later`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    clients: sizes.cdcClients,
    events,
    ackedEventsPerSec: perSecond(events, ackedMs),
    queryableEventsPerSec: perSecond(events, performance.now() - t0),
    batchAck: summarizeLatencies(latencies),
  };
}
