import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { UserMenu } from './auth/user-menu';
import { RefreshControl } from './refresh-control';
import { SideNav } from './side-nav';
import { ThemeToggle } from './theme-toggle';
import { TimeRangePicker } from './time-range-picker';

/** Sidebar navigation and the top bar holding the page-wide time range and refresh controls. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <aside className="sidenav">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden /> Sightline
        </Link>
        <Suspense>
          <SideNav />
        </Suspense>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar-spacer" />
          <Suspense>
            <RefreshControl />
            <TimeRangePicker />
          </Suspense>
          <ThemeToggle />
          <UserMenu />
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
