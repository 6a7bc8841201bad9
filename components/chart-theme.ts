'use client';

import { useEffect, useState } from 'react';

/**
 * The page theme's colours for charts, read from the CSS variables: chart kinds that live in
 * their own lazily loaded chunk use this without pulling in the other kinds' ECharts modules.
 */
export interface ThemeColors {
  text: string;
  muted: string;
  grid: string;
  panel: string;
  border: string;
  series: string[];
}

function readTheme(): ThemeColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--grid'),
    panel: v('--panel'),
    border: v('--border'),
    series: [1, 2, 3, 4, 5, 6, 7].map((i) => v(`--series-${i}`)),
  };
}

/** Re-reads the CSS variables when the toggle or the OS switches between light and dark. */
export function useThemeColors(): ThemeColors | null {
  const [theme, setTheme] = useState<ThemeColors | null>(null);
  useEffect(() => {
    const refresh = () => setTheme(readTheme());
    refresh();
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', refresh);
    const observer = new MutationObserver(refresh);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      media.removeEventListener('change', refresh);
      observer.disconnect();
    };
  }, []);
  return theme;
}
