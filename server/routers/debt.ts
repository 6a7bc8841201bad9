import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getConfig } from '../config';
import { debtConfig } from '../debt/debt-config';
import { debtEdus, debtScores, debtService, debtSummary, debtTrend } from '../debt/debt-api';
import type { DebtSettings } from '../debt/debt-config-schema';
import { timeRangeInput, withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';
import { nameFilter } from './names';

/** Trends are read from one snapshot per day; past this a first view would compute too many. */
const MAX_TREND_DAYS = 120;

const rangeFields = { from: z.union([z.number(), z.string()]).optional(), to: z.union([z.number(), z.string()]).optional() };

/** Both bounds optional: `to` (the "as of" of the scores) defaults to now. */
const listInput = z
  .object(rangeFields)
  .optional()
  .transform((v) => ({ from: v?.from ?? 'now-1d', to: v?.to ?? 'now' }))
  .pipe(timeRangeInput);

const serviceInput = z
  .object({ ...rangeFields, service: nameFilter })
  .transform((v) => ({ service: v.service, from: v.from ?? 'now-1d', to: v.to ?? 'now' }))
  .pipe(withTimeRange({ service: nameFilter }));

const trendInput = z
  .object({ ...rangeFields, service: nameFilter.optional() })
  .optional()
  .transform((v) => ({ ...(v?.service ? { service: v.service } : {}), from: v?.from ?? 'now-30d', to: v?.to ?? 'now' }))
  .pipe(
    withTimeRange({ service: nameFilter.optional() }).superRefine((v, ctx) => {
      if (v.to - v.from > MAX_TREND_DAYS * 86_400_000) {
        ctx.addIssue({ code: 'custom', path: ['from'], message: `the debt trend covers at most ${MAX_TREND_DAYS} days; choose a shorter range` });
      }
    }),
  );

async function settings(): Promise<DebtSettings> {
  try {
    return await debtConfig(getConfig());
  } catch (err) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: err instanceof Error ? err.message : String(err), cause: err });
  }
}

export const debtRouter = router({
  scores: storeProcedure.input(listInput).query(async ({ ctx, input }) => debtScores(ctx.store, await settings(), input)),
  summary: storeProcedure.input(listInput).query(async ({ ctx, input }) => debtSummary(ctx.store, await settings(), input)),
  service: storeProcedure.input(serviceInput).query(async ({ ctx, input }) => {
    const detail = await debtService(ctx.store, await settings(), input.service, input);
    if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: `No debt data for service "${input.service}": no reports and no spans in the 24 hours before the range's end` });
    return detail;
  }),
  trend: storeProcedure.input(trendInput).query(async ({ ctx, input }) => debtTrend(ctx.store, await settings(), input, input.service)),
  edus: storeProcedure.input(listInput).query(async ({ ctx, input }) => debtEdus(ctx.store, await settings(), input)),
});
