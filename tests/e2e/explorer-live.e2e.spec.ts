import type { Browser, Page } from 'playwright-core';
import { launchChromium, loopbackOnlyContext } from '@test/browser';
import { E2E_GATEWAY_URL } from '@test/e2e-environment';
import { createProduct, loginAdmin, registerCustomer, sendOk } from '@test/shop-client';

// Chromium and a 3.5 MB GraphiQL bundle start slowly on a busy 2-core machine; this bounds the wait, it asserts no speed.
jest.setTimeout(90_000);

async function typeInto(page: Page, editorSelector: string, text: string): Promise<void> {
  await page.click(`${editorSelector} .CodeMirror-scroll`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

describe('the explorer against the whole system', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('follows an order live with the token from its headers editor', async () => {
    const admin = await loginAdmin();
    const customer = await registerCustomer();
    const product = await createProduct(admin, { initialStock: 2 });
    const { placeOrder } = await sendOk(
      'PlaceOrder',
      { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_visa' } },
      customer.accessToken,
    );

    const { context, blocked } = await loopbackOnlyContext(browser);
    const page = await context.newPage();
    const introspected = page.waitForResponse((response) => (response.request().postData() ?? '').includes('IntrospectionQuery'));
    await page.goto(E2E_GATEWAY_URL);
    await introspected;
    await page.locator('.graphiql-query-editor', { hasText: 'query Products' }).waitFor();

    await typeInto(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', `{ "Authorization": "Bearer ${customer.accessToken}" `);
    await typeInto(page, '.graphiql-query-editor', `subscription { orderStatusChanged(id: "${placeOrder.id}") { id status `);
    // GraphiQL re-parses the editor shortly after typing stops (debounced); it picks the transport from that parse.
    await page.waitForTimeout(1_000);
    await page.click('.graphiql-execute-button');
    await page.locator('.graphiql-response', { hasText: 'CONFIRMED' }).waitFor();

    const response = await page.locator('.graphiql-response .CodeMirror-code').innerText();
    expect(response).toContain(placeOrder.id);
    expect(response).toContain('"status": "CONFIRMED"');
    expect(blocked).toEqual([]);
    await context.close();
  });
});
