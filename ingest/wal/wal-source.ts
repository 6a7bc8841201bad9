import type { Pgoutput } from 'pg-logical-replication';
import type { LedgerMapping } from '../../server/ledger-mapping';
import { metrics } from '../../server/metrics';
import type { CdcRecord } from '../cdc/cdc-rows';
import { ExactAckReplicationService } from './exact-ack-service';
import { LagMonitor } from './lag-monitor';
import { ensureReplication } from './replication-setup';
import { StreamPipeline } from './stream-pipeline';
import { TextPgoutputPlugin } from './text-pgoutput-plugin';
import { TransactionAssembler } from './transaction-assembler';
import { WalStatusReporter } from './wal-status';

/** Stores records durably; resolves only once they are. */
export type CdcSink = (records: CdcRecord[]) => Promise<void>;

export interface WalSourceOptions {
  connectionString: string;
  mapping: LedgerMapping;
  sink: CdcSink;
  /** Stop reading the stream while this many records wait to be stored (bounded memory). */
  maxPendingRecords?: number;
  /** Write a large transaction in chunks of this many records instead of holding all of it. */
  maxChunk?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  lagPollMs?: number;
  log?: (message: string) => void;
}

/** host:port/db for logs; the connection string may hold a password. */
function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'Postgres';
  }
}

/**
 * Streams the payment tables' changes from a Postgres logical replication slot (pgoutput) into
 * the CDC writer and acknowledges each transaction's commit LSN to Postgres only after the
 * writer has stored it, in commit order. On any error the stream is torn down and reopened
 * with backoff; Postgres then replays from the slot's confirmed position, and the event
 * identities absorb whatever was stored but not yet acknowledged.
 */
export class WalSource {
  private stopping = false;
  private session = 0;
  private service: ExactAckReplicationService | undefined;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly reporter: WalStatusReporter;
  private readonly lag: LagMonitor;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: WalSourceOptions) {
    this.reporter = new WalStatusReporter(opts.mapping.wal.slot, opts.mapping.wal.publication);
    this.lag = new LagMonitor(opts.connectionString, opts.mapping.wal.slot, this.reporter, opts.lagPollMs ?? 5000);
    this.log = opts.log ?? (() => undefined);
  }

  start(): void {
    this.lag.start();
    this.loopDone = this.loop();
  }

  /**
   * Stops streaming. Writes still in flight are not acknowledged any more: like after a crash,
   * Postgres replays them on the next start and they are not stored twice.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.session++;
    this.wakeUp?.();
    await this.service?.destroy();
    await this.loopDone;
    await this.lag.stop();
    this.reporter.close();
  }

  private async loop(): Promise<void> {
    const initial = this.opts.retryInitialMs ?? 1000;
    const max = this.opts.retryMaxMs ?? 30_000;
    let delay = initial;
    while (!this.stopping) {
      let streamed = false;
      const failure = await this.stream(() => (streamed = true)).then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
      );
      if (this.stopping) break;
      if (streamed) delay = initial;
      if (failure) this.reporter.failed(failure);
      this.log(`replication from ${describeTarget(this.opts.connectionString)} ${failure ? `failed: ${failure.message}` : 'ended'}; reconnecting in ${delay / 1000} s`);
      await this.sleep(delay);
      delay = Math.min(delay * 2, max);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** One replication connection, from setup until it fails or is stopped. */
  private async stream(onStreaming: () => void): Promise<void> {
    const session = ++this.session;
    const { connectionString, mapping } = this.opts;
    const setup = await ensureReplication(connectionString, mapping);
    if (session !== this.session) return;
    const service = new ExactAckReplicationService({ connectionString });
    this.service = service;
    // Never report less than the slot already has (older servers let the position move back).
    service.confirm(setup.confirmedFlushLsn);
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (err: unknown) => reject(err);
        const pipeline = new StreamPipeline({
          service,
          sink: this.opts.sink,
          reporter: this.reporter,
          live: () => session === this.session,
          fail,
          maxPending: this.opts.maxPendingRecords ?? 50_000,
          assembler: new TransactionAssembler({
            database: setup.database,
            mapping,
            maxChunk: this.opts.maxChunk ?? 10_000,
            onLedgerProblem: (event, problem) => {
              metrics().ingestRejected.inc({ endpoint: 'wal', reason: 'ledger_row' });
              this.log(`${event.schema}.${event.table} change at LSN ${event.lsn} stored without its ledger row: ${problem}`);
            },
          }),
        });
        service.on('error', fail);
        service.on('start', () => {
          this.reporter.connected(true);
          onStreaming();
          this.log(`streaming slot ${mapping.wal.slot} (publication ${mapping.wal.publication}) from ${describeTarget(connectionString)}`);
        });
        service.on('data', (lsn: string, message: Pgoutput.Message) => pipeline.message(lsn, message));
        service.on('heartbeat', (lsn: string, _timestamp: number, shouldRespond: boolean) => pipeline.keepalive(lsn, shouldRespond));
        const plugin = new TextPgoutputPlugin({ protoVersion: 1, publicationNames: [mapping.wal.publication] });
        // "0/0" lets the slot decide where to resume: its confirmed_flush_lsn. The library would
        // otherwise restart from the last LSN it *received*, skipping what was not yet stored.
        service.subscribe(plugin, mapping.wal.slot, '0/00000000').then(() => resolve(), fail);
      });
    } finally {
      this.reporter.connected(false);
      if (this.service === service) this.service = undefined;
      await service.destroy();
    }
  }
}
