import { hrefOf, parseRoute, type Route } from './routes';

describe('routes', () => {
  it.each<[string, Route]>([
    ['', { page: 'catalog' }],
    ['#/', { page: 'catalog' }],
    ['#/products/p%201', { page: 'product', productId: 'p 1' }],
    ['#/cart', { page: 'cart' }],
    ['#/sign-in', { page: 'sign-in' }],
    ['#/register', { page: 'register' }],
    ['#/orders', { page: 'orders' }],
    ['#/orders/42', { page: 'order', orderId: '42' }],
    ['#/orders/42/extra', { page: 'not-found' }],
    ['#/cart/x', { page: 'not-found' }],
    ['#/nowhere', { page: 'not-found' }],
  ])('%s is %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('links back to the same route', () => {
    for (const route of [{ page: 'product', productId: 'a/b' }, { page: 'order', orderId: '7' }, { page: 'cart' }] as Route[]) {
      expect(parseRoute(hrefOf(route))).toEqual(route);
    }
  });
});
