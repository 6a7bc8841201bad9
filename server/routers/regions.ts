import { z } from 'zod';
import { azTimeline, regionHeatmap } from '../queries/regions-heatmap';
import { crossAzEdges } from '../queries/regions-cross-az';
import { unitViolations } from '../queries/regions-units';
import { burnSloOf } from '../regions/burn-slo';
import { HEATMAP_METRICS } from '../regions/heatmap-metric';
import { withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';
import { nameFilter } from './names';
import { userSlos } from './slo';

/** Cross-AZ and unit routing join span-level rows (span_hops), not the rollup; this bounds their cost. */
const MAX_SPAN_DAYS = 7;

const metric = z.enum(HEATMAP_METRICS, { message: `must be one of ${HEATMAP_METRICS.join(', ')}` }).default('p95');

const spanRangeInput = withTimeRange({}).superRefine((v, ctx) => {
  if (v.to - v.from > MAX_SPAN_DAYS * 86_400_000) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `cross-AZ and unit routing are computed per span and cover at most ${MAX_SPAN_DAYS} days; choose a shorter range` });
  }
});

export const regionsRouter = router({
  heatmap: storeProcedure.input(withTimeRange({ metric })).query(async ({ ctx, input }) => {
    const user = await userSlos();
    return regionHeatmap(ctx.store, input, input.metric, (services) => new Map(services.map((s) => [s, burnSloOf(s, user)])));
  }),
  azTimeline: storeProcedure
    .input(withTimeRange({ service: nameFilter, metric }))
    .query(async ({ ctx, input }) => azTimeline(ctx.store, input.service, input, input.metric, burnSloOf(input.service, await userSlos()))),
  crossAz: storeProcedure.input(spanRangeInput).query(({ ctx, input }) => crossAzEdges(ctx.store, input)),
  unitViolations: storeProcedure.input(spanRangeInput).query(({ ctx, input }) => unitViolations(ctx.store, input)),
});
