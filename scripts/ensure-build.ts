import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_INPUTS = ['app', 'components', 'server', 'clickhouse', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

function newestMtime(p: string): number {
  const full = path.join(root, p);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(full).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

/** Builds the UI when the production build is missing or older than its sources. */
export function ensureBuild(): void {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...BUILD_INPUTS.map(newestMtime));
  if (builtAt >= changedAt) return;
  console.log(builtAt ? '[sightline] sources changed since the last build: rebuilding the UI…' : '[sightline] first start: building the UI (about a minute)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('[sightline] the UI build failed; see the output above');
    process.exit(result.status ?? 1);
  }
}
