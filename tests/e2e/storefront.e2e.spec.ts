import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { E2E_GATEWAY_URL, E2E_STOREFRONT_ORIGIN } from '@test/e2e-environment';
import { createProduct, loginAdmin, stockOf, type Session } from '@test/shop-client';
import { buildStorefront, launchChromium, serveStatic } from '@test/storefront-browser';

/**
 * The reference storefront (examples/storefront) in headless Chromium against the system the e2e setup started:
 * built by Vite for that gateway, served from its own origin (so every call is cross-origin, through CORS), and
 * driven as a shopper would, by its labels and buttons.
 */
const NAME = process.env.E2E_NAME ?? 'e2e';
const WORK_DIR = join(__dirname, '..', '..', '.local', NAME, 'storefront');
const SCREENSHOTS = join(WORK_DIR, 'screenshots');
const MANIFEST = JSON.parse(readFileSync(join(__dirname, '..', '..', 'gateway', 'operations', 'manifest.json'), 'utf8')) as {
  operations: { id: string; name: string; body: string }[];
};
/** Upper bound for the checkout saga to settle (the processing-error card waits for a retry). */
const SETTLES_WITHIN_MS = 30_000;

jest.setTimeout(120_000);

interface Traffic {
  /** Bodies of the page's POSTs to the gateway. */
  graphqlRequests: Record<string, any>[];
  /** Frames the page sent and received on its WebSocket to the gateway. */
  socketFramesSent: Record<string, any>[];
  socketFramesReceived: Record<string, any>[];
  /** Console errors and uncaught exceptions of the page. */
  pageErrors: string[];
}

