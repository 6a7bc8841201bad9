import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillReportSchema, type FillConfig, type FillReport } from './fill-store';
import type { Sizes } from './options';
import { PROCEDURES, type ProcedureContext } from './procedures';
import { summarizeLatencies, type LatencySummary } from './stats';
import { callQuery } from './trpc-client';

const FILL = fileURLToPath(new URL('./fill-store.ts', import.meta.url));
const FILL_HOURS = 24;

export interface FilledStore {
  dataDir: string;
  report: FillReport;
  context: ProcedureContext;
}

/** Fills a fresh data dir in a child process (its own chDB engine) and times the raw-row queries there. */
export async function fillForQueries(sizes: Sizes, log: (line: string) => void): Promise<FilledStore> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-bench-store-'));
  // A whole minute, so the rollup-backed procedures and the raw queries cover the same minutes.
  const toMs = Math.floor(Date.now() / 60_000) * 60_000;
  const config: FillConfig = { dataDir, spans: sizes.spans, ledgerEntries: sizes.ledgerEntries, toMs, hours: FILL_HOURS, rawRepeats: Math.min(sizes.queryRepeats, 3) };
  log(`queries: filling ${sizes.spans.toLocaleString('en')} spans and ${sizes.ledgerEntries.toLocaleString('en')} ledger entries over ${FILL_HOURS} h, then timing raw-row queries`);
  const child = fork(FILL, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let report: FillReport;
  try {
    report = await new Promise<FillReport>((resolve, reject) => {
      child.once('message', (msg) => resolve(fillReportSchema.parse(msg)));
      child.once('exit', (code) => code !== 0 && reject(new Error(`the store filler exited with ${code}`)));
    });
    // Sightline may open the dir only once the filler's engine has let go of it.
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    dataDir,
    report,
    context: { from: toMs - FILL_HOURS * 3_600_000, to: toMs, service: 'api-gateway', callee: 'order', traceId: report.traceId, sloId: 'api-gateway-availability' },
  };
}

export interface ProcedureResult {
  path: string;
  status: 'measured' | 'missing' | 'error';
  note?: string;
  latency: LatencySummary | null;
  /** The same answer from raw rows (p50), when the procedure reads rollups. */
  rawP50Ms: number | null;
  /** raw p50 / procedure p50. */
  speedup: number | null;
  readsRaw: boolean;
}

/** Every procedure of PROCEDURES over HTTP, sequentially (one dashboard user), after one warm-up call. */
export async function queryBench(baseUrl: string, filled: FilledStore, repeats: number, log: (line: string) => void, cookie?: string): Promise<ProcedureResult[]> {
  const results: ProcedureResult[] = [];
  for (const spec of PROCEDURES) {
    const input = spec.input(filled.context);
    const raw = filled.report.raw[spec.path]?.p50Ms ?? null;
    const first = await callQuery(baseUrl, spec.path, input, cookie);
    if (!first.ok) {
      const missing = first.code === 'NOT_FOUND' && first.message.startsWith('No procedure found');
      results.push({
        path: spec.path,
        status: missing ? 'missing' : 'error',
        note: missing ? 'not in app-router.ts of this build' : `${first.code}: ${first.message}`,
        latency: null,
        rawP50Ms: raw,
        speedup: null,
        readsRaw: spec.readsRaw === true,
      });
      log(`queries: ${spec.path} ${missing ? 'skipped (not in this build)' : `failed: ${first.code} ${first.message.slice(0, 160)}`}`);
      continue;
    }
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const outcome = await callQuery(baseUrl, spec.path, input, cookie);
      samples.push(performance.now() - t0);
      if (!outcome.ok) throw new Error(`${spec.path} failed on call ${i + 2} after succeeding: ${outcome.code} ${outcome.message}`);
    }
    const latency = summarizeLatencies(samples);
    const speedup = raw !== null && latency ? Math.round((raw / latency.p50Ms) * 10) / 10 : null;
    results.push({ path: spec.path, status: 'measured', latency, rawP50Ms: raw, speedup, readsRaw: spec.readsRaw === true });
    log(`queries: ${spec.path} p50 ${latency?.p50Ms} ms, p95 ${latency?.p95Ms} ms${raw !== null ? `, raw ${raw} ms (${speedup}×)` : ''}`);
  }
  return results;
}
