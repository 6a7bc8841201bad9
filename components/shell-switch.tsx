'use client';

import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

/** The sign-in page stands alone; every other page gets the navigation shell. */
export function ShellSwitch({ shell, bare }: { shell: ReactNode; bare: ReactNode }) {
  return usePathname() === '/login' ? bare : shell;
}
