import type { Document, LineCounter, YAMLError } from 'yaml';

function at(lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
}

/**
 * Where a validation issue is in a YAML file: the deepest node of `path` that exists (an unknown
 * key's parent, a missing key's map), as "line L, column C". Offsets are into the whole source,
 * so this works for every document of a multi-document file.
 */
export function yamlPathPosition(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): string {
  const keys = path.filter((k): k is string | number => typeof k === 'string' || typeof k === 'number');
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = doc.getIn(keys.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) return at(lines, offset);
  }
  const start = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
  return start === undefined ? 'line 1' : at(lines, start);
}

/** Where a YAML syntax error is; `prettyErrors: false` leaves `linePos` unset, so use `pos`. */
export function yamlErrorPosition(error: YAMLError, lines: LineCounter): string {
  return at(lines, error.pos[0]);
}
