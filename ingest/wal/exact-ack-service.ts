import type { ClientConfig } from 'pg';
import { LogicalReplicationService } from 'pg-logical-replication';

/** The library's connection is private in its typings; these are the two things we use. */
interface LibraryInternals {
  _connection: {
    sendCopyFromChunk(chunk: Buffer): void;
    stream?: { pause(): void; resume(): void };
  } | null;
}

const POSTGRES_EPOCH_MS = 946_684_800_000n;

/**
 * LogicalReplicationService that only ever reports to Postgres the LSN we confirmed after the
 * data before it was stored. The library on its own acknowledges every message as it arrives
 * (`auto`) and, on a timer, the last LSN it *received*, including keepalive positions
 * (`timeoutSeconds`); both are switched off here, and its `acknowledge()` is overridden so that
 * whatever calls it can only repeat our confirmed position. It also reports `lsn + 1`, which
 * could let Postgres skip a transaction whose commit record starts exactly at that position;
 * we report the LSN as confirmed.
 */
export class ExactAckReplicationService extends LogicalReplicationService {
  private confirmed = 0n;

  constructor(clientConfig: ClientConfig) {
    super(clientConfig, { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: false } });
  }

  get confirmedLsn(): bigint {
    return this.confirmed;
  }

  /** Raises the confirmed position (never lowers it); true when it moved. */
  confirm(lsn: bigint): boolean {
    if (lsn <= this.confirmed) return false;
    this.confirmed = lsn;
    return true;
  }

  override async acknowledge(_lsn: string, ping = false): Promise<boolean> {
    return this.sendStatus(ping);
  }

  /** Standby status update: written = flushed = applied = the confirmed LSN. */
  sendStatus(ping = false): boolean {
    const connection = (this as unknown as LibraryInternals)._connection;
    if (this.isStop() || !connection || this.confirmed === 0n) return false;
    const message = Buffer.alloc(34);
    message.write('r', 0, 'latin1');
    message.writeBigUInt64BE(this.confirmed, 1);
    message.writeBigUInt64BE(this.confirmed, 9);
    message.writeBigUInt64BE(this.confirmed, 17);
    message.writeBigInt64BE((BigInt(Date.now()) - POSTGRES_EPOCH_MS) * 1000n, 25);
    message.writeUInt8(ping ? 1 : 0, 33);
    connection.sendCopyFromChunk(message);
    return true;
  }

  /** Stops reading from the socket (TCP back-pressure reaches Postgres) while writes catch up. */
  pause(): void {
    (this as unknown as LibraryInternals)._connection?.stream?.pause();
  }

  resume(): void {
    (this as unknown as LibraryInternals)._connection?.stream?.resume();
  }
}
