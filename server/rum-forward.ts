import type { Config } from './config';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Where the UI process reaches its ingest listener: the bind address, or loopback when ingest
 * listens on every interface (a wildcard is not an address one can connect to).
 */
export function ingestCollectUrl(cfg: Pick<Config, 'SIGHTLINE_HOST' | 'SIGHTLINE_INGEST_PORT'>): string {
  const host = WILDCARDS.has(cfg.SIGHTLINE_HOST) ? '127.0.0.1' : cfg.SIGHTLINE_HOST;
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${hostPart}:${cfg.SIGHTLINE_INGEST_PORT}/collect`;
}
