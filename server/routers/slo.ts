import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getConfig } from '../config';
import { sloConfig } from '../slo/slo-config';
import type { SloDefinition } from '../slo/slo-definition';
import { getSlo, listSlos } from '../slo/slo-report';
import { timeRangeInput, withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';

/** SLO history is evaluated minute by minute; past this a chart would need another resolution. */
const MAX_HISTORY_DAYS = 35;

/** Both bounds optional: `to` defaults to now (the state as of now), `from` to a day before. */
const listInput = z
  .object({ from: z.union([z.number(), z.string()]).optional(), to: z.union([z.number(), z.string()]).optional() })
  .optional()
  .transform((v) => ({ from: v?.from ?? 'now-1d', to: v?.to ?? 'now' }))
  .pipe(timeRangeInput);

const getInput = withTimeRange({ id: z.string().trim().min(1, 'must not be empty').max(300, 'at most 300 characters') }).superRefine((v, ctx) => {
  if (v.to - v.from > MAX_HISTORY_DAYS * 86_400_000) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `SLO history covers at most ${MAX_HISTORY_DAYS} days; choose a shorter range` });
  }
});

export async function userSlos(): Promise<SloDefinition[]> {
  try {
    return (await sloConfig(getConfig())).definitions;
  } catch (err) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: err instanceof Error ? err.message : String(err), cause: err });
  }
}

export const sloRouter = router({
  list: storeProcedure.input(listInput).query(async ({ ctx, input }) => listSlos(ctx.store, await userSlos(), input)),
  get: storeProcedure.input(getInput).query(async ({ ctx, input }) => {
    const detail = await getSlo(ctx.store, await userSlos(), input.id, input);
    if (!detail) {
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: `No SLO "${input.id}": not in the SLO file, and not the default SLO of a service with SERVER spans in its window`,
      });
    }
    return detail;
  }),
});
