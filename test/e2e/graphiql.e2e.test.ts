/**
 * GraphiQL end to end: a real headless Chromium opens the page the server serves at /graphql,
 * runs the default query and must never leave the machine (the bundle is self-hosted, no CDN).
 *
 * Needs Debian's chromium at /usr/bin/chromium (override with CHROMIUM_PATH); `npm test` installs it
 * first when it is missing (scripts/test-prerequisites.cjs). Takes a screenshot
 * into the temp folder; with UPDATE_DOCS_SCREENSHOT=1 it replaces docs/graphiql.png instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeApiKeyFile } from '../helpers/auth';
import { startTestServer, TEST_DATA } from '../helpers/test-server';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOT = process.env.UPDATE_DOCS_SCREENSHOT === '1' ? path.join(ROOT, 'docs', 'graphiql.png') : path.join(os.tmpdir(), `graphiql-e2e-${process.pid}.png`);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * The page's "now": the end of the generated data set, so that the default query's "last day"
 * window (computed in the page from the current date) covers the data's final day.
 */
const PAGE_NOW_MS = Date.parse(`${TEST_DATA.start}T00:00:00Z`) + TEST_DATA.days * DAY_MS;

/** Text of a GraphiQL pane; Monaco renders spaces as no-break spaces. */
async function paneText(page: Page, selector: string): Promise<string> {
  const text = await page.locator(selector).innerText();
  return text.replace(/\u00a0/g, ' ');
}

describe('GraphiQL page (headless Chromium)', () => {
  let server: { url: string; stop(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: run npm run test-prerequisites (as root with apt-get it installs it, otherwise it prints the command), apt-get install -y chromium, or set CHROMIUM_PATH`);
    }
    // Skips in milliseconds when dist/graphiql is up to date (npm test has built it already).
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-graphiql.mjs')], { stdio: 'inherit' });
    server = await startTestServer();
    // playwright gives every launch a fresh temporary profile (user-data-dir).
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the default query from the self-hosted bundle without leaving 127.0.0.1', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // Only Date is faked; timers keep running.
    await page.clock.setFixedTime(PAGE_NOW_MS);
    const requested: string[] = [];
    const pageErrors: string[] = [];
    const cspViolations: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('websocket', (socket) => requested.push(socket.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });

    const navigation = await page.goto(`${server.url}/graphql`);
    expect(navigation?.status()).toBe(200);
    expect(navigation?.headers()['content-type']).toMatch(/^text\/html/);
    await expect(page.title()).resolves.toBe('Connect Analytics GraphQL');

    // The editor is ready once Monaco has rendered the default operation.
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 60_000 });
    await page.locator('.graphiql-query-editor', { hasText: 'contacts' }).waitFor({ timeout: 30_000 });
    // Variables are filled from the (page's) current date on a first visit.
    const variables = await paneText(page, '.graphiql-editor-tool');
    expect(variables).toContain(`"to": "${new Date(PAGE_NOW_MS).toISOString()}"`);

    const graphqlResponse = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' &&
        new URL(response.url()).pathname === '/graphql' &&
        /contacts\s*\(/.test(response.request().postData() ?? ''),
      { timeout: 60_000 },
    );
    await page.locator('button.graphiql-execute-button').click();
    const response = await graphqlResponse;
    expect(response.status()).toBe(200);
    const body = (await response.json()) as {
      data?: { contacts?: { edges: Array<{ node: { contactId: string } }> } };
      errors?: unknown[];
    };
    expect(body.errors).toBeUndefined();
    expect(body.data?.contacts?.edges.length).toBeGreaterThan(0);

    // The response pane shows the result.
    await page.locator('.graphiql-response', { hasText: /"contactId"/ }).waitFor({ timeout: 30_000 });
    const shown = await paneText(page, '.graphiql-response');
    expect(shown).toContain('"contacts"');
    expect(shown).toMatch(/"contactId": "[^"]+"/);

    // No tooltip over the run button in the picture.
    await page.mouse.move(1000, 450);
    await page.waitForTimeout(300);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);

    const offHost = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      if (protocol === 'data:' || protocol === 'blob:') return false;
      return !LOCAL_HOSTS.has(hostname);
    });
    expect(requested.length).toBeGreaterThan(0);
    expect(offHost).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('runs a subscription with the headers editor\'s API key as the WebSocket credential (AUTH_MODE=apikey)', async () => {
    const key = 'ak_graphiql_e2e_0123456789';
    const secured = await startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile([{ key, principal: 'graphiql-user', instances: ['*'], scopes: ['live:read'] }]) });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      // A saved tab (graphiql 5's storage format) with a subscription; the key is typed into the headers editor.
      const tabState = {
        activeTabIndex: 0,
        tabs: [{ id: 'ticks', hash: null, title: 'Ticks', query: 'subscription Ticks { serverTimeTicks(intervalSeconds: 1) }', variables: null, headers: null, operationName: 'Ticks', response: null }],
      };
      await context.addInitScript((state) => {
        const storage = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage;
        storage.setItem('graphiql:tabState', state);
      }, JSON.stringify(tabState));
      const page = await context.newPage();
      const frames: string[] = [];
      const closes: number[] = [];
      page.on('websocket', (socket) => {
        socket.on('framesent', (frame) => frames.push(`sent ${String(frame.payload)}`));
        socket.on('framereceived', (frame) => frames.push(`received ${String(frame.payload)}`));
        socket.on('close', () => closes.push(Date.now()));
      });
      expect((await page.goto(`${secured.url}/graphql`))?.status()).toBe(200);
      await page.locator('.graphiql-query-editor', { hasText: 'serverTimeTicks' }).waitFor({ timeout: 60_000 });
      // GraphiQL reads the headers from the headers editor, which exists once its tab has been opened.
      await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
      const headersEditor = page.locator('.graphiql-editor-tool .monaco-editor:visible').first();
      await headersEditor.click();
      await page.keyboard.insertText(JSON.stringify({ 'x-api-key': key }));
      await page.locator('.graphiql-editor-tool', { hasText: 'x-api-key' }).waitFor({ timeout: 30_000 });
      await page.locator('button.graphiql-execute-button').click();
      await page.locator('.graphiql-response', { hasText: 'serverTimeTicks' }).waitFor({ timeout: 30_000 });

      const init = frames.find((f) => f.startsWith('sent ') && f.includes('connection_init'));
      expect(init).toContain(key);
      expect(frames.some((f) => f.startsWith('received ') && f.includes('connection_ack'))).toBe(true);
      expect(frames.some((f) => f.startsWith('received ') && f.includes('"serverTimeTicks"'))).toBe(true);
      expect(closes).toEqual([]);
    } finally {
      await context.close();
      await secured.stop();
    }
  });
});
