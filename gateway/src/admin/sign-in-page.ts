/**
 * The admin sign-in page of the gateway (`GET /admin/sign-in`). Its script calls the public `Login` mutation
 * (the manifest's exact text, so it passes the persisted query list even in `enforce` mode), then hands the
 * access token to `POST /admin/session`, which checks it and answers with the HttpOnly admin cookie. The
 * password goes only to the GraphQL API; the admin routes never see it.
 */
export const SIGN_IN_CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

export function signInPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Retail admin: sign in</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f5f7; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.15); width: 20rem; display: grid; gap: .75rem; }
  h1 { font-size: 1.2rem; margin: 0 0 .5rem; }
  input, button { font: inherit; padding: .5rem; }
  button { background: #1f6feb; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  #error { color: #b42318; min-height: 1.2em; margin: 0; }
</style>
</head>
<body>
<form id="sign-in">
  <h1>Queue dashboard: administrators</h1>
  <label>Email <input id="email" name="email" type="email" autocomplete="username" required></label>
  <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
  <p id="error" role="alert"></p>
</form>
<script src="/admin/sign-in.js"></script>
</body>
</html>
`;
}

export function signInScript(loginOperation: string): string {
  return `'use strict';
const LOGIN = ${JSON.stringify(loginOperation)};
const form = document.getElementById('sign-in');
const error = document.getElementById('error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    const variables = { email: form.email.value, password: form.password.value };
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationName: 'Login', query: LOGIN, variables }),
    });
    const result = await response.json();
    if (result.errors && result.errors.length) throw new Error(result.errors[0].message);
    const login = result.data.login;
    if (login.user.role !== 'ADMIN') throw new Error('This account is not an administrator.');
    const session = await fetch('/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: login.accessToken }),
    });
    if (!session.ok) throw new Error((await session.json()).message);
    window.location.assign('/admin/queues');
  } catch (failure) {
    error.textContent = failure.message;
  }
});
`;
}
