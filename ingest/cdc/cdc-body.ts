import { HttpError } from '../http-error';
import { parseJsonExact, type ExactJson } from './json-exact';

/** One event of a request body, or why it could not be parsed; `line` is set for NDJSON. */
export type BodyItem = { index: number; line?: number } & ({ value: ExactJson } | { error: string });

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines']);

/** Validates the Content-Type and tells whether the body is NDJSON by declaration. */
export function cdcBodyKind(contentType: string | undefined): 'json' | 'ndjson' {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (NDJSON_TYPES.has(type)) return 'ndjson';
  if (type === '' || type === 'application/json') return 'json';
  throw new HttpError(
    415,
    `unsupported Content-Type "${type}": /v1/cdc takes Debezium JSON events (application/json: one event or an array) or NDJSON (application/x-ndjson); for Debezium Server use debezium.format.value=json`,
  );
}

function ndjsonItems(lines: string[]): BodyItem[] {
  const items: BodyItem[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const index = items.length;
    try {
      items.push({ index, line: i + 1, value: parseJsonExact(text) });
    } catch (err) {
      items.push({ index, line: i + 1, error: `invalid JSON on line ${i + 1}: ${(err as Error).message}` });
    }
  });
  return items;
}

function parsesAlone(line: string | undefined): boolean {
  try {
    return line !== undefined && line.trim() !== '' && (parseJsonExact(line), true);
  } catch {
    return false;
  }
}

/**
 * The events of a /v1/cdc body: one event, a JSON array of them (Debezium Server's batches), or
 * one event per line. A broken NDJSON line costs only that event; a body that is not JSON at
 * all is a 400 for the whole request.
 */
export function splitCdcBody(text: string, kind: 'json' | 'ndjson'): BodyItem[] {
  if (text.trim() === '') throw new HttpError(400, 'empty body: expected Debezium change events as JSON or NDJSON');
  if (kind === 'ndjson') return ndjsonItems(text.split('\n'));
  let value: ExactJson;
  try {
    value = parseJsonExact(text);
  } catch (err) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    // NDJSON sent as application/json: several lines that are each a JSON value on their own.
    if (lines.length > 1 && parsesAlone(lines[0])) return ndjsonItems(text.split('\n'));
    throw new HttpError(400, `invalid JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(value)) return value.map((v, index) => ({ index, value: v }));
  return [{ index: 0, value }];
}
