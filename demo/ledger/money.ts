import { formatDecimal } from '../../ingest/cdc/decimal';

/**
 * Money in the ledger demo is BigInt minor units (cents for CNY, HKD and USD) from the price
 * list to the wire, so no amount ever passes through a float. Text is what Debezium's
 * decimal.handling.mode=string and a Postgres numeric literal both carry.
 */

const MINOR_DIGITS = 2;

/** Platform fee: 0.6 % of the payment. */
const FEE = { numerator: 6n, denominator: 1000n } as const;

/** numerator / denominator rounded half to even (banker's rounding, as accounting systems do). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('divideHalfEven takes a non-negative numerator and a positive denominator');
  const quotient = numerator / denominator;
  const twiceRemainder = 2n * (numerator % denominator);
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

export function platformFee(amount: bigint): bigint {
  return divideHalfEven(amount * FEE.numerator, FEE.denominator);
}

/** "129.90" for 12990n. */
export function moneyText(minor: bigint): string {
  return formatDecimal({ unscaled: minor, scale: MINOR_DIGITS });
}
