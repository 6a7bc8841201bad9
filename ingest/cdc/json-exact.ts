/** A parsed JSON value in which integers beyond ±2^53 are BigInt instead of rounded numbers. */
export type ExactJson = null | boolean | number | bigint | string | ExactJson[] | { [key: string]: ExactJson };

export class JsonSyntaxError extends Error {}

const MAX_DEPTH = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
// Only an integer literal of 16+ digits can exceed Number.MAX_SAFE_INTEGER (9007199254740991).
const MAYBE_UNSAFE_INTEGER = /\d{16}/;

/**
 * Debezium writes int64 values (LSNs, snowflake ids, `ts_ns`) as JSON numbers, which JSON.parse
 * silently rounds above 2^53. Bodies without a 16-digit run take the fast native path.
 */
export function parseJsonExact(text: string): ExactJson {
  if (!MAYBE_UNSAFE_INTEGER.test(text)) {
    try {
      return JSON.parse(text) as ExactJson;
    } catch (err) {
      throw new JsonSyntaxError((err as Error).message);
    }
  }
  return new ExactParser(text).document();
}

class ExactParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): ExactJson {
    const value = this.value(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('unexpected content after the JSON value');
    return value;
  }

  private value(depth: number): ExactJson {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, literal] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return literal;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of JSON input' : `unexpected character ${JSON.stringify(c)}`);
  }

  private object(depth: number): { [key: string]: ExactJson } {
    const result: { [key: string]: ExactJson } = {};
    this.pos++;
    if (this.peekAfterWhitespace() === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.expect(':');
      const value = this.value(depth + 1);
      // A plain assignment of "__proto__" would replace the prototype instead of adding a key.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      if (this.separator('}')) return result;
    }
  }

  private array(depth: number): ExactJson[] {
    const result: ExactJson[] = [];
    this.pos++;
    if (this.peekAfterWhitespace() === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      if (this.separator(']')) return result;
    }
  }

  /** Consumes `,` (returns false) or the closing bracket (returns true). */
  private separator(close: string): boolean {
    const c = this.peekAfterWhitespace();
    this.pos++;
    if (c === ',') return false;
    if (c === close) return true;
    return this.fail(`expected "," or "${close}"`);
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
    if (i >= this.text.length) this.fail('unterminated string');
    this.pos = i + 1;
    try {
      // The native parser decodes escapes and rejects raw control characters exactly per spec.
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch (err) {
      this.pos = start;
      return this.fail((err as Error).message);
    }
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail('invalid number');
    this.pos = NUMBER.lastIndex;
    const literal = match[0];
    const n = Number(literal);
    if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(n)) return BigInt(literal);
    return n;
  }

  private expect(c: string): void {
    if (this.peekAfterWhitespace() !== c) this.fail(`expected "${c}"`);
    this.pos++;
  }

  private peekAfterWhitespace(): string | undefined {
    this.skipWhitespace();
    return this.text[this.pos];
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`${message} at position ${this.pos}`);
  }
}
