import type { Pgoutput } from 'pg-logical-replication';
import { findLedgerTable, type LedgerMapping } from '../../server/ledger-mapping';
import type { ChangeEvent, ChangeOp, RowImage } from '../cdc/change-event';
import { changeEventRow, changeRecord, transactionRecord } from '../cdc/cdc-records';
import type { CdcRecord } from '../cdc/cdc-rows';
import { parseTextLsn } from '../cdc/lsn';
import { CdcEventError } from '../cdc/row-decoding';
import { tupleToRow } from './pg-values';

interface OpenTransaction {
  xid: bigint;
  commitLsn: bigint;
  commitMicros: bigint;
  id: string;
  events: number;
  perTable: Map<string, bigint>;
  buffer: CdcRecord[];
}

export interface AssemblerOptions {
  /** The database the replication connection reads (pgoutput messages do not name it). */
  database: string;
  mapping: LedgerMapping;
  /** Hand a transaction's records over in chunks of this many, so huge transactions stay bounded. */
  maxChunk: number;
  /** A change stored without its ledger row (e.g. an amount beyond Decimal(38, 4)). */
  onLedgerProblem: (event: ChangeEvent, problem: string) => void;
}

type ChangeMessage = Pgoutput.MessageInsert | Pgoutput.MessageUpdate | Pgoutput.MessageDelete;

/**
 * Turns pgoutput's BEGIN / changes / COMMIT into the same records Debezium events become:
 * change events with source kind 'wal', the LSN of each change, the xid from BEGIN and the
 * commit time, framed by BEGIN/END transaction markers whose END carries the event counts.
 * pgoutput sends a transaction only once it committed, so chunks may be written before COMMIT
 * arrives; only the COMMIT's end LSN is ever acknowledged.
 */
export class TransactionAssembler {
  private tx: OpenTransaction | null = null;

  constructor(private readonly opts: AssemblerOptions) {}

  get open(): boolean {
    return this.tx !== null;
  }

  begin(message: Pgoutput.MessageBegin): void {
    const xid = BigInt(message.xid >>> 0); // the library reads the xid as a signed int32
    const commitLsn = message.commitLsn ? parseTextLsn(message.commitLsn) : 0n;
    const id = `${xid}:${commitLsn}`;
    const commitMicros = BigInt(message.commitTime.toString());
    this.tx = { xid, commitLsn, commitMicros, id, events: 0, perTable: new Map(), buffer: [] };
    this.tx.buffer.push(
      transactionRecord({ sourceKind: 'wal', db: this.opts.database, status: 'BEGIN', id, txId: xid, lsn: commitLsn, tsMicros: commitMicros, eventCount: null, dataCollections: [] }),
    );
  }

  /** Adds a change; returns a chunk to write when the buffer is full. */
  change(lsnText: string, message: ChangeMessage): CdcRecord[] | undefined {
    const { relation } = message;
    const newRow = message.tag === 'delete' ? null : tupleToRow(message.new, relation);
    // The old row is all columns under REPLICA IDENTITY FULL, else just the key (or nothing).
    const oldRow = message.tag === 'insert' ? null : tupleToRow(message.old ?? message.key, relation);
    const op: ChangeOp = message.tag === 'insert' ? 'c' : message.tag === 'update' ? 'u' : 'd';
    return this.add(lsnText, relation, op, oldRow, newRow);
  }

  /** A TRUNCATE becomes one 't' event per truncated table, as Debezium emits them. */
  truncate(lsnText: string, message: Pgoutput.MessageTruncate): CdcRecord[] | undefined {
    let chunk: CdcRecord[] | undefined;
    for (const relation of message.relations) chunk = this.add(lsnText, relation, 't', null, null) ?? chunk;
    return chunk;
  }

  commit(message: Pgoutput.MessageCommit): { records: CdcRecord[]; ackLsn: bigint } {
    const tx = this.requireOpen('COMMIT');
    this.tx = null;
    const endLsn = message.commitEndLsn ? parseTextLsn(message.commitEndLsn) : tx.commitLsn;
    tx.buffer.push(
      transactionRecord({
        sourceKind: 'wal',
        db: this.opts.database,
        status: 'END',
        id: tx.id,
        txId: tx.xid,
        lsn: tx.commitLsn,
        tsMicros: tx.commitMicros,
        eventCount: BigInt(tx.events),
        dataCollections: [...tx.perTable.entries()].map(([name, eventCount]) => ({ name, eventCount })),
      }),
    );
    return { records: tx.buffer, ackLsn: endLsn };
  }

  private add(lsnText: string, relation: Pgoutput.MessageRelation, op: ChangeOp, before: RowImage | null, after: RowImage | null): CdcRecord[] | undefined {
    const tx = this.requireOpen(op);
    const collection = `${relation.schema}.${relation.name}`;
    const perTable = (tx.perTable.get(collection) ?? 0n) + 1n;
    tx.perTable.set(collection, perTable);
    tx.events++;
    const event: ChangeEvent = {
      sourceKind: 'wal',
      db: this.opts.database,
      schema: relation.schema,
      table: relation.name,
      op,
      lsn: parseTextLsn(lsnText),
      txId: tx.xid,
      commitTsMicros: tx.commitMicros,
      before,
      after,
      snapshot: 'false',
      sequence: '',
      transaction: { id: tx.id, totalOrder: BigInt(tx.events), dataCollectionOrder: perTable },
    };
    tx.buffer.push(this.record(event));
    if (tx.buffer.length < this.opts.maxChunk) return undefined;
    const chunk = tx.buffer;
    tx.buffer = [];
    return chunk;
  }

  private record(event: ChangeEvent): CdcRecord {
    try {
      return changeRecord(event, this.opts.mapping);
    } catch (err) {
      if (!(err instanceof CdcEventError)) throw err;
      // The change happened and is the auditors' evidence, so it is stored even when its
      // ledger row cannot be (there is no sender to reject it to).
      this.opts.onLedgerProblem(event, err.message);
      const table = findLedgerTable(this.opts.mapping, event.db, event.schema, event.table);
      return { kind: 'change', row: changeEventRow(event, table) };
    }
  }

  private requireOpen(what: string): OpenTransaction {
    if (!this.tx) throw new Error(`pgoutput sent ${what} outside a transaction`);
    return this.tx;
  }
}
