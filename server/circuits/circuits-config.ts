import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Config } from '../config';
import { yamlErrorPosition, yamlPathPosition } from '../yaml-position';
import { breakerSettings, presetDefaults, type BreakerSettings } from './breaker-settings';
import type { EdgeKey } from './edge-calls-query';

export const DEFAULT_CIRCUITS_CONFIG = 'sightline.circuits.yaml';

export class CircuitsConfigError extends Error {}

const serviceName = z.string().trim().min(1, 'must not be empty').max(256, 'at most 256 characters');

const circuitsFile = z
  .object({
    /** The breaker of every edge not listed under `edges`. */
    default: breakerSettings.optional(),
    edges: z.array(z.object({ caller: serviceName, callee: serviceName, breaker: breakerSettings }).strict()).default([]),
  })
  .strict();

export interface CircuitsConfig {
  /** The file the settings came from; undefined when there is none (Hystrix defaults everywhere). */
  file?: string;
  fallback: BreakerSettings;
  edges: Map<string, BreakerSettings>;
}

const edgeId = (e: EdgeKey): string => `${e.caller}\u0000${e.callee}`;

/** The breaker that applies to an edge. */
export function settingsFor(config: CircuitsConfig, edge: EdgeKey): BreakerSettings {
  return config.edges.get(edgeId(edge)) ?? config.fallback;
}

export const DEFAULT_CIRCUITS: CircuitsConfig = { fallback: presetDefaults('hystrix'), edges: new Map() };

/** Parses a circuits file; every problem is reported with its file, line and column. */
export function parseCircuitsConfig(text: string, file: string): CircuitsConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => `${file}: ${yamlErrorPosition(e, lines)}: invalid YAML: ${e.message}`);
    throw new CircuitsConfigError(`Invalid circuits configuration:\n  ${problems.join('\n  ')}`);
  }
  const position = (p: readonly PropertyKey[]) => `${file}: ${yamlPathPosition(doc, lines, p)}`;
  const parsed = circuitsFile.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${position(i.path)}: ${i.path.length > 0 ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`);
    throw new CircuitsConfigError(`Invalid circuits configuration:\n  ${problems.join('\n  ')}`);
  }
  const edges = new Map<string, BreakerSettings>();
  const problems: string[] = [];
  parsed.data.edges.forEach((e, i) => {
    const id = edgeId(e);
    if (edges.has(id)) problems.push(`${position(['edges', i])}: edges.${i}: ${e.caller} → ${e.callee} is listed twice`);
    edges.set(id, e.breaker);
  });
  if (problems.length > 0) throw new CircuitsConfigError(`Invalid circuits configuration:\n  ${problems.join('\n  ')}`);
  return { file, fallback: parsed.data.default ?? presetDefaults('hystrix'), edges };
}

/** Reads `configuredPath` (SIGHTLINE_CIRCUITS_CONFIG), else ./sightline.circuits.yaml when present. */
export async function loadCircuitsConfig(configuredPath?: string, cwd = process.cwd()): Promise<CircuitsConfig> {
  const file = path.resolve(cwd, configuredPath ?? DEFAULT_CIRCUITS_CONFIG);
  let text: string;
  try {
    // The file is the user's, read at run time: not part of the build's traced output.
    text = await readFile(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !configuredPath) return DEFAULT_CIRCUITS;
    throw new CircuitsConfigError(`${file}: cannot read the circuits configuration (${code ?? (err as Error).message})`);
  }
  return parseCircuitsConfig(text, file);
}

// Next bundles server modules more than once; the file is read once per process.
const g = globalThis as unknown as { __sightlineCircuitsConfig?: Promise<CircuitsConfig> };

/** The process-wide circuits configuration, read on first use (or at start by loadCircuitsConfigOrExit). */
export function circuitsConfig(config: Pick<Config, 'SIGHTLINE_CIRCUITS_CONFIG'>): Promise<CircuitsConfig> {
  g.__sightlineCircuitsConfig ??= loadCircuitsConfig(config.SIGHTLINE_CIRCUITS_CONFIG);
  return g.__sightlineCircuitsConfig;
}

/**
 * Validates the circuits file at start, so a mistake stops the process with its file, line and
 * problem instead of surfacing only when /circuits is first opened.
 */
export async function loadCircuitsConfigOrExit(config: Pick<Config, 'SIGHTLINE_CIRCUITS_CONFIG'>): Promise<void> {
  try {
    const { file, edges } = await circuitsConfig(config);
    if (file) console.log(`[sightline] circuit breakers from ${file} (${edges.size} edge override(s))`);
  } catch (err) {
    if (!(err instanceof CircuitsConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
