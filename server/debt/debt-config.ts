import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Config } from '../config';
import { yamlErrorPosition, yamlPathPosition } from '../yaml-position';
import { DEFAULT_DEBT_SETTINGS, debtConfigSchema, settingsFrom, type DebtSettings } from './debt-config-schema';

export const DEFAULT_DEBT_CONFIG = 'sightline.debt.yaml';

export class DebtConfigError extends Error {}

/** Parses sightline.debt.yaml; errors name the file, line, column, field and problem. */
export function parseDebtConfig(text: string, file: string): DebtSettings {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new DebtConfigError(`Invalid debt configuration:\n  ${doc.errors.map((e) => `${file}: ${yamlErrorPosition(e, lines)}: invalid YAML: ${e.message}`).join('\n  ')}`);
  }
  const value: unknown = doc.toJS() ?? {};
  const parsed = debtConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${file}: ${yamlPathPosition(doc, lines, i.path)}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new DebtConfigError(`Invalid debt configuration:\n  ${problems.join('\n  ')}`);
  }
  const settings = settingsFrom(parsed.data);
  const ids = new Set<string>();
  for (const [i, e] of settings.edus.entries()) {
    if (ids.has(e.id)) throw new DebtConfigError(`Invalid debt configuration:\n  ${file}: ${yamlPathPosition(doc, lines, ['edus', i, 'id'])}: edus.${i}.id: "${e.id}" is defined twice`);
    ids.add(e.id);
  }
  return settings;
}

/** Reads SIGHTLINE_DEBT_CONFIG, else ./sightline.debt.yaml when present, else the defaults. */
export async function loadDebtConfig(configuredPath?: string, cwd = process.cwd()): Promise<DebtSettings> {
  const file = path.resolve(cwd, configuredPath ?? DEFAULT_DEBT_CONFIG);
  let text: string;
  try {
    // The file is the user's, read at run time: not part of the build's traced output.
    text = await readFile(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !configuredPath) return DEFAULT_DEBT_SETTINGS;
    throw new DebtConfigError(`${file}: cannot read the debt configuration (${code ?? (err as Error).message})`);
  }
  return parseDebtConfig(text, file);
}

// Next bundles server modules more than once; the file is read once per process.
const g = globalThis as unknown as { __sightlineDebtConfig?: Promise<DebtSettings> };

export function debtConfig(config: Pick<Config, 'SIGHTLINE_DEBT_CONFIG'>): Promise<DebtSettings> {
  g.__sightlineDebtConfig ??= loadDebtConfig(config.SIGHTLINE_DEBT_CONFIG);
  return g.__sightlineDebtConfig;
}

/** Validates the debt file at start; a bad file stops the process with the problems listed. */
export async function loadDebtConfigOrExit(config: Pick<Config, 'SIGHTLINE_DEBT_CONFIG'>): Promise<void> {
  try {
    const settings = await debtConfig(config);
    if (settings.edus.length > 0 || settings.targets.length > 0) console.log(`[sightline] debt: ${settings.edus.length} EDU(s), ${settings.targets.length} target(s)`);
  } catch (err) {
    if (!(err instanceof DebtConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
