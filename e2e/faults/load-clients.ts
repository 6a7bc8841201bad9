import { changeEvent, paymentRow } from '../../ingest/cdc/debezium-fixtures';

/**
 * Clients that keep sending until each request is acknowledged, as OTLP exporters and Debezium
 * Server do: a refused connection, a reset, a 429 or a 5xx is retried after a pause. They record
 * exactly what was acknowledged, so the store can be checked against it afterwards.
 */

export interface LoadTally {
  acknowledged: number;
  attempts: number;
  refusals: Record<string, number>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendUntilAcknowledged(url: () => string, body: string, headers: Record<string, string>, tally: LoadTally, deadlineMs: number): Promise<void> {
  for (;;) {
    if (Date.now() > deadlineMs) throw new Error(`request to ${url()} not acknowledged before the deadline`);
    tally.attempts += 1;
    try {
      const res = await fetch(url(), { method: 'POST', body, headers, signal: AbortSignal.timeout(15_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      if (res.status !== 429 && res.status < 500) throw new Error(`request refused for good: ${res.status}`);
      tally.refusals[String(res.status)] = (tally.refusals[String(res.status)] ?? 0) + 1;
      await pause(Number(res.headers.get('retry-after') ?? '0.2') * 1000);
    } catch (err) {
      if ((err as Error).message.startsWith('request refused for good')) throw err;
      tally.refusals.network = (tally.refusals.network ?? 0) + 1;
      await pause(200);
    }
  }
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** One OTLP/JSON export request of `spans` SERVER spans with ids unique to (client, request). */
export function otlpRequest(service: string, client: number, request: number, spans: number, nowMs: number): { body: string; spanIds: string[] } {
  const traceId = hex(client + 1, 8) + hex(request + 1, 8) + '0'.repeat(16);
  const spanIds = Array.from({ length: spans }, (_, s) => hex(client + 1, 4) + hex(request + 1, 6) + hex(s + 1, 6));
  const startNs = BigInt(nowMs - 1000) * 1_000_000n;
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'fault-suite' },
            spans: spanIds.map((spanId, s) => ({
              traceId,
              spanId,
              name: `op-${s % 7}`,
              kind: 2,
              startTimeUnixNano: String(startNs + BigInt(s) * 1000n),
              endTimeUnixNano: String(startNs + BigInt(s) * 1000n + 2_000_000n),
              attributes: [{ key: 'http.response.status_code', value: { intValue: s % 50 === 0 ? 503 : 200 } }],
            })),
          },
        ],
      },
    ],
  };
  return { body: JSON.stringify(body), spanIds };
}

export async function runOtlpClient(opts: {
  url: () => string;
  token: string;
  service: string;
  client: number;
  requests: number;
  spansPerRequest: number;
  deadlineMs: number;
  acknowledgedSpans: Set<string>;
  tally: LoadTally;
}): Promise<void> {
  for (let r = 0; r < opts.requests; r++) {
    const { body, spanIds } = otlpRequest(opts.service, opts.client, r, opts.spansPerRequest, Date.now());
    await sendUntilAcknowledged(opts.url, body, { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` }, opts.tally, opts.deadlineMs);
    for (const id of spanIds) opts.acknowledgedSpans.add(id);
    opts.tally.acknowledged += 1;
  }
}

/** Debezium batches of payment inserts with increasing LSNs, one source transaction each. */
export async function runCdcClient(opts: {
  url: () => string;
  token: string;
  batches: number;
  eventsPerBatch: number;
  deadlineMs: number;
  acknowledgedEvents: Set<string>;
  tally: LoadTally;
}): Promise<void> {
  for (let b = 0; b < opts.batches; b++) {
    const events = Array.from({ length: opts.eventsPerBatch }, (_, e) => {
      const id = b * opts.eventsPerBatch + e + 1;
      return changeEvent({ op: 'c', lsn: 1_000_000 + id * 16, txId: 90_000 + b, after: paymentRow(id, `${id}.25`) });
    });
    await sendUntilAcknowledged(opts.url, JSON.stringify(events), { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` }, opts.tally, opts.deadlineMs);
    for (let e = 0; e < opts.eventsPerBatch; e++) opts.acknowledgedEvents.add(String(1_000_000 + (b * opts.eventsPerBatch + e + 1) * 16));
    opts.tally.acknowledged += 1;
  }
}

export function newTally(): LoadTally {
  return { acknowledged: 0, attempts: 0, refusals: {} };
}
