export interface LayoutSpan {
  spanId: string;
  parentSpanId: string;
  offsetMs: number;
}

export interface WaterfallRow<S extends LayoutSpan> {
  span: S;
  depth: number;
  hasChildren: boolean;
  /** The span names a parent that is not in the trace (lost span or broken propagation). */
  orphan: boolean;
}

/**
 * Orders spans as a tree walk: each span followed by its children by start time, indented by
 * depth. Spans whose parent is missing start their own subtree at depth 0, so nothing is hidden.
 * Iterative, and each span is visited once, so deep or cyclic parent links cannot hang the page.
 */
export function layoutWaterfall<S extends LayoutSpan>(spans: S[], collapsed: ReadonlySet<string> = new Set()): WaterfallRow<S>[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, S[]>();
  const roots: S[] = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else {
      roots.push(s);
    }
  }
  // Spans only reachable through a parent cycle become roots of their own, so none is dropped.
  const reachable = new Set<string>();
  const markFrom = (start: S) => {
    const walk = [start];
    for (let s = walk.pop(); s; s = walk.pop()) {
      if (reachable.has(s.spanId)) continue;
      reachable.add(s.spanId);
      walk.push(...(children.get(s.spanId) ?? []));
    }
  };
  roots.forEach(markFrom);
  const cycleRoots = new Set<string>();
  for (const s of spans) {
    if (reachable.has(s.spanId)) continue;
    cycleRoots.add(s.spanId);
    roots.push(s);
    markFrom(s);
  }

  const byStart = (a: S, b: S) => a.offsetMs - b.offsetMs || a.spanId.localeCompare(b.spanId);
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  const rows: WaterfallRow<S>[] = [];
  const visited = new Set<string>();
  const stack: Array<{ span: S; depth: number }> = roots.map((span) => ({ span, depth: 0 })).reverse();
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { span, depth } = item;
    if (visited.has(span.spanId)) continue;
    visited.add(span.spanId);
    const kids = (children.get(span.spanId) ?? []).filter((k) => !cycleRoots.has(k.spanId));
    const orphan =
      span.parentSpanId !== '' && (!byId.has(span.parentSpanId) || span.parentSpanId === span.spanId || cycleRoots.has(span.spanId));
    rows.push({ span, depth, hasChildren: kids.length > 0, orphan });
    if (collapsed.has(span.spanId)) continue;
    for (const kid of [...kids].reverse()) stack.push({ span: kid, depth: depth + 1 });
  }
  return rows;
}

/** Series colours for services in a stable order; vermillion stays reserved for errors. */
const SERVICE_COLOURS = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-7'];

export function serviceColours(services: string[]): Map<string, string> {
  return new Map([...services].sort().map((s, i) => [s, `var(${SERVICE_COLOURS[i % SERVICE_COLOURS.length]})`]));
}
