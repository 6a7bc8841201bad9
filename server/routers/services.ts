import { getService, listServices } from '../queries/services';
import { withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';
import { nameFilter } from './names';

export const servicesRouter = router({
  list: storeProcedure.input(withTimeRange({})).query(({ ctx, input }) => listServices(ctx.store, input)),
  get: storeProcedure
    .input(withTimeRange({ service: nameFilter, region: nameFilter.optional() }))
    .query(({ ctx, input }) => getService(ctx.store, input.service, input)),
});
