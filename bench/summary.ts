import type { CdcResult } from './cdc-bench';
import type { CeilingResult } from './insert-ceiling';
import type { IngestResult } from './ingest-bench';
import type { Sizes } from './options';
import type { ProcedureResult } from './query-bench';
import type { FillReport } from './fill-store';
import type { PageResult } from './ui-bench';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  sections: string[];
  machine: { cpus: number; loadAverage1m: number; node: string; platform: string };
  sizes: Sizes;
  ingest?: IngestResult & { ceiling: CeilingResult; ratioToCeiling: number };
  cdc?: CdcResult;
  queries?: { store: Omit<FillReport, 'raw' | 'traceId'>; procedures: ProcedureResult[] };
  ui?: PageResult[];
  targets: TargetResult[];
  notes: string[];
}

export interface TargetResult {
  target: string;
  spec: string;
  status: 'pass' | 'fail' | 'not measured';
  value: string;
}

const MIB_LIMIT = 1.5 * 1024;

function check(target: string, spec: string, measured: number | null | undefined, pass: (v: number) => boolean, format: (v: number) => string): TargetResult {
  if (measured === null || measured === undefined) return { target, spec, status: 'not measured', value: '—' };
  return { target, spec, status: pass(measured) ? 'pass' : 'fail', value: format(measured) };
}

const n = (v: number) => Math.round(v).toLocaleString('en');

