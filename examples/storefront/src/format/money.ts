/** Money as the API sends it: `amount` in minor units (cents for USD), `currency` an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "$12.50" for { amount: 1250, currency: 'USD' }: minor units divided by the currency's own fraction digits. */
export function formatMoney({ amount, currency }: Money, locale = 'en-US'): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amount / 10 ** digits);
}

/** The sum of several amounts of one currency (a cart's total before the server prices it). */
export function sumMoney(parts: readonly Money[], currency: string): Money {
  return { amount: parts.reduce((total, part) => total + part.amount, 0), currency };
}
