import type { BreakerState, EdgeCall } from './edge-call';

/** Moves the breaker to another state, recording why. */
export type Go = (to: BreakerState, reason: string) => void;

/**
 * One preset's state machine. Calls arrive in completion order; each is admitted and recorded
 * at its completion, which is when the caller's breaker learns its outcome.
 */
export interface BreakerMachine {
  /** Offers a call; false when the breaker would have rejected (short-circuited) it. */
  offer(call: EdgeCall, state: BreakerState, go: Go): boolean;
}
