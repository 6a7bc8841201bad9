import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getConfig } from '../config';
import { getCircuit, listCircuits } from '../circuits/circuit-report';
import { circuitsConfig, type CircuitsConfig } from '../circuits/circuits-config';
import { withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';
import { nameFilter } from './names';

/** Breakers are replayed call by call in memory; six hours of a busy platform is millions of calls. */
const MAX_REPLAY_HOURS = 6;

function replayable<Shape extends Parameters<typeof withTimeRange>[0]>(shape: Shape) {
  return withTimeRange(shape).superRefine((v, ctx) => {
    const { from, to, latestHours } = v as unknown as { from: number; to: number; latestHours?: number };
    if (latestHours === undefined && to - from > MAX_REPLAY_HOURS * 3_600_000) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `circuit state is replayed over at most ${MAX_REPLAY_HOURS} hours of calls; choose a shorter range` });
    }
  });
}

async function userCircuits(): Promise<CircuitsConfig> {
  try {
    return await circuitsConfig(getConfig());
  } catch (err) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: err instanceof Error ? err.message : String(err), cause: err });
  }
}

export const circuitsRouter = router({
  list: storeProcedure
    // latestHours: replay only the end of a longer range (the overview, whatever range it shows).
    .input(replayable({ latestHours: z.number().int().min(1).max(MAX_REPLAY_HOURS).optional() }))
    .query(async ({ ctx, input }) => {
      const fromMs = input.latestHours ? Math.max(input.from, input.to - input.latestHours * 3_600_000) : input.from;
      return listCircuits(ctx.store, await userCircuits(), { fromMs, toMs: input.to });
    }),
  edge: storeProcedure.input(replayable({ caller: nameFilter, callee: nameFilter })).query(async ({ ctx, input }) => {
    const detail = await getCircuit(ctx.store, await userCircuits(), input, { fromMs: input.from, toMs: input.to });
    if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: `No calls from ${input.caller} to ${input.callee} in this time range` });
    return detail;
  }),
});
