import { z } from 'zod';

/** int64 as Debezium writes it: a JSON number (BigInt when beyond 2^53), or digits in a string. */
const int64 = z
  .union([z.number().int().nonnegative(), z.bigint().nonnegative(), z.string().regex(/^\d{1,20}$/)])
  .transform((v) => BigInt(v));

export const SNAPSHOT_VALUES = ['true', 'false', 'last', 'first', 'first_in_data_collection', 'last_in_data_collection', 'incremental'] as const;

const sequence = z.string().refine(
  (s) => {
    try {
      return Array.isArray(JSON.parse(s));
    } catch {
      return false;
    }
  },
  { message: 'must be a JSON array as a string, e.g. "[\\"24023119\\",\\"24023128\\"]"' },
);

const rowImage = z.record(z.string(), z.unknown()).nullable().optional();

/** The Debezium PostgreSQL change event envelope (unknown fields are ignored). */
export const changeEnvelopeSchema = z.looseObject({
  op: z.enum(['c', 'u', 'd', 'r', 't', 'm']),
  before: rowImage,
  after: rowImage,
  source: z.looseObject({
    db: z.string().min(1),
    schema: z.string().min(1),
    table: z.string().min(1),
    ts_ms: int64,
    ts_us: int64.nullable().optional(),
    txId: int64.nullable().optional(),
    lsn: int64,
    sequence: sequence.nullable().optional(),
    snapshot: z.enum(SNAPSHOT_VALUES).nullable().optional(),
  }),
  ts_ms: int64.nullable().optional(),
  transaction: z
    .looseObject({
      id: z.string().min(1),
      total_order: int64,
      data_collection_order: int64,
    })
    .nullable()
    .optional(),
});

export type ChangeEnvelope = z.infer<typeof changeEnvelopeSchema>;

/** Debezium transaction metadata (`provide.transaction.metadata=true`). */
export const transactionEnvelopeSchema = z.looseObject({
  status: z.enum(['BEGIN', 'END']),
  id: z.string().min(1),
  ts_ms: int64,
  event_count: int64.nullable().optional(),
  data_collections: z
    .array(z.looseObject({ data_collection: z.string().min(1), event_count: int64 }))
    .nullable()
    .optional(),
});

export type TransactionEnvelope = z.infer<typeof transactionEnvelopeSchema>;

/** A Kafka Connect JSON schema node, as in the `{schema, payload}` wrapper. */
export interface ConnectSchema {
  type: string;
  field?: string;
  name?: string;
  parameters?: Record<string, unknown>;
  fields?: ConnectSchema[];
}

export const connectSchemaSchema: z.ZodType<ConnectSchema> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    field: z.string().optional(),
    name: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    fields: z.array(connectSchemaSchema).optional(),
  }),
);
