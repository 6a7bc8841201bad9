import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { actorOf } from '../ledger/actor';
import { appendAudit, auditRows, verifyAuditLog } from '../ledger/audit-log';
import { breakCursor, breakFilterShape } from '../ledger/break-filter';
import { breakDetail, commentOf } from '../ledger/break-detail';
import { getBreak, ledgerSummary, listBreaks, trialBalance } from '../ledger/ledger-queries';
import { ledgerMapping, reconcilerStatus, startLedgerReconciler } from '../ledger/reconciler-runner';
import { timeRangeInput, withTimeRange } from '../time-range';
import { router, storeProcedure } from '../trpc';

/** Reading a ledger starts this process's reconciler if the entry point has not. */
const ledgerProcedure = storeProcedure.use(({ ctx, next }) => {
  startLedgerReconciler(ctx.store);
  return next();
});

const rangeInput = z
  .object({ from: z.union([z.number(), z.string()]).optional(), to: z.union([z.number(), z.string()]).optional() })
  .optional()
  .transform((v) => ({ from: v?.from ?? 'now-1d', to: v?.to ?? 'now' }))
  .pipe(timeRangeInput);

const breakIdInput = z.string().trim().regex(/^[0-9a-f]{24}$/, 'a break id is 24 hexadecimal characters');

const reviewInput = z.object({
  id: breakIdInput,
  comment: z.string().trim().min(1, 'a comment is required').max(2000, 'at most 2000 characters'),
});

async function mapping() {
  try {
    return await ledgerMapping();
  } catch (err) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: err instanceof Error ? err.message : String(err), cause: err });
  }
}

function review(action: 'acknowledge' | 'resolve') {
  return ledgerProcedure.input(reviewInput).mutation(async ({ ctx, input }) => {
    const b = await getBreak(ctx.store, input.id);
    if (!b) throw new TRPCError({ code: 'NOT_FOUND', message: `No break ${input.id}` });
    const row = await appendAudit(ctx.store, {
      actor: actorOf(ctx),
      action,
      target: input.id,
      detail: { comment: input.comment, kind: b.kind, refType: b.refType, refId: b.refId, state: b.state },
    });
    return { seq: row.seq, atMs: row.atMs, actor: row.actor, action: row.action, hash: row.hash };
  });
}

export const ledgerRouter = router({
  summary: ledgerProcedure.input(rangeInput).query(async ({ ctx, input }) => {
    const summary = await ledgerSummary(ctx.store, input, (await mapping()).reconciliation.lagSlaMs);
    const status = reconcilerStatus();
    return {
      ...summary,
      reconciler: status ? { watermarkMs: status.last?.watermarkMs ?? null, lastPassMs: status.lastPassMs, lastError: status.lastError } : null,
    };
  }),
  breaks: ledgerProcedure
    .input(withTimeRange({ ...breakFilterShape, limit: z.number().int().min(1).max(500).default(50), cursor: breakCursor.optional() }))
    .query(async ({ ctx, input }) => {
      const { limit, cursor, ...filter } = input;
      return listBreaks(ctx.store, filter, { limit, ...(cursor ? { cursor } : {}) });
    }),
  break: ledgerProcedure.input(z.object({ id: breakIdInput })).query(async ({ ctx, input }) => {
    const detail = await breakDetail(ctx.store, await mapping(), input.id);
    if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: `No break ${input.id}` });
    return detail;
  }),
  trialBalance: ledgerProcedure.input(rangeInput).query(({ ctx, input }) => trialBalance(ctx.store, input.to)),
  acknowledge: review('acknowledge'),
  resolve: review('resolve'),
  audit: ledgerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(50), beforeSeq: z.number().int().min(1).optional() }).optional())
    .query(async ({ ctx, input }) => {
      const [rows, verdict] = await Promise.all([
        auditRows(ctx.store, { limit: input?.limit ?? 50, ...(input?.beforeSeq ? { beforeSeq: input.beforeSeq } : {}) }),
        verifyAuditLog(ctx.store),
      ]);
      return { rows: rows.map((r) => ({ ...r, comment: commentOf(r.detail) })), verdict };
    }),
});
