import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Config } from '../config';
import { yamlErrorPosition, yamlPathPosition } from '../yaml-position';
import { canarySettingsSchema, DEFAULT_CANARY_SETTINGS, type CanarySettings } from './canary-settings';

export const DEFAULT_CANARY_CONFIG = 'sightline.canary.yaml';

export class CanaryConfigError extends Error {}

export interface CanaryConfig {
  /** The file the settings came from; undefined when there is none (SPEC defaults). */
  file?: string;
  settings: CanarySettings;
}

function fail(problems: string[]): never {
  throw new CanaryConfigError(`Invalid canary configuration:\n  ${problems.join('\n  ')}`);
}

/** Parses a canary file; every problem is reported with its file, line and column. */
export function parseCanaryConfig(text: string, file: string): CanaryConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) fail(doc.errors.map((e) => `${file}: ${yamlErrorPosition(e, lines)}: invalid YAML: ${e.message}`));
  const parsed = canarySettingsSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    fail(
      parsed.error.issues.map((i) => {
        const field = i.path.length > 0 ? `${i.path.map(String).join('.')}: ` : '';
        return `${file}: ${yamlPathPosition(doc, lines, i.path)}: ${field}${i.message}`;
      }),
    );
  }
  return { file, settings: parsed.data };
}

/** Reads `configuredPath` (SIGHTLINE_CANARY_CONFIG), else ./sightline.canary.yaml when present. */
export async function loadCanaryConfig(configuredPath?: string, cwd = process.cwd()): Promise<CanaryConfig> {
  const file = path.resolve(cwd, configuredPath ?? DEFAULT_CANARY_CONFIG);
  let text: string;
  try {
    // The file is the user's, read at run time: not part of the build's traced output.
    text = await readFile(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !configuredPath) return { settings: DEFAULT_CANARY_SETTINGS };
    throw new CanaryConfigError(`${file}: cannot read the canary configuration (${code ?? (err as Error).message})`);
  }
  return parseCanaryConfig(text, file);
}

// Next bundles server modules more than once; the file is read once per process.
const g = globalThis as unknown as { __sightlineCanaryConfig?: Promise<CanaryConfig> };

/** The process-wide canary configuration, read on first use (or at start by loadCanaryConfigOrExit). */
export function canaryConfig(config: Pick<Config, 'SIGHTLINE_CANARY_CONFIG'>): Promise<CanaryConfig> {
  g.__sightlineCanaryConfig ??= loadCanaryConfig(config.SIGHTLINE_CANARY_CONFIG);
  return g.__sightlineCanaryConfig;
}

/**
 * Validates the canary file at start, so a mistake stops the process with its file, line and
 * problem instead of surfacing only when /canary is first opened.
 */
export async function loadCanaryConfigOrExit(config: Pick<Config, 'SIGHTLINE_CANARY_CONFIG'>): Promise<void> {
  try {
    const { file } = await canaryConfig(config);
    if (file) console.log(`[sightline] canary settings from ${file}`);
  } catch (err) {
    if (!(err instanceof CanaryConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
