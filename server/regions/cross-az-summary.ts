import { ratio } from '../queries/run';

/** Calls of one edge between one pair of AZs. */
export interface AzPairCount {
  caller: string;
  callee: string;
  callerAz: string;
  calleeAz: string;
  callerRegion: string;
  calleeRegion: string;
  calls: number;
}

export interface CrossAzEdge {
  caller: string;
  /** The service of the child SERVER span (what actually answered), not the caller's peer.service. */
  callee: string;
  /** Calls whose client and server span both name an AZ. */
  calls: number;
  rps: number;
  crossAz: number;
  /** crossAz / calls. */
  share: number;
  /** Calls that also left the caller's region. */
  crossRegion: number;
  /** The busiest cross-AZ route of the edge, e.g. cn-east-1a → cn-east-1c. */
  topPair: { callerAz: string; calleeAz: string; calls: number } | null;
}

export interface CrossAzSummary {
  /** Highest share first, then busiest. */
  edges: CrossAzEdge[];
  totals: { calls: number; crossAz: number; share: number };
}

const pairLabel = (p: { callerAz: string; calleeAz: string }) => `${p.callerAz}\u0000${p.calleeAz}`;

/** Per-edge cross-AZ share from per-AZ-pair call counts over `seconds` of wall-clock time. */
export function summarizeCrossAz(pairs: readonly AzPairCount[], seconds: number): CrossAzSummary {
  const edges = new Map<string, CrossAzEdge>();
  for (const p of pairs) {
    const key = `${p.caller}\u0000${p.callee}`;
    const edge = edges.get(key) ?? { caller: p.caller, callee: p.callee, calls: 0, rps: 0, crossAz: 0, share: 0, crossRegion: 0, topPair: null };
    edge.calls += p.calls;
    if (p.callerRegion !== p.calleeRegion) edge.crossRegion += p.calls;
    if (p.callerAz !== p.calleeAz) {
      edge.crossAz += p.calls;
      const top = edge.topPair;
      if (!top || p.calls > top.calls || (p.calls === top.calls && pairLabel(p) < pairLabel(top))) {
        edge.topPair = { callerAz: p.callerAz, calleeAz: p.calleeAz, calls: p.calls };
      }
    }
    edges.set(key, edge);
  }
  const list = [...edges.values()].map((e) => ({ ...e, rps: e.calls / Math.max(seconds, 1), share: ratio(e.crossAz, e.calls) }));
  list.sort((a, b) => b.share - a.share || b.calls - a.calls || a.caller.localeCompare(b.caller) || a.callee.localeCompare(b.callee));
  const calls = list.reduce((n, e) => n + e.calls, 0);
  const crossAz = list.reduce((n, e) => n + e.crossAz, 0);
  return { edges: list, totals: { calls, crossAz, share: ratio(crossAz, calls) } };
}
