import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../demo/platform';
import { DebtConfigError, loadDebtConfig } from './debt-config';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('loading sightline.debt.yaml', () => {
  it('reads the example, whose EDUs and targets name demo services', async () => {
    const s = await loadDebtConfig('sightline.debt.example.yaml', repoRoot);
    expect(s.edus.map((e) => e.id)).toEqual(['stock-lock-timeouts', 'notify-blind-spans', 'payment-critical-cves', 'checkout-complexity']);
    for (const e of s.edus) if ('service' in e.trigger && e.trigger.service) expect(SERVICES).toContain(e.trigger.service);
    expect(s.targets.map((t) => t.service)).toEqual(['platform', 'payment-svc']);
    expect(s.levels.security).toEqual({ healthy: 0, critical: 50 });
  });

  it('uses the defaults without a file, and refuses a named file that is missing', async () => {
    expect((await loadDebtConfig(undefined, '/nonexistent-dir')).edus).toEqual([]);
    await expect(loadDebtConfig('missing.yaml', '/nonexistent-dir')).rejects.toThrow(DebtConfigError);
  });
});
