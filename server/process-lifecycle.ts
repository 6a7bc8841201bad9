import { ConfigError, getConfig, type Config } from './config';

/** Parses the configuration or ends the process with a message naming the wrong variables. */
export function loadConfigOrExit(): Config {
  try {
    return getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Runs the shutdown steps once on SIGINT/SIGTERM, then exits. */
export function onShutdown(steps: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[sightline] ${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    steps().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('[sightline] shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
