import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { E2E_ENV, E2E_GATEWAY_URL } from '@test/e2e-environment';
import { createProduct, loginAdmin, registerCustomer, sendOk, waitForTerminalOrder, type Session } from '@test/shop-client';

const ORIGIN = new URL(E2E_GATEWAY_URL).origin;
const QUEUES = [
  'checkout.reserve-stock',
  'checkout.authorize-payment',
  'checkout.capture-payment',
  'checkout.commit-stock',
  'checkout.confirm-order',
  'checkout.release-stock',
  'checkout.reverse-payment',
  'checkout.cancel-order',
];
/** Where README's screenshot lives; the test writes it there only with UPDATE_SCREENSHOTS=1. */
const README_SCREENSHOT = join(__dirname, '..', '..', 'docs', 'images', 'queue-dashboard.png');

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ORIGIN}${path}`, { headers, redirect: 'manual' });
const bearer = (session: Session) => ({ authorization: `Bearer ${session.accessToken}` });
const postSession = (accessToken: string, headers: Record<string, string> = {}) =>
  fetch(`${ORIGIN}/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ accessToken }),
  });

describe('queue dashboard at /admin/queues', () => {
  let admin: Session;
  let customer: Session;

  beforeAll(async () => {
    admin = await loginAdmin();
    customer = await registerCustomer();
    // One checkout, so the board has jobs to show.
    const product = await createProduct(admin, { initialStock: 5 });
    const { placeOrder } = await sendOk(
      'PlaceOrder',
      { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_visa' } },
      customer.accessToken,
    );
    await waitForTerminalOrder(placeOrder.id, customer.accessToken);
  });

  it('answers 401 to anonymous callers, 403 to customers, and the board to admins', async () => {
    const anonymous = await get('/admin/queues/api/queues');
    expect({ status: anonymous.status, body: await anonymous.json() }).toEqual({ status: 401, body: { message: 'Sign in as an administrator' } });
    const forged = await get('/admin/queues/api/queues', { authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
    const asCustomer = await get('/admin/queues/api/queues', bearer(customer));
    expect({ status: asCustomer.status, body: await asCustomer.json() }).toEqual({ status: 403, body: { message: 'Administrators only' } });
    const browserWithoutCookie = await get('/admin/queues', { accept: 'text/html' });
    expect(browserWithoutCookie.status).toBe(401);
    expect(await browserWithoutCookie.text()).toContain('href="/admin/sign-in"');

    const asAdmin = await get('/admin/queues/api/queues', bearer(admin));
    expect(asAdmin.status).toBe(200);
    const { queues } = (await asAdmin.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(queues.map((queue) => queue.name).sort()).toEqual([...QUEUES].sort());
    expect(queues.find((queue) => queue.name === 'checkout.capture-payment')?.counts.completed).toBeGreaterThanOrEqual(1);
  });

  it('turns only an admin token into an HttpOnly, SameSite=Strict cookie, Secure behind HTTPS', async () => {
    expect((await postSession(customer.accessToken)).status).toBe(403);
    expect((await postSession('forged')).status).toBe(401);
    const missing = await fetch(`${ORIGIN}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(400);

    const plain = await postSession(admin.accessToken);
    expect(plain.status).toBe(204);
    const cookie = plain.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^retail_admin_token=[^;]+; Path=\/admin; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const behindTls = await postSession(admin.accessToken, { 'x-forwarded-proto': 'https' });
    expect(behindTls.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);

    const withCookie = await get('/admin/queues/api/queues', { cookie: cookie.split(';')[0]! });
    expect(withCookie.status).toBe(200);
    const customerCookie = `retail_admin_token=${encodeURIComponent(customer.accessToken)}`;
    expect((await get('/admin/queues/api/queues', { cookie: customerCookie })).status).toBe(403);
  });

  describe('in a browser', () => {
    let browser: Browser;
    let screenshots: string;

    beforeAll(async () => {
      screenshots = await mkdtemp(join(tmpdir(), 'queue-dashboard-'));
      // playwright gives the browser a new empty profile of its own.
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
      await rm(screenshots, { recursive: true, force: true });
    });

    it('lets an admin sign in on /admin/sign-in and shows the saga queues', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const refused = await page.goto(`${ORIGIN}/admin/queues`);
      expect(refused?.status()).toBe(401);
      await page.click('a[href="/admin/sign-in"]');
      await page.fill('#email', E2E_ENV.ADMIN_EMAIL!);
      await page.fill('#password', E2E_ENV.ADMIN_PASSWORD!);
      await Promise.all([page.waitForURL(`${ORIGIN}/admin/queues`), page.click('button[type=submit]')]);
      await page.getByText('checkout.capture-payment').first().waitFor();
      for (const queue of QUEUES) expect(await page.getByText(queue).count()).toBeGreaterThan(0);
      // HttpOnly: the page's scripts cannot read the token.
      expect(await page.evaluate('document.cookie')).toBe('');

      const screenshot = join(screenshots, 'queue-dashboard.png');
      await page.screenshot({ path: screenshot, fullPage: false });
      if (process.env.UPDATE_SCREENSHOTS === '1') await copyFile(screenshot, README_SCREENSHOT);
      await page.close();
    });

    it('tells a customer who signs in there that the board is for administrators', async () => {
      const page = await browser.newPage();
      await page.goto(`${ORIGIN}/admin/sign-in`);
      await page.fill('#email', customer.email);
      await page.fill('#password', 'correct-horse-42');
      await page.click('button[type=submit]');
      await page.getByText('This account is not an administrator.').waitFor();
      await page.close();
    });
  });
});
