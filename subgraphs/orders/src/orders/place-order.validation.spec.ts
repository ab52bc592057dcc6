import { BadUserInputError } from '@retail/common';
import { validatePlaceOrderInput } from './place-order.validation';

const productId = '6f1c1c51-4a0e-4d7e-9a51-0d9b1c9b2f10';
const valid = { items: [{ productId, quantity: 2 }], paymentToken: 'tok_visa', idempotencyKey: 'k1' };

describe('validatePlaceOrderInput', () => {
  it('accepts a well-formed order and normalises product ids', () => {
    const input = { ...valid, items: [{ productId: productId.toUpperCase(), quantity: 1000 }] };
    expect(validatePlaceOrderInput(input)).toEqual({
      items: [{ productId, quantity: 1000 }],
      paymentToken: 'tok_visa',
      idempotencyKey: 'k1',
    });
    expect(validatePlaceOrderInput({ ...valid, idempotencyKey: undefined }).idempotencyKey).toBeNull();
  });

  it.each([
    ['no items', { ...valid, items: [] }, 'between 1 and 50 items'],
    [
      '51 items',
      { ...valid, items: Array.from({ length: 51 }, (_, i) => ({ productId: productId.replace(/0$/, String(i % 10)), quantity: 1 })) },
      'between 1 and 50 items',
    ],
    ['a malformed product id', { ...valid, items: [{ productId: 'abc', quantity: 1 }] }, 'not a valid product id'],
    ['a repeated product', { ...valid, items: [{ productId, quantity: 1 }, { productId, quantity: 2 }] }, 'more than once'],
    ['quantity 0', { ...valid, items: [{ productId, quantity: 0 }] }, 'quantity must be between 1 and 1000'],
    ['quantity 1001', { ...valid, items: [{ productId, quantity: 1001 }] }, 'quantity must be between 1 and 1000'],
    ['an empty payment token', { ...valid, paymentToken: '  ' }, 'paymentToken'],
    ['a 201-character payment token', { ...valid, paymentToken: 'x'.repeat(201) }, 'paymentToken'],
    ['an empty idempotency key', { ...valid, idempotencyKey: '' }, 'idempotencyKey'],
    ['a 201-character idempotency key', { ...valid, idempotencyKey: 'k'.repeat(201) }, 'idempotencyKey'],
  ])('refuses %s as BAD_USER_INPUT', (_case, input, message) => {
    let thrown: unknown;
    try {
      validatePlaceOrderInput(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadUserInputError);
    expect((thrown as BadUserInputError).message).toContain(message);
    expect((thrown as BadUserInputError).extensions.code).toBe('BAD_USER_INPUT');
  });
});
