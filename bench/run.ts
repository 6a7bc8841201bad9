/**
 * `npm run bench [-- --quick] [-- --only ingest,cdc,queries,ui]`: SPEC §9's non-functional
 * targets measured against a real Sightline process (production build, embedded ClickHouse),
 * written to bench/results.json with a readable summary next to it (results.md) and on stdout.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { startSightline, type RunningSightline } from '../e2e/sightline-process';
import { ensureBuild } from '../scripts/ensure-build';
import { cdcBench } from './cdc-bench';
import { ingestBench } from './ingest-bench';
import { insertCeiling } from './insert-ceiling';
import { parseOptions } from './options';
import { fillForQueries, queryBench } from './query-bench';
import { evaluateTargets, summaryMarkdown, type BenchResults } from './summary';
import { uiBench } from './ui-bench';

// Sign-in is off on loopback so the bench needs no account; where that is not allowed, a session
// cookie ("name=value") of a signed-in user can be given instead.
const cookie = z.string().regex(/^[^=\s;]+=[^;]+$/, 'SIGHTLINE_BENCH_COOKIE must be name=value').optional().parse(process.env.SIGHTLINE_BENCH_COOKIE || undefined);
const SIGHTLINE_ENV = { SIGHTLINE_AUTH: 'off' };

const options = parseOptions(process.argv.slice(2));
const started = Date.now();
const log = (line: string) => console.log(`[bench +${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const has = (section: string) => options.only.includes(section as (typeof options.only)[number]);

const partial: Omit<BenchResults, 'targets' | 'finishedAt'> = {
  startedAt: new Date(started).toISOString(),
  quick: options.quick,
  sections: options.only,
  machine: { cpus: os.cpus().length, loadAverage1m: os.loadavg()[0]!, node: process.version, platform: `${os.platform()} ${os.arch()}` },
  sizes: options.sizes,
  notes: [],
};
if (options.quick) partial.notes.push('--quick: smoke sizes; the figures show the harness works, not where the targets stand.');

async function withSightline<T>(env: Record<string, string>, dataDir: string | undefined, work: (s: RunningSightline) => Promise<T>): Promise<T> {
  const sightline = await startSightline({ ...SIGHTLINE_ENV, ...env }, dataDir ? { dataDir } : {});
  log(`Sightline up (pid ${sightline.pid}) at ${sightline.baseUrl}, ingest ${sightline.ingestUrl}`);
  try {
    return await work(sightline);
  } finally {
    await sightline.stop();
  }
}

ensureBuild();

if (has('ingest') || has('cdc')) {
  // No rate limit: the bench measures capacity, not the per-client limiter.
  await withSightline({ SIGHTLINE_INGEST_RATE_LIMIT: '0' }, undefined, async (sightline) => {
    if (has('ingest')) {
      const ingest = await ingestBench(sightline, options.sizes, log);
      partial.ingest = { ...ingest, ceiling: { rows: 0, insertRows: 0, rowsPerSec: 0 }, ratioToCeiling: 0 };
    }
    if (has('cdc')) partial.cdc = await cdcBench(sightline, options.sizes, log);
  });
  if (partial.ingest) {
    // After Sightline stopped, so the ceiling has the machine to itself as ingest had.
    log(`ingest: raw insert ceiling with ${options.sizes.ceilingRows.toLocaleString('en')} rows`);
    const ceiling = await insertCeiling(options.sizes.ceilingRows);
    partial.ingest = { ...partial.ingest, ceiling, ratioToCeiling: Math.round((partial.ingest.queryableSpansPerSec / ceiling.rowsPerSec) * 100) / 100 };
  }
}

if (has('queries') || has('ui')) {
  const filled = await fillForQueries(options.sizes, log);
  try {
    await withSightline({}, filled.dataDir, async (sightline) => {
      if (has('queries')) {
        const procedures = await queryBench(sightline.baseUrl, filled, options.sizes.queryRepeats, log, cookie);
        const { raw: _raw, traceId: _traceId, ...store } = filled.report;
        partial.queries = { store, procedures };
        const missing = procedures.filter((p) => p.status === 'missing').map((p) => p.path);
        if (missing.length) partial.notes.push(`Not in this build's app router, skipped: ${missing.join(', ')}.`);
      }
      if (has('ui')) partial.ui = await uiBench(sightline.baseUrl, filled.context, options.sizes.pageLoads, log, cookie);
    });
  } finally {
    await rm(filled.dataDir, { recursive: true, force: true });
  }
}

const results: BenchResults = { ...partial, finishedAt: new Date().toISOString(), targets: evaluateTargets(partial) };
const out = path.resolve(options.out);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(results, null, 2) + '\n');
const summary = summaryMarkdown(results);
await writeFile(out.replace(/\.json$/, '') + '.md', summary);
console.log('\n' + summary);
log(`wrote ${path.relative(process.cwd(), out)} and its summary in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
