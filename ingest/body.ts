import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { HttpError } from './http-error';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

/** Request bodies are capped at 20 MiB, counted after decompression (guards against gzip bombs). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        req.resume();
        throw new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // The client went away or stalled past the request timeout: its problem, not a fault here.
    throw new HttpError(408, `the request body did not arrive completely (${(err as Error).message})`);
  }
  return Buffer.concat(chunks, size);
}

/** Reads the whole body, decompressing gzip/deflate, never holding more than the limit. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const raw = await readRaw(req, limit);
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new HttpError(415, `unsupported Content-Encoding "${encoding}": use gzip, deflate or none`);
  }
  try {
    const decompress = encoding === 'gzip' ? gunzip : inflate;
    return await decompress(raw, { maxOutputLength: limit });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `decompressed request body exceeds the limit of ${limit} bytes`);
    }
    throw new HttpError(400, `invalid ${encoding} body: ${(err as Error).message}`);
  }
}
