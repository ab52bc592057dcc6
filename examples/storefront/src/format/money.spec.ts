import { formatMoney } from './money';

describe(formatMoney.name, () => {
  it('reads amounts in minor units of the currency', () => {
    expect(formatMoney({ amount: 1250, currency: 'USD' })).toBe('$12.50');
    expect(formatMoney({ amount: 0, currency: 'USD' })).toBe('$0.00');
    // Yen have no minor unit: 1250 is ¥1,250.
    expect(formatMoney({ amount: 1250, currency: 'JPY' })).toBe('¥1,250');
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€');
  });
});
