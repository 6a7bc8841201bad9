import Link from 'next/link';
import type { ComponentProps } from 'react';

/**
 * A link from a number or row to the data behind it. Tables hold dozens of these; prefetching
 * each one in view would fire a server render per link on every refresh, so they load on click.
 */
export function DataLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
