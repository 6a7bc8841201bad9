import { z } from 'zod';

const text = z.string().max(4096);

/** The parts of a Faro transport body Sightline stores; everything else is ignored. */
export const faroPayloadSchema = z.object({
  meta: z
    .object({
      app: z.object({ name: text.optional(), version: text.optional() }).loose().optional(),
      page: z.object({ url: text.optional() }).loose().optional(),
      session: z.object({ id: text.optional() }).loose().optional(),
    })
    .loose()
    .optional(),
  measurements: z
    .array(
      z
        .object({
          type: text,
          values: z.record(z.string().max(256), z.number().finite()),
          timestamp: text.optional(),
          context: z.record(z.string().max(256), z.string().max(4096)).optional(),
        })
        .loose(),
    )
    .max(1000)
    .optional(),
  exceptions: z
    .array(z.object({ type: text.optional(), value: text.optional(), timestamp: text.optional() }).loose())
    .max(1000)
    .optional(),
  events: z.array(z.object({ name: text, timestamp: text.optional() }).loose()).max(1000).optional(),
  logs: z.array(z.unknown()).max(1000).optional(),
  traces: z.unknown().optional(),
});

export type FaroPayload = z.infer<typeof faroPayloadSchema>;

export interface RumRow {
  Timestamp: number;
  Kind: string;
  Name: string;
  Value: number;
  Page: string;
  SessionId: string;
  AppName: string;
  Attributes: Record<string, string>;
}

const WEB_VITALS = new Set(['lcp', 'fcp', 'cls', 'inp', 'ttfb', 'fid']);

function when(ts: string | undefined, fallback: number): number {
  const ms = ts ? Date.parse(ts) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

/** Web vitals become one row per metric; exceptions and events one row each. */
export function faroToRows(payload: FaroPayload, now = Date.now()): RumRow[] {
  const base = {
    Page: payload.meta?.page?.url ?? '',
    SessionId: payload.meta?.session?.id ?? '',
    AppName: payload.meta?.app?.name ?? '',
  };
  const rows: RumRow[] = [];
  for (const m of payload.measurements ?? []) {
    const isVitals = m.type === 'web-vitals';
    for (const [name, value] of Object.entries(m.values)) {
      if (isVitals && !WEB_VITALS.has(name)) continue;
      rows.push({ ...base, Timestamp: when(m.timestamp, now), Kind: m.type, Name: name, Value: value, Attributes: m.context ?? {} });
    }
  }
  for (const e of payload.exceptions ?? []) {
    rows.push({ ...base, Timestamp: when(e.timestamp, now), Kind: 'exception', Name: e.type ?? 'Error', Value: 1, Attributes: { message: e.value ?? '' } });
  }
  for (const e of payload.events ?? []) {
    rows.push({ ...base, Timestamp: when(e.timestamp, now), Kind: 'event', Name: e.name, Value: 1, Attributes: {} });
  }
  return rows;
}
