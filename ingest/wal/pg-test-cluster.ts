import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import pg from 'pg';

/** A throwaway Postgres cluster with wal_level=logical, for tests. */
export interface PgTestCluster {
  port: number;
  /** The postmaster's pid (what stop() signals). */
  pid: number;
  url(database: string): string;
  stop(): Promise<void>;
}

/** Debian installs each major version under /usr/lib/postgresql/<major>/bin; take the newest. */
function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'bin', 'initdb'))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (!majors[0]) {
    throw new Error('initdb not found under /usr/lib/postgresql/*/bin: install the Debian package postgresql (apt-get install -y postgresql) to run the WAL tests');
  }
  return path.join(root, majors[0], 'bin');
}

/** Postgres refuses to run as root; as root the cluster runs as the postgres OS user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root needs the postgres OS user (created by the Debian postgresql package) to start a test cluster');
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitUntilReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}:\n${log()}`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts a cluster; `settings` are extra `name=value` server settings. */
export async function startPgTestCluster(settings: string[] = []): Promise<PgTestCluster> {
  const bin = findPgBin();
  const user = runAs();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  await mkdir(socketDir);
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chown(socketDir, user.uid, user.gid);
  }
  const env = { ...process.env, LC_ALL: 'C', HOME: dir };
  execFileSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    env,
    stdio: 'pipe',
    ...user,
  });
  const port = await getPort();
  const args = ['-D', dataDir, '-p', String(port), '-k', socketDir, '-h', '127.0.0.1'];
  for (const setting of ['wal_level=logical', 'max_replication_slots=4', 'max_wal_senders=4', 'fsync=off', 'full_page_writes=off', ...settings]) {
    args.push('-c', setting);
  }
  // Spawned directly with the postgres uid (no runuser wrapper), so the child is the postmaster.
  const child = spawn(path.join(bin, 'postgres'), args, { env, stdio: ['ignore', 'ignore', 'pipe'], ...user });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      process.kill(child.pid, 'SIGINT'); // fast shutdown: disconnects clients, no waiting for them
      const killed = setTimeout(() => child.pid && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(killed);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(port, child, () => stderr);
    const recorded = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    if (recorded !== child.pid) throw new Error(`postmaster.pid says ${recorded} but the spawned process is ${child.pid}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, pid: child.pid!, url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`, stop };
}
