import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { reconciliationFileSchema, resolveReconcileOptions, type ReconcileOptions } from './ledger/reconcile-options';
import { LEDGER_TABLES, LEDGER_TABLE_NAMES, type LedgerTableName } from './ledger-tables';
import { yamlErrorPosition, yamlPathPosition } from './yaml-position';

export const DEFAULT_LEDGER_CONFIG = 'sightline.ledger.yaml';

/** Where one ledger table lives in the source database and what its columns are called there. */
export interface LedgerTableMapping {
  ledger: LedgerTableName;
  schema: string;
  table: string;
  primaryKey: string[];
  /** Canonical column → source column. */
  columns: Record<string, string>;
  /** Source columns holding money: decoded exactly, and refused when sent as floats. */
  money: string[];
}

export interface LedgerMapping {
  /** The source database: Debezium's `source.db`, and the database SIGHTLINE_PG_URL must name. */
  database: string;
  tables: LedgerTableMapping[];
  /** Names the WAL source gives the publication and the logical replication slot it creates. */
  wal: { publication: string; slot: string };
  /** Grace periods and SLA of the reconciliation rules. */
  reconciliation: ReconcileOptions;
  /** The file the mapping was read from, if any. */
  file?: string;
}

export class LedgerConfigError extends Error {}

// Plain Postgres identifiers keep the generated publication DDL free of quoting surprises.
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, 'a plain Postgres identifier (letters, digits, _ or $, at most 63 characters)');
const slotName = z.string().regex(/^[a-z0-9_]{1,63}$/, 'lower-case letters, digits and _ (at most 63 characters), as Postgres requires for slot names');

function tableSchema(ledger: LedgerTableName) {
  const canonical = Object.keys(LEDGER_TABLES[ledger]);
  return z.strictObject({
    schema: identifier.optional(),
    table: identifier.optional(),
    primaryKey: z.array(identifier).min(1).optional(),
    columns: z
      .record(z.string(), identifier)
      .superRefine((columns, ctx) => {
        for (const key of Object.keys(columns)) {
          if (!canonical.includes(key)) {
            ctx.addIssue({ code: 'custom', path: [key], message: `unknown ${ledger} column "${key}"; expected one of ${canonical.join(', ')}` });
          }
        }
      })
      .optional(),
    money: z.array(identifier).optional(),
  });
}

const fileSchema = z.strictObject({
  database: identifier.optional(),
  schema: identifier.optional(),
  wal: z.strictObject({ publication: identifier.optional(), slot: slotName.optional() }).optional(),
  reconciliation: reconciliationFileSchema.optional(),
  tables: z
    .strictObject(Object.fromEntries(LEDGER_TABLE_NAMES.map((t) => [t, tableSchema(t).optional()])) as {
      [K in LedgerTableName]: z.ZodOptional<ReturnType<typeof tableSchema>>;
    })
    .optional(),
});

type LedgerFile = z.infer<typeof fileSchema>;

/** SPEC §5.5's payment database unless a file says otherwise. */
export function resolveLedgerMapping(file: LedgerFile = {}, source?: string): LedgerMapping {
  const schema = file.schema ?? 'public';
  const tables = LEDGER_TABLE_NAMES.map((ledger): LedgerTableMapping => {
    const given = file.tables?.[ledger] ?? {};
    const columns: Record<string, string> = {};
    for (const name of Object.keys(LEDGER_TABLES[ledger])) columns[name] = given.columns?.[name] ?? name;
    return {
      ledger,
      schema: given.schema ?? schema,
      table: given.table ?? ledger,
      primaryKey: given.primaryKey ?? [columns.id!],
      columns,
      money: given.money ?? [columns.amount!],
    };
  });
  const seen = new Map<string, LedgerTableName>();
  for (const t of tables) {
    const key = `${t.schema}.${t.table}`;
    const other = seen.get(key);
    if (other) throw new LedgerConfigError(`${source ?? 'ledger mapping'}: tables ${other} and ${t.ledger} both map to ${key}`);
    seen.set(key, t.ledger);
  }
  return {
    database: file.database ?? 'pay',
    tables,
    wal: { publication: file.wal?.publication ?? 'sightline_ledger', slot: file.wal?.slot ?? 'sightline_ledger' },
    reconciliation: resolveReconcileOptions(file.reconciliation),
    file: source,
  };
}

/** Parses the YAML text of a ledger mapping; errors name the file, the line and the problem. */
export function parseLedgerMapping(text: string, file: string): LedgerMapping {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw new LedgerConfigError(`${file}: ${yamlErrorPosition(syntax, lines)}: invalid YAML: ${syntax.message}`);
  const parsed = fileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${file}: ${yamlPathPosition(doc, lines, issue.path)}: ${where}${issue.message}`;
    });
    throw new LedgerConfigError(`Invalid ledger mapping:\n  ${problems.join('\n  ')}`);
  }
  return resolveLedgerMapping(parsed.data, file);
}

/**
 * Reads the mapping from `configuredPath` (SIGHTLINE_LEDGER_CONFIG), else from
 * ./sightline.ledger.yaml when present, else uses the defaults. A file named explicitly must exist.
 */
export async function loadLedgerMapping(configuredPath?: string, cwd = process.cwd()): Promise<LedgerMapping> {
  const file = path.resolve(cwd, configuredPath ?? DEFAULT_LEDGER_CONFIG);
  let text: string;
  try {
    text = await readFile(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !configuredPath) return resolveLedgerMapping();
    throw new LedgerConfigError(`${file}: cannot read the ledger mapping (${code ?? (err as Error).message})`);
  }
  return parseLedgerMapping(text, file);
}

export function findLedgerTable(mapping: LedgerMapping, db: string, schema: string, table: string): LedgerTableMapping | undefined {
  if (db !== mapping.database) return undefined;
  return mapping.tables.find((t) => t.schema === schema && t.table === table);
}
