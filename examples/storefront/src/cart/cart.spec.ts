import { MAX_QUANTITY_PER_LINE, cartReducer, cartTotal, itemCount, orderItemsOf, parseSavedCart, type Cart } from './cart';

const shirt = { productId: 'p1', name: 'Shirt', unitPrice: { amount: 1999, currency: 'USD' } };
const mug = { productId: 'p2', name: 'Mug', unitPrice: { amount: 850, currency: 'USD' } };

describe('cart', () => {
  it('adds products, merging repeated ones into one line', () => {
    let cart: Cart = [];
    cart = cartReducer(cart, { type: 'add', line: shirt, quantity: 1 });
    cart = cartReducer(cart, { type: 'add', line: mug, quantity: 2 });
    cart = cartReducer(cart, { type: 'add', line: shirt, quantity: 2 });
    expect(cart).toEqual([
      { ...shirt, quantity: 3 },
      { ...mug, quantity: 2 },
    ]);
    expect(itemCount(cart)).toBe(5);
    expect(cartTotal(cart)).toEqual({ amount: 3 * 1999 + 2 * 850, currency: 'USD' });
    expect(orderItemsOf(cart)).toEqual([
      { productId: 'p1', quantity: 3 },
      { productId: 'p2', quantity: 2 },
    ]);
  });

  it('drops a line set to zero, caps quantities, removes and clears', () => {
    let cart = cartReducer([], { type: 'add', line: shirt, quantity: 500 });
    expect(cart[0].quantity).toBe(MAX_QUANTITY_PER_LINE);
    cart = cartReducer(cart, { type: 'set-quantity', productId: 'p1', quantity: 0 });
    expect(cart).toEqual([]);
    cart = cartReducer(cartReducer(cart, { type: 'add', line: mug, quantity: 1 }), { type: 'remove', productId: 'p2' });
    expect(cart).toEqual([]);
    expect(cartReducer([{ ...shirt, quantity: 1 }], { type: 'clear' })).toEqual([]);
  });

  it('has no single total across currencies', () => {
    const euros = { productId: 'p3', name: 'Book', unitPrice: { amount: 1200, currency: 'EUR' } };
    expect(cartTotal([{ ...shirt, quantity: 1 }, { ...euros, quantity: 1 }])).toBeNull();
    expect(cartTotal([])).toBeNull();
  });

  it('restores a saved cart, ignoring anything malformed', () => {
    const saved = JSON.stringify([{ ...shirt, quantity: 2 }, { productId: 'x' }, { ...mug, quantity: -1 }]);
    expect(parseSavedCart(saved)).toEqual([{ ...shirt, quantity: 2 }]);
    expect(parseSavedCart('{not json')).toEqual([]);
    expect(parseSavedCart(null)).toEqual([]);
  });
});
