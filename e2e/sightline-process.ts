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
  dataDir: string;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Sightline exited with ${child.exitCode}:\n${output()}`);
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
export async function startSightline(env: Record<string, string> = {}): Promise<RunningSightline> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-e2e-'));
  const port = await getPort({ host: '127.0.0.1' });
  const ingestPort = await getPort({ host: '127.0.0.1', exclude: [port] });
  let log = '';
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'server', 'main.ts')], {
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
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${baseUrl}/api/health`, child, output, 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, ingestUrl: `http://127.0.0.1:${ingestPort}`, dataDir, pid: child.pid!, output, stop };
}
