import { z } from 'zod';
import { withTimeRange } from '../time-range';
import { BREAK_KINDS } from './break-kinds';

/** The auditor's filter over breaks, shared by ledger.breaks and the CSV export so both list the same rows. */

const decimalText = z
  .string()
  .trim()
  .regex(/^-?\d{1,30}(\.\d{1,4})?$/, 'an exact decimal like 12.50 (at most 4 decimal places)');

export const BREAK_STATES = ['open', 'healed', 'all'] as const;
export const REVIEW_STATES = ['any', 'unreviewed', 'acknowledged', 'resolved'] as const;

export const breakFilterShape = {
  kinds: z.array(z.enum(BREAK_KINDS, `one of ${BREAK_KINDS.join(', ')}`)).max(BREAK_KINDS.length).optional(),
  state: z.enum(BREAK_STATES, `one of ${BREAK_STATES.join(', ')}`).default('open'),
  review: z.enum(REVIEW_STATES, `one of ${REVIEW_STATES.join(', ')}`).default('any'),
  minAmount: decimalText.optional(),
  maxAmount: decimalText.optional(),
  /** A reference id, "type:id", or a journal / source transaction id. */
  ref: z.string().trim().min(1, 'must not be empty').max(256, 'at most 256 characters').optional(),
};

export const breakFilterInput = withTimeRange(breakFilterShape);
export type BreakFilter = z.output<typeof breakFilterInput>;

/** Paging: "<occurred µs>:<break id>" of the last row shown. */
export const breakCursor = z
  .string()
  .regex(/^\d{1,20}:[0-9a-f]{24}$/, 'a cursor from a previous page')
  .transform((c) => {
    const [us, id] = c.split(':') as [string, string];
    return { us, id };
  });
