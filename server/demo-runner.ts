import path from 'node:path';
import type { Config } from './config';
import type { DemoHandle } from '../demo/run';
import { registerDemo } from './demo-status';

/** Starts the built-in demo platform against our own ingest listener unless SIGHTLINE_DEMO=off. */
export async function startDemoIfEnabled(config: Config, ingestPort: number): Promise<DemoHandle | undefined> {
  if (!config.SIGHTLINE_DEMO) return undefined;
  const { startDemo } = await import('../demo/run');
  const handle = await startDemo({
    endpoint: `http://127.0.0.1:${ingestPort}`,
    token: config.SIGHTLINE_INGEST_TOKENS[0],
    seed: config.SIGHTLINE_DEMO_SEED,
    backfillHours: config.SIGHTLINE_DEMO_BACKFILL_HOURS,
    rate: config.SIGHTLINE_DEMO_RATE,
    stateDir: path.resolve(config.SIGHTLINE_DATA_DIR),
    pgUrl: config.SIGHTLINE_PG_URL,
    log: (msg) => console.log(`[demo] ${msg}`),
  });
  registerDemo(handle);
  console.log(`[sightline] demo platform running (seed ${config.SIGHTLINE_DEMO_SEED}, ${config.SIGHTLINE_DEMO_RATE} req/s base, backfilling ${config.SIGHTLINE_DEMO_BACKFILL_HOURS} h)`);
  return handle;
}
