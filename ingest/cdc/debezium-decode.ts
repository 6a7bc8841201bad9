import type { z } from 'zod';
import { findLedgerTable, type LedgerMapping } from '../../server/ledger-mapping';
import type { ChangeEvent, ChangeOp, TransactionMarker } from './change-event';
import {
  changeEnvelopeSchema,
  connectSchemaSchema,
  transactionEnvelopeSchema,
  type ChangeEnvelope,
  type ConnectSchema,
  type TransactionEnvelope,
} from './debezium-envelope';
import type { ExactJson } from './json-exact';
import { CdcEventError, decodeRowImage, rowFieldSchemas } from './row-decoding';
import { inDateTime64Range } from './timestamps';

export type DecodedItem =
  | { kind: 'change'; event: ChangeEvent }
  | { kind: 'transaction'; marker: TransactionMarker }
  /** Tombstones (a delete's null follow-up) and logical decoding messages carry no row change. */
  | { kind: 'ignored'; reason: 'tombstone' | 'message' };

function describe(error: z.ZodError, what: string): CdcEventError {
  const parts = error.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
  return new CdcEventError(`invalid ${what}: ${parts.join('; ')}`);
}

function isObject(value: ExactJson | undefined): value is { [key: string]: ExactJson } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits the optional `{schema, payload}` wrapper of Kafka Connect's JSON converter. */
function unwrap(value: { [key: string]: ExactJson }): { payload: ExactJson; schema?: ConnectSchema } {
  const wrapped = 'payload' in value && !('op' in value) && !('status' in value);
  if (!wrapped) return { payload: value };
  if (value.schema === null || value.schema === undefined) return { payload: value.payload ?? null };
  const schema = connectSchemaSchema.safeParse(value.schema);
  if (!schema.success) throw describe(schema.error, 'schema in the {schema, payload} wrapper');
  return { payload: value.payload ?? null, schema: schema.data };
}

const REQUIRED_IMAGE: Record<ChangeOp, 'before' | 'after' | null> = { c: 'after', r: 'after', u: 'after', d: 'before', t: null };

function toChangeEvent(envelope: ChangeEnvelope, op: ChangeOp, schema: ConnectSchema | undefined, mapping: LedgerMapping): ChangeEvent {
  const { source } = envelope;
  const required = REQUIRED_IMAGE[op];
  if (required && !envelope[required]) {
    throw new CdcEventError(`op "${op}" event for ${source.schema}.${source.table} at lsn ${source.lsn} has no "${required}" row`);
  }
  const commitTsMicros = source.ts_us ?? source.ts_ms * 1000n;
  if (!inDateTime64Range(commitTsMicros)) throw new CdcEventError(`source.ts_ms ${source.ts_ms} is not a plausible commit time (epoch milliseconds)`);
  const money = new Set(findLedgerTable(mapping, source.db, source.schema, source.table)?.money ?? []);
  const tx = envelope.transaction;
  return {
    sourceKind: 'debezium',
    db: source.db,
    schema: source.schema,
    table: source.table,
    op,
    lsn: source.lsn,
    txId: source.txId ?? 0n,
    commitTsMicros,
    ...(envelope.ts_ms !== null && envelope.ts_ms !== undefined && inDateTime64Range(envelope.ts_ms * 1000n) ? { captureTsMicros: envelope.ts_ms * 1000n } : {}),
    before: decodeRowImage(envelope.before, { money, fields: rowFieldSchemas(schema, 'before') }),
    after: decodeRowImage(envelope.after, { money, fields: rowFieldSchemas(schema, 'after') }),
    snapshot: source.snapshot ?? 'false',
    sequence: source.sequence ?? '',
    transaction: tx ? { id: tx.id, totalOrder: tx.total_order, dataCollectionOrder: tx.data_collection_order } : null,
  };
}

function toTransactionMarker(envelope: TransactionEnvelope): TransactionMarker {
  if (!inDateTime64Range(envelope.ts_ms * 1000n)) throw new CdcEventError(`ts_ms ${envelope.ts_ms} is not a plausible commit time (epoch milliseconds)`);
  // Debezium's PostgreSQL transaction ids are "<xid>:<lsn>"; other shapes are kept verbatim.
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(envelope.id);
  return {
    sourceKind: 'debezium',
    db: '',
    status: envelope.status,
    id: envelope.id,
    txId: match ? BigInt(match[1]!) : 0n,
    lsn: match ? BigInt(match[2]!) : 0n,
    tsMicros: envelope.ts_ms * 1000n,
    eventCount: envelope.event_count ?? null,
    dataCollections: (envelope.data_collections ?? []).map((c) => ({ name: c.data_collection, eventCount: c.event_count })),
  };
}

/** One item of a /v1/cdc body: a change event, transaction metadata, or something to skip. */
export function decodeDebeziumItem(value: ExactJson, mapping: LedgerMapping): DecodedItem {
  if (value === null) return { kind: 'ignored', reason: 'tombstone' };
  if (!isObject(value)) throw new CdcEventError(`expected a Debezium change event object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  const { payload, schema } = unwrap(value);
  if (payload === null) return { kind: 'ignored', reason: 'tombstone' };
  if (!isObject(payload)) throw new CdcEventError('the wrapper\'s "payload" is not an object');
  if ('status' in payload) {
    const tx = transactionEnvelopeSchema.safeParse(payload);
    if (!tx.success) throw describe(tx.error, 'transaction metadata event');
    return { kind: 'transaction', marker: toTransactionMarker(tx.data) };
  }
  if (!('op' in payload)) {
    throw new CdcEventError('not a Debezium event: expected "op" (a change event) or "status" BEGIN/END (transaction metadata)');
  }
  const change = changeEnvelopeSchema.safeParse(payload);
  if (!change.success) throw describe(change.error, 'change event');
  const { op } = change.data;
  if (op === 'm') return { kind: 'ignored', reason: 'message' };
  return { kind: 'change', event: toChangeEvent(change.data, op, schema, mapping) };
}
