/**
 * What the simulated payment database deals in: currencies with their price points and payment
 * channels, ledger accounts, and how often the normal (unbroken) variations happen.
 */

export type Currency = 'CNY' | 'HKD' | 'USD';

export interface CurrencyDef {
  code: Currency;
  /** Share of paid orders; mostly mainland buyers, a few Hong Kong and overseas ones. */
  share: number;
  /** Group-buy price points in minor units; an order is one to three of them. */
  prices: readonly bigint[];
  channels: readonly string[];
}

export const CURRENCIES: readonly CurrencyDef[] = [
  {
    code: 'CNY',
    share: 0.91,
    prices: [990n, 1990n, 2990n, 3990n, 4900n, 6990n, 9900n, 12990n, 19900n, 29900n],
    channels: ['alipay', 'wechat_pay', 'unionpay'],
  },
  { code: 'HKD', share: 0.06, prices: [1090n, 2190n, 3290n, 5490n, 10900n, 14300n], channels: ['alipay_hk', 'card'] },
  { code: 'USD', share: 0.03, prices: [199n, 299n, 549n, 999n, 1499n, 2999n], channels: ['card', 'paypal'] },
];

/** Chart of accounts of the journal (double entry; ref_type says which business event posted). */
export const ACCOUNTS = {
  customerClearing: 'customer_clearing',
  merchantPayable: 'merchant_payable',
  platformFee: 'platform_fee_income',
  merchantBank: 'merchant_settlement_bank',
  /** Where the mutated_entry break moves a posted line: a hand edit of the journal. */
  manualAdjustment: 'manual_adjustment',
} as const;

/** Share of payments the provider declines. */
export const FAILED_SHARE = 0.02;
/** Share of successful payments refunded in full (the group did not form, or the buyer left it). */
export const REFUND_SHARE = 0.04;

export const MERCHANTS = 800;
export const USERS = 5_000_000;
export const GROUPS_PER_MERCHANT = 50;
