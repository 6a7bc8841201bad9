import { badColumnOf, type BadColumn } from '../slo/rollup-counts';
import { defaultSlos, describeSli, type SloDefinition } from '../slo/slo-definition';

/** The SLO a service's "SLO burn" heatmap cells are measured against. */
export interface BurnSlo {
  service: string;
  sloId: string;
  objective: number;
  /** "availability", "latency ≤ 300 ms": which requests count as bad. */
  sli: string;
  bad: BadColumn;
  route?: string;
}

/**
 * A service's availability SLO, `<service>-availability`: the one in sightline.slo.yaml when the
 * file defines that id (its objective, SLI and route), else the default 99.9 %. Per-region burn is
 * event-weighted over the chosen range whatever the SLO's budgeting method, because a region's
 * share of a minute has no slice of its own.
 */
export function burnSloOf(service: string, user: readonly SloDefinition[]): BurnSlo {
  const id = `${service}-availability`;
  const [availability] = defaultSlos(service);
  // A file SLO only replaces the default when it is about this service's requests.
  const def = user.find((d) => d.id === id && d.service === service) ?? availability;
  if (!def) throw new Error(`no default availability SLO for ${service}`);
  return {
    service,
    sloId: def.id,
    objective: def.objective,
    sli: describeSli(def.sli),
    bad: badColumnOf(def.sli),
    ...(def.route === undefined ? {} : { route: def.route }),
  };
}
