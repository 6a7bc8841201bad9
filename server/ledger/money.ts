import { formatDecimal, parseDecimal, rescale } from '../../ingest/cdc/decimal';

/** Ledger amounts as exact integers of 10^-4 (the Decimal(38, 4) of the ledger tables). */
export function toUnits(text: string | null | undefined): bigint | null {
  if (text === null || text === undefined || text === '') return null;
  return rescale(parseDecimal(text), 4).unscaled;
}

/** Units back to plain decimal text without trailing zeros ("12.5", "-3"). */
export function unitsText(units: bigint): string {
  const text = formatDecimal({ unscaled: units, scale: 4 });
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
