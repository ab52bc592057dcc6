import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useSyncExternalStore, type ReactNode } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { cartReducer, parseSavedCart, type Cart, type CartAction } from '../cart/cart';
import { LogoutDocument } from '../graphql/operations';
import type { SessionManager, SessionStatus, SessionTokens } from '../session/session-manager';

const CART_KEY = 'retail-storefront.cart';

interface ShopContextValue {
  sessionStatus: SessionStatus;
  signIn(tokens: SessionTokens): void;
  signOut(): Promise<void>;
  cart: Cart;
  updateCart(action: CartAction): void;
}

const ShopContext = createContext<ShopContextValue | null>(null);

/** The session and the cart, for every page. The cart survives reloads in localStorage. */
export function ShopProvider({ session, children }: { session: SessionManager; children: ReactNode }) {
  const apollo = useApolloClient();
  const sessionStatus = useSyncExternalStore(
    (listener) => {
      const unsubscribe = session.subscribe(listener);
      // Another tab signing in or out changes the stored refresh token: show it here too.
      window.addEventListener('storage', listener);
      return () => {
        unsubscribe();
        window.removeEventListener('storage', listener);
      };
    },
    () => session.status,
  );
  const [cart, updateCart] = useReducer(cartReducer, null, () => parseSavedCart(localStorage.getItem(CART_KEY)));
  useEffect(() => localStorage.setItem(CART_KEY, JSON.stringify(cart)), [cart]);
  useEffect(() => () => session.dispose(), [session]);

  const signIn = useCallback(
    (tokens: SessionTokens) => {
      session.signIn(tokens);
      // Results fetched anonymously (or as someone else) must not show.
      void apollo.resetStore();
    },
    [apollo, session],
  );

  const signOut = useCallback(async () => {
    const refreshToken = session.signOut();
    await apollo.clearStore();
    // Revoke the session on the server too; if that fails, the token is gone from this browser anyway.
    if (refreshToken) await apollo.mutate({ mutation: LogoutDocument, variables: { refreshToken }, fetchPolicy: 'no-cache' }).catch(() => undefined);
  }, [apollo, session]);

  const value = useMemo(() => ({ sessionStatus, signIn, signOut, cart, updateCart }), [sessionStatus, signIn, signOut, cart]);
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}

export function useShop(): ShopContextValue {
  const value = useContext(ShopContext);
  if (!value) throw new Error('useShop outside ShopProvider');
  return value;
}
