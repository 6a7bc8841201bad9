/** What identifies an error, first present wins: error.type, exception type, status message. */
export interface ErrorFields {
  errorType: string;
  exceptionType: string;
  statusMessage: string;
}

const MAX_SIGNATURE = 120;

/**
 * One error signature per failing span, with the variable parts of messages (ids, numbers,
 * addresses, quoted values) replaced so "timeout after 103ms on 10.0.3.7" and "timeout after
 * 98ms on 10.0.1.2" count as the same failure.
 */
export function errorSignature(fields: ErrorFields): string {
  const raw = [fields.errorType, fields.exceptionType, fields.statusMessage].map((s) => s.trim()).find((s) => s !== '') ?? '';
  if (raw === '') return '(no error type)';
  const normalised = raw
    .toLowerCase()
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/\b[0-9a-f]{16,}\b/g, '<id>')
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '<v>')
    .replace(/\d+(?:\.\d+)*/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
  return normalised.slice(0, MAX_SIGNATURE);
}

export interface SignatureCount {
  signature: string;
  count: number;
}

export interface Novelty {
  canaryErrors: number;
  novelErrors: number;
  /** novelErrors / canaryErrors; 0 when the canary had no errors. */
  share: number;
  /** Canary signatures the baseline never showed, most frequent first. */
  novelSignatures: SignatureCount[];
}

/** The share of canary errors whose signature never appears among the baseline's errors. */
export function errorNovelty(canary: readonly SignatureCount[], baselineSignatures: ReadonlySet<string>): Novelty {
  const bySignature = new Map<string, number>();
  for (const c of canary) bySignature.set(c.signature, (bySignature.get(c.signature) ?? 0) + c.count);
  let canaryErrors = 0;
  const novelSignatures: SignatureCount[] = [];
  for (const [signature, count] of bySignature) {
    canaryErrors += count;
    if (!baselineSignatures.has(signature)) novelSignatures.push({ signature, count });
  }
  novelSignatures.sort((a, b) => b.count - a.count || a.signature.localeCompare(b.signature));
  const novelErrors = novelSignatures.reduce((s, c) => s + c.count, 0);
  return { canaryErrors, novelErrors, share: canaryErrors > 0 ? novelErrors / canaryErrors : 0, novelSignatures };
}
