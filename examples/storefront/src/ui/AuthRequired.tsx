import type { ReactNode } from 'react';
import { useShop } from './shop-context';

/** Pages that show a shopper's own data ask for sign-in first instead of showing an error. */
export function AuthRequired({ children }: { children: ReactNode }) {
  const { sessionStatus } = useShop();
  if (sessionStatus === 'signed-in') return <>{children}</>;
  return (
    <section className="panel auth">
      <h1>Please sign in</h1>
      <p>Your orders are private to your account.</p>
      <p>
        <a className="button" href="#/sign-in">
          Sign in
        </a>{' '}
        or <a href="#/register">create an account</a>
      </p>
    </section>
  );
}
