import type { TestProject } from 'vitest/node';
import { ensureBuild } from '../scripts/ensure-build';
import type { SharedDemo } from './shared-demo';
import { startSightline, type RunningSightline } from './sightline-process';

/** Seed and history of the shared demo; one hour holds every hourly scenario episode once. */
const SEED = 7;
const BACKFILL_HOURS = 1;
const TOKEN = 'e2e-ingest-token';

let app: RunningSightline | undefined;

/**
 * End-to-end tests drive the production build, as users run it, against one Sightline process
 * with the demo platform that all e2e files share (starting one per file would repeat the backfill).
 */
export async function setup(project: TestProject): Promise<void> {
  ensureBuild();
  const historyFromMs = Date.now() - BACKFILL_HOURS * 3_600_000;
  app = await startSightline({
    SIGHTLINE_DEMO: 'on',
    SIGHTLINE_DEMO_SEED: String(SEED),
    SIGHTLINE_DEMO_BACKFILL_HOURS: String(BACKFILL_HOURS),
    SIGHTLINE_INGEST_TOKENS: TOKEN,
  });
  const demo: SharedDemo = { baseUrl: app.baseUrl, ingestUrl: app.ingestUrl, ingestToken: TOKEN, seed: SEED, historyFromMs };
  project.provide('demo', demo);
}

export async function teardown(): Promise<void> {
  if (app && process.exitCode) console.error(app.output());
  await app?.stop();
}
