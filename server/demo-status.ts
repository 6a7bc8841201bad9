import type { DemoHandle } from '../demo/run';

export type DemoStatus = ReturnType<DemoHandle['stats']>;

// Shared through globalThis because the demo runs beside Next, whose bundles hold their own copies
// of this module; only a type is imported from the demo so its SDK never enters the UI bundles.
const g = globalThis as unknown as { __sightlineDemo?: Pick<DemoHandle, 'stats'> };

export function registerDemo(handle: Pick<DemoHandle, 'stats'>): void {
  g.__sightlineDemo = handle;
}

/** What the in-process demo has sent so far; undefined when the demo is off. */
export function demoStatus(): DemoStatus | undefined {
  return g.__sightlineDemo?.stats();
}
