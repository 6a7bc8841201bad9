import { z } from 'zod';

export const SECTIONS = ['ingest', 'cdc', 'queries', 'ui'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Sizes {
  /** Seconds of flat-out export load for the sustained rate. */
  ingestSeconds: number;
  /** Seconds at half the sustained rate, for acknowledgement latency. */
  halfLoadSeconds: number;
  /** Concurrent exporter processes. */
  exporters: number;
  /** Exports each keeps outstanding when flat out: enough that Sightline, not the clients, is the limit. */
  exportsInFlight: number;
  /** Overload: exporters × exports in flight × 512 spans beyond the ingest queue (400,000 rows by default). */
  overloadExporters: number;
  overloadInFlight: number;
  overloadSeconds: number;
  /** Rows inserted straight into a second embedded ClickHouse for the ceiling. */
  ceilingRows: number;
  cdcEvents: number;
  cdcClients: number;
  /** Store size for the query and UI benches (SPEC §9: 10 M spans, 1 M ledger entries). */
  spans: number;
  ledgerEntries: number;
  /** Calls per procedure (after one warm-up call). */
  queryRepeats: number;
  /** Page loads per page; the median LCP is reported. */
  pageLoads: number;
}

/** The sizes SPEC §9 asks for, sized to finish within 15 minutes on two cores. */
const FULL: Sizes = {
  ingestSeconds: 30,
  halfLoadSeconds: 20,
  exporters: 4,
  exportsInFlight: 48,
  overloadExporters: 8,
  overloadInFlight: 150,
  overloadSeconds: 10,
  ceilingRows: 500_000,
  cdcEvents: 50_000,
  cdcClients: 4,
  spans: 10_000_000,
  ledgerEntries: 1_000_000,
  queryRepeats: 20,
  pageLoads: 3,
};

/** A smoke run: every code path, small enough for a busy shared machine. */
const QUICK: Sizes = {
  ingestSeconds: 5,
  halfLoadSeconds: 4,
  exporters: 2,
  exportsInFlight: 24,
  overloadExporters: 2,
  overloadInFlight: 60,
  overloadSeconds: 3,
  ceilingRows: 100_000,
  cdcEvents: 10_000,
  cdcClients: 2,
  spans: 200_000,
  ledgerEntries: 20_000,
  queryRepeats: 5,
  pageLoads: 1,
};

export interface BenchOptions {
  quick: boolean;
  only: Section[];
  out: string;
  sizes: Sizes;
}

const argsSchema = z.object({
  quick: z.boolean(),
  only: z.array(z.enum(SECTIONS, { message: `--only takes a comma-separated list of ${SECTIONS.join(', ')}` })).min(1),
  out: z.string().min(1),
});

const USAGE = `usage: npm run bench -- [--quick] [--only ${SECTIONS.join(',')}] [--out bench/results.json]`;

/** Command-line flags, validated; a wrong flag stops the run with the usage line. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let only: string[] = [...SECTIONS];
  let out = 'bench/results.json';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--quick') quick = true;
    else if (flag === '--only') only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--out') out = value();
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  const parsed = argsSchema.safeParse({ quick, only, out });
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => i.message).join('; ')}\n${USAGE}`);
  return { ...parsed.data, sizes: parsed.data.quick ? QUICK : FULL };
}
