import { Logger } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, loopbackOnlyContext } from '@test/browser';
import { send, startEdgeTestBackend, startTestGateway, type EdgeTestBackend, type TestGateway } from './support/edge-test-gateway';

/** Replaces the text of a GraphiQL (CodeMirror) editor as a person would: click, select all, type. */
async function typeInto(page: Page, editorSelector: string, text: string): Promise<void> {
  await page.click(`${editorSelector} .CodeMirror-scroll`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // CodeMirror closes brackets by itself; typing the closing ones steps over them.
  await page.keyboard.type(text);
}

/**
 * Opens the explorer and waits until GraphiQL is ready: its editor shows the default query and it has read the
 * schema (introspection), after which it no longer rewrites the editor.
 */
async function openExplorer(page: Page, url: string): Promise<void> {
  const introspected = page.waitForResponse((response) => (response.request().postData() ?? '').includes('IntrospectionQuery'));
  await page.goto(url);
  await introspected;
  await page.locator('.graphiql-query-editor', { hasText: 'query Products' }).waitFor();
}

const responseText = (page: Page) => page.locator('.graphiql-response .CodeMirror-code').innerText();

// Chromium and a 3.5 MB GraphiQL bundle start slowly on a busy 2-core machine; this bounds the wait, it asserts no speed.
jest.setTimeout(90_000);

describe('the offline explorer in a browser', () => {
  let backend: EdgeTestBackend;
  let development: TestGateway;
  let production: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    backend = await startEdgeTestBackend();
    development = await startTestGateway(backend);
    production = await startTestGateway(backend, {
      NODE_ENV: 'production',
      GATEWAY_CLIENT_SECRET: 'a-production-secret-of-enough-length-0123456789',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await development?.close();
    await production?.close();
    await backend?.close();
    jest.restoreAllMocks();
  });

  it('loads GraphiQL from the gateway alone, runs a typed query and shows its data', async () => {
    const { context, blocked } = await loopbackOnlyContext(browser);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));

    await openExplorer(page, development.url);
    await typeInto(page, '.graphiql-query-editor', 'query Greeting { hello }');
    await page.locator('.graphiql-query-editor', { hasText: 'query Greeting { hello }' }).waitFor();
    // GraphiQL reads the operation's name from the editor after a short debounce, and stores it when it has.
    // (A function, not a string: the page's content security policy forbids eval.)
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(
          'graphiql:operationName',
        ) === 'Greeting',
    );
    await page.click('.graphiql-execute-button');
    await page.locator('.graphiql-response', { hasText: 'world' }).waitFor();

    expect(await responseText(page)).toContain('"hello": "world"');
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('sends the headers typed in its headers editor (the access token)', async () => {
    const { context } = await loopbackOnlyContext(browser);
    const page = await context.newPage();
    await openExplorer(page, development.url);
    await typeInto(page, '.graphiql-query-editor', '{ hello }');
    // The headers editor is open from the start, holding an empty Authorization for the token.
    await typeInto(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', '{ "Authorization": "Bearer not-a-real-token" ');
    await page.click('.graphiql-execute-button');
    await page.locator('.graphiql-response', { hasText: 'UNAUTHENTICATED' }).waitFor();

    expect(await responseText(page)).toContain('"code": "UNAUTHENTICATED"');
    await context.close();
  });

  it('is not served in production', async () => {
    const page = await send(production.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    const script = await fetch(production.url.replace(/\/graphql$/, '/explorer/graphiql.js'));
    expect(script.status).toBe(404);
  });
});
