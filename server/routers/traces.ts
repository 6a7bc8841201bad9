import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { decodeCursor } from '../queries/span-cursor';
import { getTrace, searchSpans } from '../queries/traces';
import { withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';
import { nameFilter, traceIdSchema } from './names';

const searchInput = withTimeRange({
  service: nameFilter.optional(),
  operation: nameFilter.optional(),
  kind: z.enum(['Server', 'Client', 'Internal', 'Producer', 'Consumer', 'Unspecified']).optional(),
  peerService: nameFilter.optional(),
  region: nameFilter.optional(),
  az: nameFilter.optional(),
  version: nameFilter.optional(),
  minDurationMs: z.number().min(0).max(86_400_000).optional(),
  status: z.enum(['error', 'ok', 'any']).default('any'),
  traceId: traceIdSchema.optional(),
  rootOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).nullish(),
});

export const tracesRouter = router({
  search: storeProcedure.input(searchInput).query(({ ctx, input }) => {
    const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
    if (input.cursor && !cursor) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Invalid input: cursor: not a cursor returned by traces.search' });
    }
    return searchSpans(ctx.store, { ...input, cursor });
  }),
  get: storeProcedure.input(z.object({ traceId: traceIdSchema })).query(async ({ ctx, input }) => {
    const trace = await getTrace(ctx.store, input.traceId);
    if (!trace) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `Trace ${input.traceId} is not stored (unknown id, or older than the retention period)` });
    }
    return trace;
  }),
});
