/** A service map for the chart wrapper: plain data, positions computed here, no ECharts types. */

export type EdgeState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface GraphNode {
  id: string;
  /** Layer (column) and row, from layeredLayout. */
  x: number;
  y: number;
  /** Requests per second into the service over its edges (0 for pure callers). */
  rps: number;
  /** The worst state of the edges into it: a callee behind an OPEN breaker is marked. */
  worst: EdgeState | null;
}

export interface GraphEdge {
  /** `caller→callee`, what a click reports. */
  id: string;
  source: string;
  target: string;
  state: EdgeState;
  errorRate: number;
  rps: number;
}

export interface GraphSpec {
  kind: 'graph';
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Callers left of callees: a service's column is the length of the longest call chain that
 * reaches it (a cycle is cut at the call that closes it), rows in name order, so the picture
 * stays put as the numbers refresh, unlike a force layout.
 */
export function layeredLayout(edges: ReadonlyArray<{ source: string; target: string }>): Map<string, { x: number; y: number }> {
  const names = [...new Set(edges.flatMap((e) => [e.source, e.target]))].sort();
  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of edges) if (e.source !== e.target) out.get(e.source)!.push(e.target);
  for (const list of out.values()) list.sort();
  // Depth-first from every node in name order: calls back into the current path close a cycle.
  const kept: Array<[string, string]> = [];
  const state = new Map<string, 'active' | 'done'>();
  const visit = (node: string) => {
    state.set(node, 'active');
    for (const next of out.get(node)!) {
      if (state.get(next) === 'active') continue;
      kept.push([node, next]);
      if (!state.has(next)) visit(next);
    }
    state.set(node, 'done');
  };
  const targets = new Set(edges.map((e) => e.target));
  for (const n of [...names.filter((n) => !targets.has(n)), ...names]) if (!state.has(n)) visit(n);
  // Longest path over the acyclic rest, in topological order.
  const indegree = new Map<string, number>(names.map((n) => [n, 0]));
  for (const [, to] of kept) indegree.set(to, indegree.get(to)! + 1);
  const depth = new Map<string, number>(names.map((n) => [n, 0]));
  const queue = names.filter((n) => indegree.get(n) === 0);
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const [from, to] of kept) {
      if (from !== node) continue;
      depth.set(to, Math.max(depth.get(to)!, depth.get(node)! + 1));
      indegree.set(to, indegree.get(to)! - 1);
      if (indegree.get(to) === 0) queue.push(to);
    }
  }
  const rows = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of names) {
    const x = depth.get(n)!;
    const y = rows.get(x) ?? 0;
    rows.set(x, y + 1);
    pos.set(n, { x, y });
  }
  return pos;
}

const RANK: Record<EdgeState, number> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };

/** The map of the given edges. */
export function graphSpec(edges: GraphEdge[]): GraphSpec {
  const pos = layeredLayout(edges);
  const nodes: GraphNode[] = [...pos.entries()].map(([id, p]) => {
    const incoming = edges.filter((e) => e.target === id);
    const worst = incoming.reduce<EdgeState | null>((w, e) => (w === null || RANK[e.state] > RANK[w] ? e.state : w), null);
    return { id, x: p.x, y: p.y, rps: incoming.reduce((s, e) => s + e.rps, 0), worst };
  });
  return { kind: 'graph', nodes, edges };
}
