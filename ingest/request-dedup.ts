import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { InsertedEntry } from './batcher';

const REMEMBER_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 200_000;

export function requestHash(endpoint: string, contentType: string, body: Uint8Array): string {
  return createHash('sha256').update(endpoint).update('\0').update(contentType).update('\0').update(body).digest('hex');
}

/**
 * Remembers the bodies already acknowledged (in memory and in `ingest_requests`, so it
 * survives a restart) so that a client retrying a request it did not see answered is not
 * counted twice. Requests arriving while an identical one is being inserted share its outcome.
 */
export class RequestDedup {
  private readonly acked = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /**
   * @param storedWithRows the table's own materialized view writes the hashes in the same INSERT
   * as the rows (otel_traces), so `record` only has to remember them in memory.
   */
  constructor(
    private readonly client: ClickHouseClient,
    private readonly endpoint: string,
    private readonly storedWithRows = false,
  ) {}

  /** Loads the hashes acknowledged within the last hour. */
  async load(): Promise<void> {
    const rs = await this.client.query({
      query: `SELECT RequestHash, toUnixTimestamp64Milli(ReceivedAt) AS at FROM ingest_requests
              WHERE Endpoint = {endpoint:String} AND ReceivedAt > now64(3) - INTERVAL 1 HOUR`,
      query_params: { endpoint: this.endpoint },
      format: 'JSONEachRow',
    });
    for (const row of await rs.json<{ RequestHash: string; at: string | number }>()) {
      this.acked.set(row.RequestHash, Number(row.at));
    }
  }

  wasAcknowledged(hash: string): boolean {
    const at = this.acked.get(hash);
    return at !== undefined && Date.now() - at < REMEMBER_MS;
  }

  pending(hash: string): Promise<unknown> | undefined {
    return this.inFlight.get(hash);
  }

  track<T>(hash: string, work: Promise<T>): Promise<T> {
    this.inFlight.set(hash, work);
    const forget = () => this.inFlight.delete(hash);
    work.then(forget, forget);
    return work;
  }

  /** Batcher hook: persists the hashes of requests whose rows were just inserted. */
  readonly record = async (entries: InsertedEntry[]): Promise<void> => {
    const hashes = entries.flatMap((e) => (e.requestHash ? [{ hash: e.requestHash, items: e.rowCount }] : []));
    if (hashes.length === 0) return;
    if (!this.storedWithRows) {
      await this.client.insert({
        table: 'ingest_requests',
        values: hashes.map((h) => ({ RequestHash: h.hash, Endpoint: this.endpoint, Items: h.items })),
        format: 'JSONEachRow',
      });
    }
    const now = Date.now();
    for (const h of hashes) this.acked.set(h.hash, now);
    this.evict(now);
  };

  private evict(now: number): void {
    if (this.acked.size <= MAX_REMEMBERED) return;
    for (const [hash, at] of this.acked) {
      if (this.acked.size <= MAX_REMEMBERED * 0.9 && now - at < REMEMBER_MS) break;
      this.acked.delete(hash);
    }
  }
}
