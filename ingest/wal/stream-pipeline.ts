import type { Pgoutput } from 'pg-logical-replication';
import { metrics } from '../../server/metrics';
import type { CdcRecord } from '../cdc/cdc-rows';
import { parseTextLsn } from '../cdc/lsn';
import { AckTracker } from './ack-tracker';
import type { ExactAckReplicationService } from './exact-ack-service';
import type { TransactionAssembler } from './transaction-assembler';
import type { WalStatusReporter } from './wal-status';

const ENDPOINT = 'wal';

export interface PipelineOptions {
  service: ExactAckReplicationService;
  sink: (records: CdcRecord[]) => Promise<void>;
  reporter: WalStatusReporter;
  assembler: TransactionAssembler;
  /** False once the session ended: late write results must not acknowledge anything. */
  live: () => boolean;
  fail: (err: unknown) => void;
  maxPending: number;
}

/** Per-connection state: assembling transactions, writing them, acknowledging in order. */
export class StreamPipeline {
  private readonly tracker = new AckTracker();
  private pending = 0;
  private paused = false;
  private statusQueued = false;

  constructor(private readonly o: PipelineOptions) {}

  message(lsn: string, message: Pgoutput.Message): void {
    try {
      this.o.reporter.received(parseTextLsn(lsn));
      const { assembler } = this.o;
      switch (message.tag) {
        case 'begin':
          assembler.begin(message);
          break;
        case 'insert':
        case 'update':
        case 'delete':
          this.write(assembler.change(lsn, message));
          break;
        case 'truncate':
          this.write(assembler.truncate(lsn, message));
          break;
        case 'commit': {
          const { records, ackLsn } = assembler.commit(message);
          this.write(records, ackLsn);
          break;
        }
        default:
          // relation, type, origin and logical messages carry no row change.
          break;
      }
    } catch (err) {
      this.o.fail(err);
    }
  }

  keepalive(lsnText: string, shouldRespond: boolean): void {
    const { service, reporter, assembler } = this.o;
    const lsn = parseTextLsn(lsnText);
    reporter.received(lsn);
    // As Postgres's own subscriber does: with no transaction open and no write in flight,
    // everything the server sent before this keepalive is stored, so its position may be
    // confirmed. Without this a quiet publication on a busy server would pin WAL forever.
    const advanced = !assembler.open && this.tracker.empty && service.confirm(lsn);
    if (advanced) reporter.confirmed(lsn);
    if (advanced || shouldRespond) service.sendStatus();
  }

  private write(records: CdcRecord[] | undefined, ackLsn?: bigint): void {
    if (!records) return;
    const { service, live } = this.o;
    const entry = this.tracker.add(ackLsn);
    const changes = records.filter((r) => r.kind === 'change').length;
    const m = metrics();
    m.ingestReceived.inc({ endpoint: ENDPOINT }, changes);
    this.pending += records.length;
    if (!this.paused && this.pending > this.o.maxPending) {
      this.paused = true;
      service.pause();
    }
    this.o.sink(records).then(
      () => {
        if (!live()) return;
        m.ingestAccepted.inc({ endpoint: ENDPOINT }, changes);
        this.pending -= records.length;
        if (this.paused && this.pending <= this.o.maxPending / 2) {
          this.paused = false;
          service.resume();
        }
        const lsn = this.tracker.complete(entry);
        if (lsn !== undefined && service.confirm(lsn)) {
          this.o.reporter.confirmed(lsn);
          this.queueStatus();
        }
      },
      (err: unknown) => {
        if (live()) this.o.fail(err);
      },
    );
  }

  /** One status update per turn of the event loop, however many commits completed in it. */
  private queueStatus(): void {
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      if (this.o.live()) this.o.service.sendStatus();
    });
  }
}
