import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../clickhouse/client';
import { openTestStore } from '../../clickhouse/test-store';
import { appendAudit, auditRows, verifyAuditLog } from './audit-log';

// Its own file: chDB allows one engine per process.

let store: Store;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
});

afterAll(async () => {
  await cleanup();
});

describe('audit_log in ClickHouse', () => {
  it('chains concurrent appends without forking, and verify finds it intact', async () => {
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t, i) => appendAudit(store, { actor: `user-${i}`, action: 'acknowledge', target: t, detail: { comment: `on ${t}` } })));
    const rows = await auditRows(store, { limit: 10 });
    expect(rows.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, rows: 5 });
  });

  it('detects a row altered in the table', async () => {
    await store.client.command({
      query: `ALTER TABLE audit_log UPDATE Detail = '{"comment":"nothing to see"}' WHERE Seq = 3`,
      clickhouse_settings: { mutations_sync: '1' },
    });
    const [row] = await auditRows(store, { limit: 1, beforeSeq: 4 });
    expect(row!.detail).toBe('{"comment":"nothing to see"}');
    expect(await verifyAuditLog(store)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: expect.stringContaining('altered') });
  });

  it('detects a deleted row', async () => {
    await store.client.command({ query: `ALTER TABLE audit_log UPDATE Detail = '{"comment":"on c"}' WHERE Seq = 3`, clickhouse_settings: { mutations_sync: '1' } });
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true });
    await store.client.command({ query: 'ALTER TABLE audit_log DELETE WHERE Seq = 2', clickhouse_settings: { mutations_sync: '1' } });
    expect(await verifyAuditLog(store)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: expect.stringContaining('missing') });
  });
});
