import { describe, expect, it } from 'vitest';
import { parseLedgerMapping, resolveLedgerMapping } from '../ledger-mapping';

describe('reconciliation settings in sightline.ledger.yaml', () => {
  it('defaults to SPEC §5.5: 60 s grace, 60 s TCC timeout, 800 ms lag SLA', () => {
    expect(resolveLedgerMapping().reconciliation).toEqual({ graceMs: 60_000, tccTimeoutMs: 60_000, lagSlaMs: 800 });
  });

  it('reads overrides, and names the line of a bad value', () => {
    const m = parseLedgerMapping('reconciliation:\n  graceSeconds: 120\n  lagSlaMs: 500\n', 'l.yaml');
    expect(m.reconciliation).toEqual({ graceMs: 120_000, tccTimeoutMs: 60_000, lagSlaMs: 500 });
    expect(() => parseLedgerMapping('reconciliation:\n  tccTimeoutSeconds: 0\n', 'l.yaml')).toThrow(/l\.yaml: line 2.*reconciliation\.tccTimeoutSeconds/);
    expect(() => parseLedgerMapping('reconciliation:\n  graceMinutes: 1\n', 'l.yaml')).toThrow(/graceMinutes/);
  });
});
