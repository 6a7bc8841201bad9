import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningSightline {
  baseUrl: string;
  ingestUrl: string;
  port: number;
  ingestPort: number;
  dataDir: string;
  pid: number;
  output: () => string;
  /** SIGTERM (SIGKILL after 20 s), then removes the data dir unless the caller owns it. */
  stop: () => Promise<void>;
  /** kill -9, leaving the data dir as a crash leaves it. */
  kill: () => Promise<void>;
}

export interface StartOptions {
  /** Reuse this data dir (and leave it in place on stop), e.g. to restart after a crash. */
  dataDir?: string;
  port?: number;
  ingestPort?: number;
  healthTimeoutMs?: number;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Sightline exited with ${child.exitCode ?? child.signalCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Sightline did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the real Sightline process (production UI build, ingest, embedded ClickHouse in a temp
 * dir) on free loopback ports; `stop()` ends exactly that process by its pid.
 */
export async function startSightline(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningSightline> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'sightline-e2e-')));
  const port = options.port ?? (await getPort({ host: '127.0.0.1' }));
  const ingestPort = options.ingestPort ?? (await getPort({ host: '127.0.0.1', exclude: [port] }));
  let log = '';
  // tsx as a loader, not its CLI: one process, so its pid is the one to stop or kill -9.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      SIGHTLINE_INGEST_PORT: String(ingestPort),
      SIGHTLINE_HOST: '127.0.0.1',
      SIGHTLINE_DATA_DIR: dataDir,
      SIGHTLINE_DEMO: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const output = () => log;
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    // A child ended by a signal has no exit code; signalling it again would throw ESRCH.
    if (running() && child.pid) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && running() && process.kill(child.pid, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const kill = async () => {
    if (!running() || !child.pid) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGKILL');
    await exited;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${baseUrl}/api/health`, child, output, options.healthTimeoutMs ?? 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, ingestUrl: `http://127.0.0.1:${ingestPort}`, port, ingestPort, dataDir, pid: child.pid!, output, stop, kill };
}
