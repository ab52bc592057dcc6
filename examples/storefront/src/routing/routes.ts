/**
 * The shop's pages, addressed by the URL's hash (`#/orders/42`), so the bundle works from any static file
 * server without rewrite rules.
 */
export type Route =
  | { page: 'catalog' }
  | { page: 'product'; productId: string }
  | { page: 'cart' }
  | { page: 'sign-in' }
  | { page: 'register' }
  | { page: 'orders' }
  | { page: 'order'; orderId: string }
  | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'catalog' };
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found' };
  if (first === 'products' && second) return { page: 'product', productId: second };
  if (first === 'orders' && second) return { page: 'order', orderId: second };
  if (second) return { page: 'not-found' };
  switch (first) {
    case 'cart':
      return { page: 'cart' };
    case 'sign-in':
      return { page: 'sign-in' };
    case 'register':
      return { page: 'register' };
    case 'orders':
      return { page: 'orders' };
    default:
      return { page: 'not-found' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'catalog':
    case 'not-found':
      return '#/';
    case 'product':
      return `#/products/${encodeURIComponent(route.productId)}`;
    case 'order':
      return `#/orders/${encodeURIComponent(route.orderId)}`;
    default:
      return `#/${route.page}`;
  }
}
