import { z } from 'zod';
import { parseRoleMap } from './auth/role-claims';

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((v) => v === 'on' || v === 'true' || v === '1');

const port = z.coerce.number().int().min(1).max(65535);

const configSchema = z.object({
  PORT: port.default(3000),
  SIGHTLINE_INGEST_PORT: port.default(4318),
  SIGHTLINE_HOST: z.string().min(1).default('127.0.0.1'),
  SIGHTLINE_DATA_DIR: z.string().min(1).default('./data'),
  SIGHTLINE_DEMO: onOff.default(true),
  SIGHTLINE_DEMO_SEED: z.coerce.number().int().nonnegative().default(42),
  SIGHTLINE_DEMO_BACKFILL_HOURS: z.coerce.number().min(0).max(48).default(6),
  SIGHTLINE_DEMO_RATE: z.coerce.number().positive().max(10000).default(10),
  SIGHTLINE_INGEST_TOKENS: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((t) => t.trim()).filter(Boolean) : [])),
  SIGHTLINE_INGEST_QUEUE_ROWS: z.coerce.number().int().min(1000).default(400_000),
  SIGHTLINE_INGEST_RATE_LIMIT: z.coerce.number().min(0).default(1000),
  SIGHTLINE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  SIGHTLINE_PG_URL: z.string().url().optional(),
  SIGHTLINE_CDC_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'a Standard Webhooks secret: whsec_ followed by base64')
    .refine((s) => {
      const bytes = Buffer.from(s.slice('whsec_'.length), 'base64').length;
      return bytes >= 24 && bytes <= 64;
    }, 'a secret of 24 to 64 random bytes after whsec_ (as Debezium Server requires)')
    .optional(),
  SIGHTLINE_LEDGER_CONFIG: z.string().min(1).optional(),
  SIGHTLINE_SLO_CONFIG: z.string().min(1).optional(),
  SIGHTLINE_CIRCUITS_CONFIG: z.string().min(1).optional(),
  SIGHTLINE_CANARY_CONFIG: z.string().min(1).optional(),
  SIGHTLINE_DEBT_CONFIG: z.string().min(1).optional(),
  SIGHTLINE_AUTH: z.enum(['local', 'oidc', 'off'], 'local, oidc or off').optional(),
  SIGHTLINE_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SIGHTLINE_PUBLIC_URL: z.string().url().optional(),
  SIGHTLINE_OIDC_ISSUER: z.string().url().optional(),
  SIGHTLINE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  SIGHTLINE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SIGHTLINE_OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  SIGHTLINE_OIDC_ROLE_MAP: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return parseRoleMap(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  CLICKHOUSE_URL: z.string().url().optional(),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain identifier (letters, digits, underscore)')
    .optional(),
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a cluster name from remote_servers')
    .optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Validates the environment; the message names every wrong variable and what it expected. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" so that `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = i.path.join('.');
      // Secrets must not end up in logs, even wrong ones.
      const shown = /SECRET|PASSWORD|TOKENS/.test(name) ? '<redacted>' : JSON.stringify(env[name] ?? '');
      return `  ${name}=${shown}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = result.data;
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(cfg.SIGHTLINE_HOST) || cfg.SIGHTLINE_HOST.startsWith('127.');
  if (!loopback && cfg.SIGHTLINE_INGEST_TOKENS.length === 0) {
    throw new ConfigError(
      `Invalid configuration:\n  SIGHTLINE_HOST=${JSON.stringify(cfg.SIGHTLINE_HOST)}: binding to a non-loopback address needs SIGHTLINE_INGEST_TOKENS (comma-separated bearer tokens) so ingest is not open to anyone`,
    );
  }
  const problems = authProblems(cfg, loopback);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return cfg;
}

/** Which sign-in applies: OpenID Connect once an issuer is configured, local accounts otherwise. */
export function authMode(cfg: Config): 'local' | 'oidc' | 'off' {
  return cfg.SIGHTLINE_AUTH ?? (cfg.SIGHTLINE_OIDC_ISSUER ? 'oidc' : 'local');
}

function authProblems(cfg: Config, loopback: boolean): string[] {
  const mode = authMode(cfg);
  if (mode === 'off' && !loopback) {
    return [`SIGHTLINE_AUTH=off: sign-in can only be turned off while SIGHTLINE_HOST is a loopback address (it is ${JSON.stringify(cfg.SIGHTLINE_HOST)})`];
  }
  if (mode !== 'oidc') return [];
  const missing = (['SIGHTLINE_OIDC_ISSUER', 'SIGHTLINE_OIDC_CLIENT_ID', 'SIGHTLINE_OIDC_CLIENT_SECRET'] as const).filter((k) => !cfg[k]);
  return missing.map((k) => `${k}: required for OpenID Connect sign-in (SIGHTLINE_AUTH=oidc)`);
}

const g = globalThis as unknown as { __sightlineConfig?: Config };

/** The process-wide configuration, parsed once. */
export function getConfig(): Config {
  g.__sightlineConfig ??= parseConfig();
  return g.__sightlineConfig;
}
