import { metrics } from '../../server/metrics';
import { formatTextLsn } from '../cdc/lsn';

/** What the /system page shows about the WAL source. LSNs as Postgres prints them, lag exact. */
export interface WalStatus {
  slot: string;
  publication: string;
  connected: boolean;
  /** Last LSN acknowledged to Postgres (everything before it is stored). */
  confirmedLsn: string | null;
  /** Last LSN received from the stream. */
  receivedLsn: string | null;
  /** The server's current WAL position at the last lag check. */
  serverLsn: string | null;
  /** Bytes between serverLsn and the slot's confirmed_flush_lsn, as a decimal string. */
  lagBytes: string | null;
  /** When the confirmed position last advanced. */
  confirmedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

// The ingest listener and the Next route handlers are bundled separately but share the process.
const g = globalThis as unknown as { __sightlineWalStatus?: WalStatus };

/** The WAL source's state, or undefined when SIGHTLINE_PG_URL is not set. */
export function walStatus(): WalStatus | undefined {
  return g.__sightlineWalStatus ? { ...g.__sightlineWalStatus } : undefined;
}

/** Keeps the shared status and the /metrics gauges of one slot in step. */
export class WalStatusReporter {
  private readonly status: WalStatus;

  constructor(slot: string, publication: string) {
    this.status = {
      slot,
      publication,
      connected: false,
      confirmedLsn: null,
      receivedLsn: null,
      serverLsn: null,
      lagBytes: null,
      confirmedAt: null,
      lastError: null,
      lastErrorAt: null,
    };
    g.__sightlineWalStatus = this.status;
  }

  connected(on: boolean): void {
    this.status.connected = on;
    metrics().walConnected.set({ slot: this.status.slot }, on ? 1 : 0);
  }

  confirmed(lsn: bigint): void {
    this.status.confirmedLsn = formatTextLsn(lsn);
    this.status.confirmedAt = new Date().toISOString();
    metrics().walConfirmedLsn.set({ slot: this.status.slot }, Number(lsn));
  }

  received(lsn: bigint): void {
    this.status.receivedLsn = formatTextLsn(lsn);
    metrics().walReceivedLsn.set({ slot: this.status.slot }, Number(lsn));
  }

  lag(serverLsn: bigint, slotConfirmed: bigint): void {
    const lag = serverLsn > slotConfirmed ? serverLsn - slotConfirmed : 0n;
    this.status.serverLsn = formatTextLsn(serverLsn);
    this.status.lagBytes = lag.toString();
    metrics().walLagBytes.set({ slot: this.status.slot }, Number(lag));
  }

  failed(err: unknown): void {
    this.status.lastError = err instanceof Error ? err.message : String(err);
    this.status.lastErrorAt = new Date().toISOString();
    metrics().walReconnects.inc({ slot: this.status.slot });
  }

  /** Stops publishing this source's status (it was stopped). */
  close(): void {
    this.connected(false);
    if (g.__sightlineWalStatus === this.status) g.__sightlineWalStatus = undefined;
  }
}
