import pg from 'pg';
import { parseTextLsn } from '../cdc/lsn';
import type { WalStatusReporter } from './wal-status';

/**
 * Polls how far the slot's confirmed position trails the server's WAL: the bytes Postgres must
 * keep on disk for us, and the lag an operator alerts on. Uses its own connection, so it keeps
 * reporting (a growing lag) while the stream is down.
 */
export class LagMonitor {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly slot: string,
    private readonly reporter: WalStatusReporter,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async poll(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.connectionString });
        client.on('error', () => (this.client = undefined));
        await client.connect();
        if (this.stopped) {
          await client.end();
          return;
        }
        this.client = client;
      }
      const { rows } = await this.client.query<{ server: string; confirmed: string | null }>(
        'SELECT pg_current_wal_lsn()::text AS server, confirmed_flush_lsn::text AS confirmed FROM pg_replication_slots WHERE slot_name = $1',
        [this.slot],
      );
      const row = rows[0];
      if (row?.confirmed) this.reporter.lag(parseTextLsn(row.server), parseTextLsn(row.confirmed));
    } catch {
      // The stream's own reconnect loop reports connection problems; try again next tick.
      const client = this.client;
      this.client = undefined;
      await client?.end().catch(() => undefined);
    } finally {
      this.busy = false;
    }
  }
}
