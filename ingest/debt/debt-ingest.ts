import type { ClickHouseClient } from '@clickhouse/client';
import { getConfig } from '../../server/config';
import { debtConfig, DebtConfigError } from '../../server/debt/debt-config';
import { TableBatcher } from '../batcher';
import { HttpError } from '../http-error';
import { RequestDedup } from '../request-dedup';
import { debtRoutes } from './debt-handler';
import { createDebtWriter, type DebtRecord } from './debt-rows';

/** The debt-signal receiver: its routes, and a drain for shutdown. */
async function configuredRepositories(): Promise<Record<string, string>> {
  try {
    return (await debtConfig(getConfig())).repositories;
  } catch (err) {
    if (err instanceof DebtConfigError) throw new HttpError(500, `cannot map the report's repository to a service: ${err.message}`);
    throw err;
  }
}

export async function createDebtIngest(client: ClickHouseClient, repositories = configuredRepositories) {
  const dedup = new RequestDedup(client, 'debt');
  await dedup.load();
  const batcher = new TableBatcher<DebtRecord>({
    client,
    table: 'debt_signals',
    // Reports come one per CI job; a short delay still lets a burst share inserts.
    maxDelayMs: 50,
    maxQueueRows: 200_000,
    write: createDebtWriter(client),
    afterInsert: dedup.record,
  });
  return { routes: debtRoutes({ batcher, dedup, repositories }), drain: () => batcher.drain() };
}
