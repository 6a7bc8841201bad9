import type { RouterOutputs } from '../api-types';
import { hrefWith } from '../url-state';
import styles from './circuits.module.css';

export type CircuitRow = RouterOutputs['circuits']['list'][number];
export type CircuitDetail = RouterOutputs['circuits']['edge'];
export type BreakerState = CircuitRow['state'];
export type Recommendation = NonNullable<CircuitRow['risk']>['recommendation'];

export const STATE_LABEL: Record<BreakerState, string> = { CLOSED: 'closed', OPEN: 'open', HALF_OPEN: 'half-open' };

export const STATE_CLASS: Record<BreakerState, string | undefined> = {
  CLOSED: styles.closed,
  OPEN: styles.open,
  HALF_OPEN: styles.halfOpen,
};

export const RECOMMENDATION_LABEL: Record<Recommendation, string> = {
  full_break: 'recommend full break',
  half_open_50: 'recommend half-open, 50 % traffic',
  normal: 'normal',
};

/** The Hystrix dashboard's error-rate bands (SPEC §5.2); 40–50 % is between orange and red. */
export function errorLevel(errorRate: number): { label: string; className: string | undefined } {
  const pct = errorRate * 100;
  if (pct < 10) return { label: 'under 10 % errors', className: styles.lvlOk };
  if (pct < 25) return { label: '10–25 % errors', className: styles.lvlYellow };
  if (pct < 40) return { label: '25–40 % errors', className: styles.lvlOrange };
  if (pct < 50) return { label: '40–50 % errors', className: styles.lvlOrangeRed };
  return { label: '50 % errors or more', className: styles.lvlRed };
}

export const edgeId = (e: { caller: string; callee: string }): string => `${e.caller}→${e.callee}`;

/** The circuits page with one edge selected. */
export function edgeHref(e: { caller: string; callee: string }, carried: Record<string, string>): string {
  return hrefWith('/circuits', { ...carried, caller: e.caller, callee: e.callee });
}

/** Hystrix order: worst error rate first, then the busiest. */
export function byErrorThenVolume(a: CircuitRow, b: CircuitRow): number {
  return b.errorRate - a.errorRate || b.rps - a.rps || edgeId(a).localeCompare(edgeId(b));
}
