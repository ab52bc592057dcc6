import { useQuery } from '@apollo/client/react';
import { itemCount } from '../cart/cart';
import { MeDocument } from '../graphql/operations';
import { useShop } from './shop-context';
import { navigate } from './use-route';

export function Header({ page }: { page: string }) {
  const { sessionStatus, signOut, cart } = useShop();
  const signedIn = sessionStatus === 'signed-in';
  const { data } = useQuery(MeDocument, { skip: !signedIn });
  const count = itemCount(cart);
  const current = (name: string) => (page === name ? 'page' : undefined);

  return (
    <header className="header">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden>◆</span> Retail
      </a>
      <nav className="nav" aria-label="Main">
        <a href="#/" aria-current={current('catalog')}>
          Shop
        </a>
        {signedIn && (
          <a href="#/orders" aria-current={current('orders')}>
            My orders
          </a>
        )}
        <a href="#/cart" aria-current={current('cart')} className="cart-link">
          Cart{count > 0 && <span className="cart-count" data-testid="cart-count">{count}</span>}
        </a>
      </nav>
      <div className="account">
        {signedIn ? (
          <>
            <span className="account-name" data-testid="account-name">
              {data?.me.name ?? data?.me.email ?? 'Signed in'}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                void signOut().then(() => navigate('#/'));
              }}
            >
              Sign out
            </button>
          </>
        ) : (
          <>
            <a href="#/sign-in">Sign in</a>
            <a className="button button-small" href="#/register">
              Create account
            </a>
          </>
        )}
      </div>
    </header>
  );
}
