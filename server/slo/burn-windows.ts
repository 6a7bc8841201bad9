/** The trailing windows burn rates are reported over (SRE Workbook multiwindow alerting). */
export const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '1d', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

const MINUTE_MS = 60_000;

export const BURN_WINDOW_MS: Readonly<Record<BurnWindow, number>> = {
  '5m': 5 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '6h': 360 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
  '3d': 4320 * MINUTE_MS,
};

/** null where the window holds no events: no traffic is not the same as a zero burn. */
export type BurnRates = Record<BurnWindow, number | null>;

/** The longest trailing window any alert rule reads; history needs this much data before a point. */
export const LONGEST_BURN_WINDOW_MS = BURN_WINDOW_MS['3d'];
