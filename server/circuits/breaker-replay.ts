import type { BreakerMachine } from './breaker-machine';
import type { BreakerSettings } from './breaker-settings';
import type { BreakerState, EdgeCall, Transition } from './edge-call';
import { hystrixMachine } from './hystrix-machine';
import { resilience4jMachine } from './resilience4j-machine';
import { sentinelMachine } from './sentinel-machine';

export interface ReplayResult {
  /** The state after the last call. */
  state: BreakerState;
  /** Every transition, oldest first; an OPEN of a few seconds is never lost to sampling. */
  transitions: Transition[];
  /** Completion times of the calls this breaker would have rejected while OPEN. */
  rejectedAtMs: number[];
}

function machineFor(settings: BreakerSettings): BreakerMachine {
  switch (settings.preset) {
    case 'hystrix':
      return hystrixMachine(settings);
    case 'resilience4j-count':
    case 'resilience4j-time':
      return resilience4jMachine(settings);
    case 'sentinel':
      return sentinelMachine(settings);
  }
}

/**
 * Replays a breaker over one edge's calls, which must be in completion order. Calls another
 * breaker already short-circuited never reached the callee: they are neither failures nor
 * successes here.
 */
export function replayBreaker(calls: readonly EdgeCall[], settings: BreakerSettings): ReplayResult {
  const machine = machineFor(settings);
  const transitions: Transition[] = [];
  let state: BreakerState = 'CLOSED';
  const rejectedAtMs: number[] = [];
  for (const call of calls) {
    if (call.shortCircuited) continue;
    const admitted = machine.offer(call, state, (to, reason) => {
      transitions.push({ atMs: call.atMs, from: state, to, reason });
      state = to;
    });
    if (!admitted) rejectedAtMs.push(call.atMs);
  }
  return { state, transitions, rejectedAtMs };
}
