/**
 * The repeating one-hour scenario: time → load and phase. Pure functions of wall-clock time
 * (aligned to the hour), so any minute can be regenerated identically at any later moment.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Diurnal curve: 1 ± 0.4, busiest at 13:00 UTC (21:00 China time), quietest at 01:00 UTC. */
export const DIURNAL = { amplitude: 0.4, peakHourUtc: 13 } as const;

export const FLASH_SALE = {
  startMinute: 20,
  endMinute: 25,
  multiplier: 10,
} as const;

/**
 * cn-south-1b hosts the stock master for the flash-sale catalogue; while it is degraded every
 * region's ReserveStock goes there (cross-region), gets slow and mostly times out.
 */
export const INVENTORY_EPISODE = {
  startMinute: 35,
  endMinute: 43,
  /** Linear ramp in and out, so the breaker sees a believable onset rather than a step. */
  rampMs: 30_000,
  service: 'inventory-svc',
  caller: 'order-svc',
  method: 'ReserveStock',
  region: 'cn-south-1',
  az: 'cn-south-1b',
  /** DEADLINE_EXCEEDED share of ReserveStock calls at the plateau. */
  peakTimeoutRatio: 0.7,
  /** DEADLINE_EXCEEDED share of single calls at any time (lock waits happen). */
  baseTimeoutRatio: 0.001,
} as const;

/** order-svc's deadline for ReserveStock; timeouts end the client span exactly here. */
export const RESERVE_DEADLINE_MS = 1200;

export function minuteOfHour(tMs: number): number {
  return Math.floor((((tMs % HOUR_MS) + HOUR_MS) % HOUR_MS) / MINUTE_MS);
}

export function hourStart(tMs: number): number {
  return Math.floor(tMs / HOUR_MS) * HOUR_MS;
}

export function diurnal(tMs: number): number {
  const hour = (((tMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  return 1 + DIURNAL.amplitude * Math.cos((2 * Math.PI * (hour - DIURNAL.peakHourUtc)) / 24);
}

export function flashSaleActive(tMs: number): boolean {
  const m = minuteOfHour(tMs);
  return m >= FLASH_SALE.startMinute && m < FLASH_SALE.endMinute;
}

/** Multiplier on the base gateway rate. */
export function loadMultiplier(tMs: number): number {
  return diurnal(tMs) * (flashSaleActive(tMs) ? FLASH_SALE.multiplier : 1);
}

export interface FlowMix {
  order: number;
  groupList: number;
  productView: number;
}

const NORMAL_MIX: FlowMix = { order: 0.3, groupList: 0.2, productView: 0.5 };
/**
 * A flash sale is people refreshing the sale item and buying it. Keeping the order share up also
 * keeps the inventory episode's orders near 7–8 % of an hour's orders, well clear of 10 %, so
 * the p90 of order-svc (which the canary judge compares) lies in the dense body of the latency
 * distribution rather than in the sparse gap below the 1.2 s timeouts.
 */
const FLASH_MIX: FlowMix = { order: 0.3, groupList: 0.15, productView: 0.55 };

export function flowMix(tMs: number): FlowMix {
  return flashSaleActive(tMs) ? FLASH_MIX : NORMAL_MIX;
}

export function episodeWindow(tMs: number): { startMs: number; endMs: number } {
  const h = hourStart(tMs);
  return { startMs: h + INVENTORY_EPISODE.startMinute * MINUTE_MS, endMs: h + INVENTORY_EPISODE.endMinute * MINUTE_MS };
}

/** 0 outside the episode, 1 on its plateau, linear on the ramps. */
export function episodeIntensity(tMs: number): number {
  const { startMs, endMs } = episodeWindow(tMs);
  if (tMs < startMs || tMs >= endMs) return 0;
  const ramp = INVENTORY_EPISODE.rampMs;
  return Math.min(1, (tMs - startMs) / ramp, (endMs - tMs) / ramp);
}

/** While the episode runs, ReserveStock is served by the stock master in cn-south-1b. */
export function episodeActive(tMs: number): boolean {
  const { startMs, endMs } = episodeWindow(tMs);
  return tMs >= startMs && tMs < endMs;
}

/** Share of orders whose ReserveStock calls stall on the degraded stock master. */
export function episodeTimeoutRatio(tMs: number): number {
  return episodeIntensity(tMs) * INVENTORY_EPISODE.peakTimeoutRatio;
}
