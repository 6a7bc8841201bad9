import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Config } from '../config';
import { yamlErrorPosition, yamlPathPosition } from '../yaml-position';
import { definitionsFrom, openSloDocument } from './openslo-schema';
import type { SloDefinition } from './slo-definition';

export const DEFAULT_SLO_CONFIG = 'sightline.slo.yaml';

export class SloConfigError extends Error {}

export interface SloConfig {
  /** The file the SLOs were read from; undefined when there is none (defaults only). */
  file?: string;
  definitions: SloDefinition[];
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/**
 * Parses every YAML document of an SLO file. Errors name the file, the line and column, the
 * field and the problem; every document's problems are listed together (a document that fails
 * the schema is not checked further).
 */
export function parseSloConfig(text: string, file: string): SloConfig {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const documents: Document[] = Array.isArray(docs) ? docs : [];
  const problems: string[] = [];
  const definitions: SloDefinition[] = [];
  const seen = new Map<string, string>();
  for (const doc of documents) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push(`${file}: ${yamlErrorPosition(e, lines)}: invalid YAML: ${e.message}`);
      continue;
    }
    // An empty document (a trailing `---`, a file of comments) defines nothing.
    const value: unknown = doc.toJS();
    if (value === null || value === undefined || !doc.contents) continue;
    const position = (p: PropertyKey[]) => `${file}: ${yamlPathPosition(doc, lines, p)}`;
    const parsed = openSloDocument.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${position(issue.path)}: ${describeIssue(issue)}`);
      continue;
    }
    const line = lines.linePos((doc.contents.range ?? [0])[0]).line;
    const result = definitionsFrom(parsed.data, { kind: 'file', file, line });
    for (const issue of result.issues) problems.push(`${position(issue.path)}: ${describeIssue(issue)}`);
    for (const d of result.definitions) {
      const first = seen.get(d.id);
      if (first) problems.push(`${position(['metadata', 'name'])}: metadata.name: SLO id "${d.id}" is already defined at ${first}`);
      else seen.set(d.id, yamlPathPosition(doc, lines, ['metadata', 'name']));
      definitions.push(d);
    }
  }
  if (problems.length > 0) throw new SloConfigError(`Invalid SLO configuration:\n  ${problems.join('\n  ')}`);
  return { file, definitions };
}

/**
 * Reads `configuredPath` (SIGHTLINE_SLO_CONFIG), else ./sightline.slo.yaml when present, else
 * no user SLOs. A file named explicitly must exist.
 */
export async function loadSloConfig(configuredPath?: string, cwd = process.cwd()): Promise<SloConfig> {
  const file = path.resolve(cwd, configuredPath ?? DEFAULT_SLO_CONFIG);
  let text: string;
  try {
    // The file is the user's, read at run time: not part of the build's traced output.
    text = await readFile(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !configuredPath) return { definitions: [] };
    throw new SloConfigError(`${file}: cannot read the SLO configuration (${code ?? (err as Error).message})`);
  }
  return parseSloConfig(text, file);
}

// Next bundles server modules more than once; the file is read once per process.
const g = globalThis as unknown as { __sightlineSloConfig?: Promise<SloConfig> };

/** The process-wide SLO configuration, read on first use (or at start by loadSloConfigOrExit). */
export function sloConfig(config: Pick<Config, 'SIGHTLINE_SLO_CONFIG'>): Promise<SloConfig> {
  g.__sightlineSloConfig ??= loadSloConfig(config.SIGHTLINE_SLO_CONFIG);
  return g.__sightlineSloConfig;
}

/** Validates the SLO file at start; a bad file stops the process with the problems listed. */
export async function loadSloConfigOrExit(config: Pick<Config, 'SIGHTLINE_SLO_CONFIG'>): Promise<void> {
  try {
    const { file, definitions } = await sloConfig(config);
    if (file) console.log(`[sightline] ${definitions.length} SLO(s) from ${file}`);
  } catch (err) {
    if (!(err instanceof SloConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
