import { ratio } from '../queries/run';

/** Requests carrying one unit id, served in one region. */
export interface UnitRouteCount {
  unit: string;
  /** The region whose resources report this unit (`sightline.unit`); '' when none in the range does. */
  home: string;
  served: string;
  requests: number;
}

export interface UnitViolationPair {
  unit: string;
  home: string;
  served: string;
  requests: number;
  /** Share of this unit's requests that were served here. */
  share: number;
}

export interface UnitSummary {
  /** Requests that carry a unit id. */
  requests: number;
  /** Served in a region other than their unit's. */
  violations: number;
  share: number;
  /** Unit ids no resource in the range reports, so their region is unknown. */
  unknownUnitRequests: number;
  /** Per unit: its requests, violations and home region. */
  units: Array<{ unit: string; home: string; requests: number; violations: number; share: number }>;
  /** Most violations first. */
  pairs: UnitViolationPair[];
}

/** Requests served outside their unit's region (SPEC §5.4), from per-route counts. */
export function summarizeUnits(routes: readonly UnitRouteCount[]): UnitSummary {
  const units = new Map<string, { unit: string; home: string; requests: number; violations: number; share: number }>();
  const pairs: UnitViolationPair[] = [];
  let requests = 0;
  let violations = 0;
  let unknownUnitRequests = 0;
  for (const r of routes) {
    requests += r.requests;
    const u = units.get(r.unit) ?? { unit: r.unit, home: r.home, requests: 0, violations: 0, share: 0 };
    u.requests += r.requests;
    if (r.home === '') unknownUnitRequests += r.requests;
    else if (r.home !== r.served) {
      u.violations += r.requests;
      violations += r.requests;
      pairs.push({ unit: r.unit, home: r.home, served: r.served, requests: r.requests, share: 0 });
    }
    units.set(r.unit, u);
  }
  for (const p of pairs) p.share = ratio(p.requests, units.get(p.unit)?.requests ?? 0);
  pairs.sort((a, b) => b.requests - a.requests || a.unit.localeCompare(b.unit) || a.served.localeCompare(b.served));
  return {
    requests,
    violations,
    share: ratio(violations, requests),
    unknownUnitRequests,
    units: [...units.values()].map((u) => ({ ...u, share: ratio(u.violations, u.requests) })).sort((a, b) => a.unit.localeCompare(b.unit)),
    pairs,
  };
}