/** Each SPEC §9 target against the figure this run measured (worst case over procedures/pages). */
export function evaluateTargets(r: Omit<BenchResults, 'targets' | 'finishedAt'>): TargetResult[] {
  const procs = (r.queries?.procedures ?? []).filter((p) => p.status === 'measured' && p.latency);
  const worstP95 = procs.length ? procs.reduce((w, p) => (p.latency!.p95Ms > w.latency!.p95Ms ? p : w)) : undefined;
  const compared = procs.filter((p) => p.speedup !== null);
  const worstSpeedup = compared.length ? compared.reduce((w, p) => (p.speedup! < w.speedup! ? p : w)) : undefined;
  const pages = (r.ui ?? []).filter((p) => !p.error);
  const worstLcp = pages.filter((p) => p.lcpMs !== null).reduce<PageResult | undefined>((w, p) => (!w || p.lcpMs! > w.lcpMs! ? p : w), undefined);
  const worstJs = pages.reduce<PageResult | undefined>((w, p) => (!w || p.firstLoadJsGzipKiB > w.firstLoadJsGzipKiB ? p : w), undefined);
  return [
    check('ingest throughput', '≥ 150,000 spans/s end to end', r.ingest?.queryableSpansPerSec, (v) => v >= 150_000, (v) => `${n(v)} spans/s`),
    check('ingest vs raw insert', '≥ 70 % of the raw ClickHouse insert rate', r.ingest?.ratioToCeiling, (v) => v >= 0.7, (v) => `${Math.round(v * 100)} % (${n(r.ingest!.queryableSpansPerSec)} / ${n(r.ingest!.ceiling.rowsPerSec)} rows/s)`),
    check('ack latency', 'p99 < 1 s at half load', r.ingest?.halfLoad.ack?.p99Ms, (v) => v < 1000, (v) => `p99 ${n(v)} ms at ${n(r.ingest!.halfLoad.achievedSpansPerSec)} spans/s`),
    check('memory', 'RSS < 1.5 GiB under sustained overload', r.ingest?.overload.peakRssMiB, (v) => v < MIB_LIMIT, (v) => `peak ${n(v)} MiB`),
    check('shedding', 'excess load gets 429/503', r.ingest ? r.ingest.overload.answered429 + r.ingest.overload.answered503 : undefined, (v) => v > 0, (v) => `${n(v)} requests refused during overload`),
    check('procedure latency', 'every procedure p95 < 100 ms', worstP95?.latency?.p95Ms, (v) => v < 100, (v) => `worst ${worstP95!.path} p95 ${v} ms`),
    check('rollups vs raw', 'every rollup-backed procedure ≥ 10× faster than raw', worstSpeedup?.speedup, (v) => v >= 10, (v) => `worst ${worstSpeedup!.path} ${v}×`),
    check('LCP', '< 1 s per page', worstLcp?.lcpMs, (v) => v < 1000, (v) => `worst ${worstLcp!.path} ${n(v)} ms`),
    check('first-load JS', '< 250 kB gzip per page', worstJs ? (worstJs.firstLoadJsGzipKiB * 1024) / 1000 : undefined, (v) => v < 250, (v) => `worst ${worstJs!.path} ${v.toFixed(1)} kB`),
  ];
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}`);

/** The human-readable summary: targets first, then the per-procedure and per-page tables. */
export function summaryMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`# Sightline benchmark — ${r.finishedAt}${r.quick ? ' (--quick: smoke sizes, not comparable to the targets)' : ''}`, '');
  lines.push(`${r.machine.cpus} CPUs, load average ${r.machine.loadAverage1m.toFixed(2)} at start, Node ${r.machine.node}; sections: ${r.sections.join(', ')}`, '');
  lines.push('| target | SPEC §9 | status | measured |', '|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.target} | ${t.spec} | ${t.status === 'pass' ? 'PASS' : t.status === 'fail' ? 'FAIL' : 'not measured'} | ${t.value} |`);
  if (r.ingest) {
    const i = r.ingest;
    lines.push('', '## Ingest', '');
    lines.push(`- ${i.exporters} official OTLP/protobuf exporters flat out: ${n(i.ackedSpansPerSec)} spans/s acknowledged, ${n(i.queryableSpansPerSec)} spans/s until all ${n(i.spansAcked)} were queryable (CPU used: Sightline ${Math.round(i.sightlineCpuShare * 100)} %, exporters ${Math.round(i.exporterCpuShare * 100)} % of the machine); ${i.failedExports} failed exports`);
    lines.push(`- raw insert ceiling (same rows, JSONEachRow, ${n(i.ceiling.insertRows)}-row inserts): ${n(i.ceiling.rowsPerSec)} rows/s → ingest reaches ${Math.round(i.ratioToCeiling * 100)} %`);
    if (i.saturationAck) lines.push(`- acknowledgement at saturation: p50 ${i.saturationAck.p50Ms} ms, p99 ${i.saturationAck.p99Ms} ms`);
    lines.push(`- at half load (${n(i.halfLoad.targetSpansPerSec)} spans/s target, ${n(i.halfLoad.achievedSpansPerSec)} achieved): ack p50 ${ms(i.halfLoad.ack?.p50Ms)} ms, p99 ${ms(i.halfLoad.ack?.p99Ms)} ms`);
    lines.push(`- Sightline's inserts into otel_traces: ${n(i.inserts.count)}, mean ${n(i.inserts.meanRows)} rows taking ${n(i.inserts.meanMs)} ms; peak RSS ${n(i.peakRssMiB)} MiB`);
    const o = i.overload;
    lines.push(`- overload (${o.exporters} exporters, ~${n(o.spansOutstanding)} spans outstanding): ${n(o.ackedSpansPerSec)} spans/s acknowledged, ${n(o.answered429)} × 429 and ${n(o.answered503)} × 503, ${o.failedExports} exports failed after the exporter's retries; peak RSS ${n(o.peakRssMiB)} MiB`);
  }
  if (r.cdc) {
    lines.push('', '## CDC', '');
    lines.push(`- ${r.cdc.clients} clients posting Debezium JSON batches: ${n(r.cdc.ackedEventsPerSec)} events/s acknowledged, ${n(r.cdc.queryableEventsPerSec)} events/s until all ${n(r.cdc.events)} were counted; batch ack p50 ${ms(r.cdc.batchAck?.p50Ms)} ms, p99 ${ms(r.cdc.batchAck?.p99Ms)} ms`);
  }
  if (r.queries) {
    const s = r.queries.store;
    lines.push('', '## Queries', '');
    lines.push(`Store: ${n(s.spans)} spans (generated in ${s.spanSeconds.toFixed(1)} s; ${n(s.rollupRows)} rollup rows), ${n(s.ledgerEntries)} ledger entries and ${n(s.cdcEvents)} change events (${s.ledgerSeconds.toFixed(1)} s); then ${s.catchUpSeconds.toFixed(1)} s settling orphan spans, reconciling the ledger and waiting out merges, as a day of live ingest would have. Times in ms over HTTP; raw = the same answer from raw rows in embedded ClickHouse.`, '');
    lines.push('| procedure | p50 | p95 | raw p50 | speed-up | note |', '|---|---|---|---|---|---|');
    for (const p of r.queries.procedures) {
      lines.push(`| ${p.path} | ${ms(p.latency?.p50Ms)} | ${ms(p.latency?.p95Ms)} | ${ms(p.rawP50Ms)} | ${p.speedup === null ? '—' : `${p.speedup}×`} | ${p.note ?? (p.readsRaw ? 'reads raw rows by design' : p.rawP50Ms === null ? 'no raw-row equivalent in bench/raw-queries.ts yet' : '')} |`);
    }
  }
  if (r.ui) {
    const kB = (kib: number) => ((kib * 1024) / 1000).toFixed(1);
    lines.push('', '## UI', '', 'Chromium, a fresh context per load (empty cache), median LCP; JS sizes gzip-compressed.', '');
    lines.push('| page | status | LCP ms | first-load JS kB | all JS kB (incl. lazy chunks) | scripts |', '|---|---|---|---|---|---|');
    for (const p of r.ui) lines.push(`| ${p.path} | ${p.status ?? p.error ?? '—'} | ${ms(p.lcpMs)} | ${kB(p.firstLoadJsGzipKiB)} | ${kB(p.allJsGzipKiB)} | ${p.scripts} |`);
  }
  if (r.notes.length) lines.push('', '## Notes', '', ...r.notes.map((note) => `- ${note}`));
  return lines.join('\n') + '\n';
}
