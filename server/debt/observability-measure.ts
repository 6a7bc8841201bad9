import type { Store } from '../../clickhouse/client';
import { num, queryRows } from '../queries/run';
import { observabilityMeasure, type ObservabilityMeasure } from './debt-index';
import { floorMinute } from '../time-range';
import { ORPHANS_BY_SERVICE, orphansSettledUntil } from './orphan-minutes';
import { ROLLUP_MINUTES } from './span-quality-sql';

interface QualityRow {
  Service: string;
  spans: number | string;
  missing: number | string;
  server: number | string;
  errors: number | string;
  bare: number | string;
}

/**
 * Each service's observability measure over the whole minutes of [from, to): span counts from
 * span_quality_1m, orphans from span_orphans_1m for the settled minutes and from raw spans for
 * the rest (the last hour or so), so the cost stays that of an hour of spans whatever the window.
 */
export async function observabilityByService(store: Store, fromMs: number, toMs: number): Promise<Map<string, ObservabilityMeasure | null>> {
  const from = floorMinute(fromMs);
  const to = floorMinute(toMs);
  const settled = Math.min(Math.max((await orphansSettledUntil(store)) ?? from, from), to);
  const [quality, stored, live] = await Promise.all([
    queryRows<QualityRow>(
      store,
      `SELECT ServiceName AS Service, sum(Spans) AS spans, sum(MissingAttributes) AS missing, sum(ServerSpans) AS server,
              sum(ErrorSpans) AS errors, sum(BareErrors) AS bare
       FROM span_quality_1m WHERE ${ROLLUP_MINUTES} GROUP BY ServiceName`,
      { from, to },
    ),
    settled > from
      ? queryRows<{ Service: string; orphans: number | string }>(
          store,
          `SELECT ServiceName AS Service, sum(Orphans) AS orphans FROM span_orphans_1m
           WHERE ServiceName != '' AND ${ROLLUP_MINUTES} GROUP BY ServiceName`,
          { from, to: settled },
        )
      : [],
    settled < to ? queryRows<{ Service: string; orphans: number | string }>(store, ORPHANS_BY_SERVICE, { from: settled, to }) : [],
  ]);
  const orphans = new Map<string, number>();
  for (const r of [...stored, ...live]) orphans.set(r.Service, (orphans.get(r.Service) ?? 0) + num(r.orphans));
  return new Map(
    quality.map((r) => [
      r.Service,
      observabilityMeasure({
        spans: num(r.spans),
        missingAttributes: num(r.missing),
        serverSpans: num(r.server),
        orphans: orphans.get(r.Service) ?? 0,
        errorSpans: num(r.errors),
        bareErrors: num(r.bare),
      }),
    ]),
  );
}
