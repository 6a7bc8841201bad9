'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useAreas } from './auth/use-areas';
import { hrefWith, useCarriedParams } from './url-state';

interface NavItem {
  href: string;
  label: string;
  /** The tRPC router the page reads: the item shows only to roles that may use it. */
  area: string;
  /** Path prefixes that also highlight this item. */
  also?: string[];
}

const GROUPS: Array<{ title: string; items: NavItem[] }> = [
  {
    title: 'Observe',
    items: [
      { href: '/', label: 'Overview', area: 'services', also: ['/services'] },
      { href: '/traces', label: 'Traces', area: 'traces' },
      { href: '/slo', label: 'SLOs', area: 'slo' },
      { href: '/circuits', label: 'Circuits', area: 'circuits' },
      { href: '/canary', label: 'Canary', area: 'canary' },
      { href: '/regions', label: 'Regions', area: 'regions' },
    ],
  },
  { title: 'Audit', items: [{ href: '/ledger', label: 'Ledger', area: 'ledger' }] },
  { title: 'Govern', items: [{ href: '/debt', label: 'Tech debt', area: 'debt' }] },
  { title: 'Sightline', items: [{ href: '/system', label: 'System', area: 'system' }] },
];

function isActive(pathname: string, item: NavItem): boolean {
  if (item.href === '/') return pathname === '/' || (item.also ?? []).some((p) => pathname.startsWith(p));
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}

/**
 * Every SPEC §8 page the user's roles may open (none until that is known, so a page the role
 * cannot use never flashes up); links keep the current time range and refresh setting.
 */
export function SideNav() {
  const pathname = usePathname();
  const carried = useCarriedParams();
  const { can } = useAreas();
  const groups = GROUPS.map((g) => ({ ...g, items: g.items.filter((item) => can(item.area)) })).filter((g) => g.items.length > 0);
  return (
    <nav aria-label="Main">
      {groups.map((g) => (
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
            </Link>
          ))}
        </div>
      ))}
    </nav>
  );
}
