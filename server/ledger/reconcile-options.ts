import { z } from 'zod';

/** The time limits the rules judge against; SPEC §5.5's defaults, overridable in sightline.ledger.yaml. */
export interface ReconcileOptions {
  /** How long a SUCCEEDED payment/refund may wait for its posting, and a posting for its source row. */
  graceMs: number;
  /** How long a settlement may stay TRYING. */
  tccTimeoutMs: number;
  /** Commit-to-capture latency above which a change is late. */
  lagSlaMs: number;
}

export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = { graceMs: 60_000, tccTimeoutMs: 60_000, lagSlaMs: 800 };

/** The `reconciliation:` section of sightline.ledger.yaml. */
export const reconciliationFileSchema = z.strictObject({
  graceSeconds: z.number().int('whole seconds').min(0).max(86_400, 'at most a day').optional(),
  tccTimeoutSeconds: z.number().int('whole seconds').min(1).max(86_400 * 7, 'at most a week').optional(),
  lagSlaMs: z.number().int('whole milliseconds').min(1).max(3_600_000, 'at most an hour').optional(),
});

export function resolveReconcileOptions(file: z.infer<typeof reconciliationFileSchema> = {}): ReconcileOptions {
  return {
    graceMs: file.graceSeconds === undefined ? DEFAULT_RECONCILE_OPTIONS.graceMs : file.graceSeconds * 1000,
    tccTimeoutMs: file.tccTimeoutSeconds === undefined ? DEFAULT_RECONCILE_OPTIONS.tccTimeoutMs : file.tccTimeoutSeconds * 1000,
    lagSlaMs: file.lagSlaMs ?? DEFAULT_RECONCILE_OPTIONS.lagSlaMs,
  };
}
