import type { TestProject } from 'vitest/node';
import { ensureBuild } from '../scripts/ensure-build';
import { printedPasswords, signIn, type SharedDemo } from './shared-demo';
import { startSightline, type RunningSightline } from './sightline-process';

/**
 * Seed and history of the shared demo. An hour holds every hourly scenario episode once; the
 * extra half hour makes sure one inventory episode (minutes 35-43, judged from :30 to :45) lies
 * wholly inside the history whatever minute the suite starts, so no test has to skip.
 */
const SEED = 7;
const BACKFILL_HOURS = 1.5;
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
  const passwords = printedPasswords(app.output());
  if (!passwords.admin) throw new Error(`Sightline did not print the local accounts' passwords:\n${app.output()}`);
  const adminCookie = await signIn(app.baseUrl, 'admin', passwords.admin);
  const demo: SharedDemo = { baseUrl: app.baseUrl, ingestUrl: app.ingestUrl, ingestToken: TOKEN, seed: SEED, historyFromMs, passwords, adminCookie };
  project.provide('demo', demo);
}

export async function teardown(): Promise<void> {
  if (app && process.exitCode) console.error(app.output());
  await app?.stop();
}