describe('the reference storefront in a browser', () => {
  let browser: Browser;
  let storefront: { url: string; close(): Promise<void> };
  let admin: Session;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildStorefront(join(WORK_DIR, 'dist'), E2E_GATEWAY_URL);
    storefront = await serveStatic(join(WORK_DIR, 'dist'), Number(new URL(E2E_STOREFRONT_ORIGIN).port));
    browser = await launchChromium();
    admin = await loginAdmin();
  });

  afterAll(async () => {
    await browser?.close();
    await storefront?.close();
  });

  let context: BrowserContext;
  let page: Page;
  let traffic: Traffic;

  beforeEach(async () => {
    // A fresh profile per test: its own localStorage, so its own shopper and cart.
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    traffic = record(page);
  });

  afterEach(async () => {
    await context.close();
  });

  async function open(hash: string): Promise<void> {
    await page.goto(`${storefront.url}/${hash}`);
  }

  async function registerShopper(): Promise<{ name: string; email: string }> {
    const shopper = { name: 'Ada Lovelace', email: `ada-${randomUUID().slice(0, 8)}@example.com` };
    await open('#/register');
    await page.getByLabel('Name').fill(shopper.name);
    await page.getByLabel('Email').fill(shopper.email);
    await page.getByLabel('Password').fill('correct horse 42');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('account-name').filter({ hasText: shopper.name }).waitFor();
    return shopper;
  }

  /** Finds the product by searching the catalog, puts `quantity` in the cart, and checks out with `card`. */
  async function buy(sku: string, card: string, quantity = 1): Promise<string> {
    await open('#/');
    await page.getByRole('searchbox', { name: 'Search products' }).fill(sku);
    await page.getByTestId('result-count').filter({ hasText: /^1 product\b/ }).waitFor();
    for (let added = 0; added < quantity; added += 1) {
      await page.getByTestId('product-card').getByRole('button', { name: 'Add to cart' }).click();
    }
    await page.getByTestId('cart-count').filter({ hasText: String(quantity) }).waitFor();
    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.getByRole('radio', { name: new RegExp(card) }).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/#\/orders\/.+/);
    const orderId = decodeURIComponent(new URL(page.url()).hash.replace('#/orders/', ''));
    // Marks this document: if the page reloaded, the mark would be gone.
    await page.evaluate(() => ((globalThis as unknown as { sameDocument: boolean }).sameDocument = true));
    return orderId;
  }

  async function waitForStatus(label: string): Promise<void> {
    await page.getByTestId('order-status').filter({ hasText: label }).first().waitFor({ timeout: SETTLES_WITHIN_MS });
  }

  async function stillSameDocument(): Promise<boolean> {
    return page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument === true);
  }

  it('browses with search and pagination', async () => {
    await open('#/');
    await page.locator('.product-grid[aria-busy="false"]').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog.png') });
    const firstPage = await page.getByTestId('product-card').locator('h2').allTextContents();
    expect(firstPage).toHaveLength(12);

    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByTestId('page-indicator').filter({ hasText: 'Page 2 of' }).waitFor();
    await page.locator('.product-grid[aria-busy="false"]').waitFor();
    const secondPage = await page.getByTestId('product-card').locator('h2').allTextContents();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);

    await page.getByRole('button', { name: '← Previous' }).click();
    await page.getByTestId('page-indicator').filter({ hasText: 'Page 1 of' }).waitFor();

    const product = await createProduct(admin, { priceAmount: 4250 });
    await page.getByRole('searchbox', { name: 'Search products' }).fill(product.sku);
    await page.getByTestId('result-count').filter({ hasText: /^1 product\b/ }).waitFor();
    expect(await page.getByTestId('product-card').locator('h2').allTextContents()).toEqual([`Test product ${product.sku}`]);
    expect(await page.getByTestId('product-card').textContent()).toContain('$42.50');

    await page.getByRole('link', { name: `Test product ${product.sku}` }).click();
    await page.getByRole('heading', { name: `Test product ${product.sku}` }).waitFor();
    const details = await page.locator('main').textContent();
    expect(details).toContain(`SKU ${product.sku}`);
    expect(details).toContain('Made by the end-to-end tests');
    expect(details).toContain('teal');
    expect(details).toContain('10 in stock');
    await page.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('cart-count').filter({ hasText: /^3$/ }).waitFor();
    expect(traffic.pageErrors).toEqual([]);
  });

  it('buys with a good card and shows the order reach CONFIRMED live, without reloading', async () => {
    const product = await createProduct(admin, { priceAmount: 1250, initialStock: 5 });
    const shopper = await registerShopper();
    const orderId = await buy(product.sku, 'tok_visa', 2);

    await waitForStatus('Confirmed');
    expect(await stillSameDocument()).toBe(true);
    await page.getByTestId('payment-status').filter({ hasText: 'Charged' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'order-confirmed.png') });

    // The update came over the subscription: the registered OrderStatus text, answered with CONFIRMED.
    const subscribe = traffic.socketFramesSent.find((frame) => frame.type === 'subscribe');
    expect(subscribe?.payload).toMatchObject({ operationName: 'OrderStatus', query: bodyOf('OrderStatus'), variables: { id: orderId } });
    const statuses = traffic.socketFramesReceived.filter((frame) => frame.type === 'next').map((frame) => frame.payload.data.orderStatusChanged.status);
    expect(statuses[statuses.length - 1]).toBe('CONFIRMED');
    // Queries and mutations went as persisted queries: the manifest id, and text only as the registered body
    // (sent once per operation when the gateway does not consult its manifest, as in development).
    expect(traffic.graphqlRequests.length).toBeGreaterThan(0);
    for (const request of traffic.graphqlRequests) {
      expect(request.extensions.persistedQuery.sha256Hash).toBe(idOf(request.operationName));
      if (request.query !== undefined) expect(request.query).toBe(bodyOf(request.operationName));
    }
    expect(await stockOf(product.id)).toEqual({ available: 3, reserved: 0 });

    // Past orders, after a reload: the session resumes from the stored refresh token.
    await page.reload();
    await page.getByTestId('account-name').filter({ hasText: shopper.name }).waitFor();
    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    const row = page.getByTestId('order-row');
    await row.filter({ hasText: 'Confirmed' }).waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('$25.00');
    expect(traffic.graphqlRequests.some((request) => request.operationName === 'RefreshSession')).toBe(true);
    expect(traffic.pageErrors).toEqual([]);
  });

  it('shows a declined card as a cancelled order with the reason, live', async () => {
    const product = await createProduct(admin, { initialStock: 4 });
    await registerShopper();
    await buy(product.sku, 'tok_chargeDeclined');

    await waitForStatus('Cancelled');
    expect(await stillSameDocument()).toBe(true);
    expect(await page.getByTestId('failure-reason').textContent()).toMatch(/declined/i);
    await page.getByTestId('payment-status').filter({ hasText: 'Declined' }).waitFor();
    expect(await page.getByRole('button', { name: /^Cancel/ }).count()).toBe(0);
    expect(await stockOf(product.id)).toEqual({ available: 4, reserved: 0 });
    expect(traffic.pageErrors).toEqual([]);
  });

  it('cancels a confirmed order: refunded, stock back, followed live; then signs out', async () => {
    const product = await createProduct(admin, { priceAmount: 900, initialStock: 2 });
    await registerShopper();
    await buy(product.sku, 'tok_visa');
    await waitForStatus('Confirmed');

    await page.getByRole('button', { name: 'Cancel and refund' }).click();
    await waitForStatus('Cancelled');
    expect(await stillSameDocument()).toBe(true);
    await page.getByTestId('payment-status').filter({ hasText: 'Refunded' }).waitFor();
    expect(await stockOf(product.id)).toEqual({ available: 2, reserved: 0 });
    const statuses = traffic.socketFramesReceived.filter((frame) => frame.type === 'next').map((frame) => frame.payload.data.orderStatusChanged.status);
    expect(statuses[statuses.length - 1]).toBe('CANCELLED');

    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    await page.getByTestId('order-row').filter({ hasText: 'Cancelled' }).waitFor();

    // Signing out revokes the session on the server and leaves nothing private on screen.
    const logout = page.waitForRequest((request) => request.url() === E2E_GATEWAY_URL && /"operationName":"Logout"/.test(request.postData() ?? ''));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    expect((await (await logout).response())?.status()).toBe(200);
    // The app goes to the home page once the server has answered; going to the orders before that races it.
    await page.waitForURL((url) => url.hash === '#/');
    await open('#/orders');
    await page.getByRole('heading', { name: 'Please sign in' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('retail-storefront.refresh-token'))).toBeNull();
    expect(traffic.pageErrors).toEqual([]);
  });

  it('asks for sign-in before checkout, and shows a wrong password or a weak one clearly', async () => {
    const product = await createProduct(admin);
    await open('#/');
    await page.getByRole('searchbox', { name: 'Search products' }).fill(product.sku);
    await page.getByTestId('result-count').filter({ hasText: /^1 product\b/ }).waitFor();
    await page.getByTestId('product-card').getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.getByRole('link', { name: 'Sign in to check out' }).click();

    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Invalid email or password');
    expect(await page.getByRole('button', { name: 'Place order' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Weak Password');
    await page.getByLabel('Email').fill(`weak-${randomUUID().slice(0, 8)}@example.com`);
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: 'Password must contain at least one letter and one digit' }).waitFor();
    expect(await page.getByTestId('account-name').count()).toBe(0);
  });
});

function idOf(operationName: string): string | undefined {
  return MANIFEST.operations.find((operation) => operation.name === operationName)?.id;
}

function bodyOf(operationName: string): string | undefined {
  return MANIFEST.operations.find((operation) => operation.name === operationName)?.body;
}

/** Records what the page sends to the gateway and what goes wrong in it. */
function record(page: Page): Traffic {
  const traffic: Traffic = { graphqlRequests: [], socketFramesSent: [], socketFramesReceived: [], pageErrors: [] };
  page.on('request', (request) => {
    if (request.url() === E2E_GATEWAY_URL && request.method() === 'POST') traffic.graphqlRequests.push(JSON.parse(request.postData() ?? '{}'));
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => traffic.socketFramesSent.push(JSON.parse(String(payload))));
    socket.on('framereceived', ({ payload }) => traffic.socketFramesReceived.push(JSON.parse(String(payload))));
  });
  page.on('pageerror', (error) => traffic.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') traffic.pageErrors.push(message.text());
  });
  return traffic;
}
