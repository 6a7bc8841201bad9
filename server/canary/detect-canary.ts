import { compareVersions } from './version-order';

/** SERVER traffic of one service version (and whether it was marked deployment.role=canary) in the window. */
export interface VersionTraffic {
  service: string;
  version: string;
  canaryMarked: boolean;
  requests: number;
}

export interface CanaryPair {
  service: string;
  baselineVersion: string;
  canaryVersion: string;
  /** How the canary was recognised. */
  detectedBy: 'deployment.role' | 'minority-newer-version';
  /** Whether the canary side is the spans marked deployment.role=canary. */
  canaryMarked: boolean;
}

/**
 * SPEC §5.3: a service is in canary when two versions serve in the window and one is marked
 * deployment.role=canary, or, without marks, the newer version has the minority of the traffic.
 * The baseline is the busiest unmarked version other than the canary's. Spans without a version
 * cannot be told apart and are ignored.
 */
export function detectCanaries(traffic: readonly VersionTraffic[]): CanaryPair[] {
  const byService = new Map<string, VersionTraffic[]>();
  for (const t of traffic) {
    if (t.version === '' || t.requests <= 0) continue;
    byService.set(t.service, [...(byService.get(t.service) ?? []), t]);
  }
  const pairs: CanaryPair[] = [];
  for (const [service, rows] of byService) {
    const busiest = (list: VersionTraffic[]) => [...list].sort((a, b) => b.requests - a.requests || compareVersions(b.version, a.version))[0];
    const marked = busiest(rows.filter((r) => r.canaryMarked));
    if (marked) {
      const baseline = busiest(rows.filter((r) => !r.canaryMarked && r.version !== marked.version));
      if (baseline) pairs.push({ service, baselineVersion: baseline.version, canaryVersion: marked.version, detectedBy: 'deployment.role', canaryMarked: true });
      continue;
    }
    const perVersion = new Map<string, number>();
    for (const r of rows) perVersion.set(r.version, (perVersion.get(r.version) ?? 0) + r.requests);
    const top = [...perVersion].sort((a, b) => b[1] - a[1] || compareVersions(b[0], a[0])).slice(0, 2);
    if (top.length < 2) continue;
    const [[major], [minor]] = top as [[string, number], [string, number]];
    // The newer version with the larger share is a finished rollout with the old one draining.
    if (compareVersions(minor, major) > 0 && perVersion.get(minor)! < perVersion.get(major)!) {
      pairs.push({ service, baselineVersion: major, canaryVersion: minor, detectedBy: 'minority-newer-version', canaryMarked: false });
    }
  }
  return pairs.sort((a, b) => a.service.localeCompare(b.service));
}
