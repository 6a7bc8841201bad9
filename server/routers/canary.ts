import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getConfig } from '../config';
import { canaryConfig } from '../canary/canary-config';
import type { CanarySettings } from '../canary/canary-settings';
import { getCanary, listCanaries } from '../canary/canary-report';
import { timeRangeInput, withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';
import { nameFilter } from './names';

/** Canary comparison reads raw spans for its samples; past a week a canary is a release. */
const MAX_CANARY_DAYS = 7;

const tooLong = (v: { from: number; to: number }, ctx: z.RefinementCtx) => {
  if (v.to - v.from > MAX_CANARY_DAYS * 86_400_000) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `canary analysis covers at most ${MAX_CANARY_DAYS} days; choose a shorter range` });
  }
};

/** Both bounds optional: `to` defaults to now, `from` to an hour before (a canary's usual bake time). */
const listInput = z
  .object({ from: z.union([z.number(), z.string()]).optional(), to: z.union([z.number(), z.string()]).optional() })
  .optional()
  .transform((v) => ({ from: v?.from ?? 'now-1h', to: v?.to ?? 'now' }))
  .pipe(timeRangeInput)
  .superRefine(tooLong);

const getInput = withTimeRange({ service: nameFilter }).superRefine(tooLong);

async function settings(): Promise<CanarySettings> {
  try {
    return (await canaryConfig(getConfig())).settings;
  } catch (err) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: err instanceof Error ? err.message : String(err), cause: err });
  }
}

export const canaryRouter = router({
  list: storeProcedure.input(listInput).query(async ({ ctx, input }) => listCanaries(ctx.store, await settings(), input)),
  get: storeProcedure.input(getInput).query(async ({ ctx, input }) => {
    const detail = await getCanary(ctx.store, await settings(), input.service, input);
    if (!detail) {
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: `${input.service} is not in canary in this range: no second version served SERVER requests alongside the baseline (marked deployment.role=canary, or a newer version with the minority of traffic)`,
      });
    }
    return detail;
  }),
});
