import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { FaroInit } from '@/components/faro';
import { Providers } from '@/components/providers';
import { ShellSwitch } from '@/components/shell-switch';
import { THEME_BOOT_SCRIPT } from '@/components/theme-script';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sightline', template: '%s · Sightline' },
  description: 'Self-hosted observability, ledger audit and tech-debt dashboard',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets data-theme before paint; React must accept that attribute as is.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <Providers>
          <ShellSwitch shell={<AppShell>{children}</AppShell>} bare={children} />
        </Providers>
        <FaroInit />
      </body>
    </html>
  );
}
