import { healthStatus } from '../queries/health';
import { router, storeProcedure } from '../trpc';

export const healthRouter = router({
  status: storeProcedure.query(({ ctx }) => healthStatus(ctx.store)),
});
