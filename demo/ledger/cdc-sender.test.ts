import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CdcSender, retryAfterMs, SendStopped } from './cdc-sender';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** An ingest stand-in answering from a script: [status, headers] per request, then 200. */
async function fakeIngest(script: [number, Record<string, string>][]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body, at: performance.now() });
      const [status, headers] = script.shift() ?? [200, {}];
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(status === 200 ? { accepted: 1 } : { error: 'nope' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('CdcSender', () => {
  it('retries 429/503 as Retry-After asks and outages with backoff, with the bearer token', async () => {
    const ingest = await fakeIngest([
      [429, { 'retry-after': '1' }],
      [503, {}],
      [500, {}],
    ]);
    servers.push(ingest.server);
    const logs: string[] = [];
    const sender = new CdcSender({ endpoint: `${ingest.url}/`, token: 's3cret', log: (m) => logs.push(m), retryInitialMs: 20 });
    await sender.send('[{"status":"BEGIN"}]');
    expect(ingest.received).toHaveLength(4);
    expect(ingest.received.every((r) => r.headers.authorization === 'Bearer s3cret' && r.headers['content-type'] === 'application/json')).toBe(true);
    expect(ingest.received.every((r) => r.body === '[{"status":"BEGIN"}]')).toBe(true);
    // Retry-After: 1 is honoured over the 20 ms backoff.
    expect(ingest.received[1]!.at - ingest.received[0]!.at).toBeGreaterThan(900);
    expect(logs.length).toBe(1); // failures are logged, not every one of them
  });

  it('does not retry a batch ingest refuses as malformed', async () => {
    const ingest = await fakeIngest([[400, {}]]);
    servers.push(ingest.server);
    const logs: string[] = [];
    const sender = new CdcSender({ endpoint: ingest.url, log: (m) => logs.push(m), retryInitialMs: 20 });
    await sender.send('[]');
    expect(ingest.received).toHaveLength(1);
    expect(ingest.received[0]!.headers.authorization).toBeUndefined();
    expect(sender.rejectedBatches).toBe(1);
    expect(logs[0]).toMatch(/refused a batch \(400\)/);
  });

  it('keeps trying while ingest is down and gives up only when stopped', async () => {
    const sender = new CdcSender({ endpoint: 'http://127.0.0.1:9', log: () => undefined, retryInitialMs: 10 });
    const sending = sender.send('[]');
    await new Promise((r) => setTimeout(r, 100));
    sender.stop();
    await expect(sending).rejects.toBeInstanceOf(SendStopped);
  });

  it('lets a request in flight land on stop(), and abandons it on abort()', async () => {
    const held: { answer?: () => void } = {};
    const server = createServer((req, res) => {
      req.resume();
      held.answer = () => res.writeHead(200).end('{}');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const arrived = async (): Promise<() => void> => {
      while (!held.answer) await new Promise((r) => setTimeout(r, 10));
      const answer = held.answer;
      delete held.answer;
      return answer;
    };
    const landing = new CdcSender({ endpoint, log: () => undefined });
    const first = landing.send('[]');
    const answerFirst = await arrived();
    landing.stop();
    answerFirst();
    await expect(first).resolves.toBeUndefined();
    const abandoned = new CdcSender({ endpoint, log: () => undefined });
    const second = abandoned.send('[]');
    const answerSecond = await arrived();
    abandoned.abort();
    await expect(second).rejects.toBeInstanceOf(SendStopped);
    answerSecond();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
