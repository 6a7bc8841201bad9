/**
 * The request body as a whole cannot be decoded (truncated or invalid protobuf, malformed JSON,
 * wrong JSON types). Receivers answer it with HTTP 400 and the message; span-level problems are
 * not errors of this kind, they end up in `DecodedSpans.rejected`.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';

  constructor(message: string) {
    super(message);
  }
}
