import { currentStore } from '@/clickhouse/client';
import { healthReport } from '@/server/health';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const noStore = { 'Cache-Control': 'no-store' };

export async function GET(): Promise<Response> {
  try {
    const report = await healthReport(currentStore());
    return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: noStore });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return Response.json({ status: 'error', message: `ClickHouse did not answer: ${message}` }, { status: 503, headers: noStore });
  }
}
