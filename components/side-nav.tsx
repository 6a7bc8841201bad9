'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { hrefWith, useCarriedParams } from './url-state';

interface NavItem {
  href: string;
  label: string;
  /** Path prefixes that also highlight this item. */
  also?: string[];
  soon?: boolean;
}

const GROUPS: Array<{ title: string; items: NavItem[] }> = [
  {
    title: 'Observe',
    items: [
      { href: '/', label: 'Overview', also: ['/services'] },
      { href: '/traces', label: 'Traces' },
      { href: '/slo', label: 'SLOs' },
      { href: '/circuits', label: 'Circuits', soon: true },
      { href: '/canary', label: 'Canary', soon: true },
      { href: '/regions', label: 'Regions', soon: true },
    ],
  },
  { title: 'Audit', items: [{ href: '/ledger', label: 'Ledger', soon: true }] },
  { title: 'Govern', items: [{ href: '/debt', label: 'Tech debt', soon: true }] },
  { title: 'Sightline', items: [{ href: '/system', label: 'System' }] },
];

function isActive(pathname: string, item: NavItem): boolean {
  if (item.href === '/') return pathname === '/' || (item.also ?? []).some((p) => pathname.startsWith(p));
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}

/** Every SPEC §8 page; links keep the current time range and refresh setting. */
export function SideNav() {
  const pathname = usePathname();
  const carried = useCarriedParams();
  return (
    <nav aria-label="Main">
      {GROUPS.map((g) => (
        <div key={g.title}>
          <div className="nav-group">{g.title}</div>
          {g.items.map((item) => (
            <Link
              key={item.href}
              href={hrefWith(item.href, carried)}
              className="nav-link"
              aria-current={isActive(pathname, item) ? 'page' : undefined}
            >
              {item.label}
              {item.soon && <span className="soon">soon</span>}
            </Link>
          ))}
        </div>
      ))}
    </nav>
  );
}
