import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { LoginDocument, RegisterDocument } from '../graphql/operations';
import { ErrorNotice } from './common';
import { useShop } from './shop-context';
import { navigate } from './use-route';

/** After signing in, back to the cart when it holds something, else to the shop. */
function useAfterSignIn() {
  const { cart } = useShop();
  return () => navigate(cart.length > 0 ? '#/cart' : '#/');
}

export function SignInPage() {
  const { signIn } = useShop();
  const done = useAfterSignIn();
  const [login, { loading, error }] = useMutation(LoginDocument, { fetchPolicy: 'no-cache' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { data } = await login({ variables: { email, password } }).catch(() => ({ data: undefined }));
    if (!data) return;
    signIn(data.login);
    done();
  };

  return (
    <section className="panel auth">
      <h1>Sign in</h1>
      <form onSubmit={submit}>
        <label>
          Email
          <input type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <ErrorNotice error={error} />
        <button type="submit" className="button button-wide" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        New here? <a href="#/register">Create an account</a>
      </p>
    </section>
  );
}

export function RegisterPage() {
  const { signIn } = useShop();
  const done = useAfterSignIn();
  const [register, { loading, error }] = useMutation(RegisterDocument, { fetchPolicy: 'no-cache' });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { data } = await register({ variables: { name, email, password } }).catch(() => ({ data: undefined }));
    if (!data) return;
    signIn(data.register);
    done();
  };

  return (
    <section className="panel auth">
      <h1>Create your account</h1>
      <form onSubmit={submit}>
        <label>
          Name
          <input autoComplete="name" required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Email
          <input type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <span className="hint">At least 8 characters, with a letter and a digit.</span>
        </label>
        <ErrorNotice error={error} />
        <button type="submit" className="button button-wide" disabled={loading}>
          {loading ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="muted">
        Already have one? <a href="#/sign-in">Sign in</a>
      </p>
    </section>
  );
}
