import { z } from 'zod';

/**
 * Names users filter by (services, operations, regions). Any text is allowed, because it is only
 * ever bound as a query parameter; the cap keeps requests and query plans small.
 */
export const nameFilter = z.string().trim().min(1, 'must not be empty').max(256, 'at most 256 characters');

/** OpenTelemetry trace ids: 32 hex characters, stored lowercase. */
export const traceIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hexadecimal characters')
  .transform((s) => s.toLowerCase())
  .refine((s) => !/^0+$/.test(s), 'the all-zero trace id is invalid');
