import { currentStore } from '@/clickhouse/client';
import { accessTo } from '@/server/auth/roles';
import { actorOf } from '@/server/ledger/actor';
import { exportBreaksCsv, parseExportQuery } from '@/server/ledger/breaks-export';
import { createContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request): Promise<Response> {
  const store = currentStore();
  if (!store) return new Response('ClickHouse is not open in this process yet\n', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const ctx = await createContext({ req });
  // Outside tRPC, so the ledger's access rule is applied here too.
  const access = accessTo('ledger.export', ctx.user?.roles);
  if (access !== 'allowed') {
    return new Response(access === 'unauthenticated' ? 'Sign in to export the ledger\n' : 'The ledger is for auditors and admins\n', {
      status: access === 'unauthenticated' ? 401 : 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const query = parseExportQuery(new URL(req.url).searchParams);
  if ('error' in query) return new Response(`Invalid export filter: ${query.error}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const body = await exportBreaksCsv(store, query.filter, actorOf(ctx));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="ledger-breaks-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
