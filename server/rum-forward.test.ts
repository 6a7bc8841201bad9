import { describe, expect, it } from 'vitest';
import { ingestCollectUrl } from './rum-forward';

describe('ingestCollectUrl', () => {
  it('uses the bind address, loopback for wildcards, brackets for IPv6', () => {
    expect(ingestCollectUrl({ SIGHTLINE_HOST: '127.0.0.1', SIGHTLINE_INGEST_PORT: 4318 })).toBe('http://127.0.0.1:4318/collect');
    expect(ingestCollectUrl({ SIGHTLINE_HOST: '0.0.0.0', SIGHTLINE_INGEST_PORT: 4318 })).toBe('http://127.0.0.1:4318/collect');
    expect(ingestCollectUrl({ SIGHTLINE_HOST: '::', SIGHTLINE_INGEST_PORT: 9 })).toBe('http://127.0.0.1:9/collect');
    expect(ingestCollectUrl({ SIGHTLINE_HOST: '10.0.0.5', SIGHTLINE_INGEST_PORT: 4318 })).toBe('http://10.0.0.5:4318/collect');
    expect(ingestCollectUrl({ SIGHTLINE_HOST: '::1', SIGHTLINE_INGEST_PORT: 4318 })).toBe('http://[::1]:4318/collect');
  });
});
