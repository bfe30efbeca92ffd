/**
 * The live wallboard (/wallboard) end to end: a real headless Chromium against the real server
 * (DuckDB over demo data that includes today, embedded dynalite), events POSTed to the real ingest
 * routes, a spawned server process for the restart case, API keys and signed links, an iframe on
 * another origin, and a 500-agent, 20-queue board at 20 agent changes per second.
 *
 * Measured figures (event → pixel latency, long tasks) are printed and written to
 * `<tmp>/wallboard-e2e-<pid>.json`; tests assert behaviour, not speed. With
 * UPDATE_DOCS_SCREENSHOT=1 the screenshot replaces docs/wallboard.png.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { generateDemoData } from '../../src/local/demo-data';
import { buildContactCenterModel } from '../../src/local/demo-data';
import { createSignedLinkSigner } from '../../src/server/graphql/auth/signed-link';
import { writeApiKeyFile } from '../helpers/auth';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { boardAgentEvent, postAgentEvents, postContactEvents, queuedContactEvents, type BoardAgent, type BoardQueue } from '../helpers/wallboard-events';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOT = process.env.UPDATE_DOCS_SCREENSHOT === '1' ? path.join(ROOT, 'docs', 'wallboard.png') : path.join(os.tmpdir(), `wallboard-e2e-${process.pid}.png`);
const RESULTS = path.join(os.tmpdir(), `wallboard-e2e-${process.pid}.json`);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SEED = 'wallboard-e2e';
const model = buildContactCenterModel(SEED, 6);
const INSTANCE = model.instance.arn;
const QUEUES: BoardQueue[] = model.queues.map((q) => ({ arn: q.arn, name: q.name }));
const AGENTS: BoardAgent[] = model.agents.map((a) => ({ id: a.id, username: a.username, firstName: a.firstName, lastName: a.lastName }));
const results: Record<string, unknown> = {};

/**
 * Long tasks seen by the page from its first script on (`window.__longTasks`), and the time the
 * board's own animation-frame callbacks (its batched DOM updates) take (`window.__frameWorkMs`).
 */
const LONG_TASK_OBSERVER = `
  window.__frameWorkMs = [];
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((time) => {
    const started = performance.now();
    callback(time);
    window.__frameWorkMs.push(performance.now() - started);
  });
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ startMs: e.startTime, durationMs: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
`;

/**
 * In the page: POSTs `body` to `ingestPath` with fetch and resolves with the time from just before
 * the POST to the MutationObserver callback that sees `shownJs` (a JS expression over `document`)
 * become true, and to the next animation frame after it (when the change is painted); -1 when it
 * does not within 15 s.
 */
function measureEventToPixel(ingestPath: string, body: unknown, shownJs: string): string {
  return `(async () => {
    const matches = () => Boolean(${shownJs});
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => { if (matches()) { observer.disconnect(); resolve(performance.now()); } });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      setTimeout(() => { observer.disconnect(); resolve(-1); }, 15000);
    });
    const started = performance.now();
    const response = await fetch(${JSON.stringify(ingestPath)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(JSON.stringify(body))} });
    if (!response.ok) return { error: response.status + ' ' + (await response.text()) };
    const seen = await changed;
    if (seen < 0) return { mutationMs: -1, frameMs: -1 };
    const painted = await new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    return { mutationMs: seen - started, frameMs: painted - started };
  })()`;
}

async function connectionText(page: Page): Promise<string> {
  return page.locator('#connection').innerText();
}

async function waitForLive(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('#connection[data-state="live"]').waitFor({ timeout: timeoutMs });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('wallboard page (headless Chromium)', () => {
  let dataDir: string;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run npm run test-prerequisites, apt-get install -y chromium, or set CHROMIUM_PATH`);
    // Milliseconds when dist/wallboard is up to date (npm test has built it already).
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-wallboard.mjs')], { stdio: 'inherit' });
    // Yesterday and today (the default start): today's service level and counts have data.
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-wallboard-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 2, agents: 6, seed: SEED, progress: false });
    server = await startTestServer({ DATA_DIR: dataDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    // Every agent on the board: Available, the first two on a call.
    const nowMs = Date.now();
    await postAgentEvents(
      server.url,
      AGENTS.map((agent, i) => boardAgentEvent(INSTANCE, agent, QUEUES, 'Available', nowMs - 60_000 - i * 1000, i < 2 ? [{ queue: QUEUES[1]!, state: 'CONNECTED' }] : [])),
    );
    // Contacts waiting in Sales (two) and Support (one), for a board with queues in motion.
    const sales = QUEUES.find((q) => q.name === 'Sales')!;
    const support = QUEUES.find((q) => q.name === 'Support')!;
    await postContactEvents(server.url, [
      ...queuedContactEvents(INSTANCE, sales, `wb-waiting-1-${nowMs}`, nowMs - 45_000),
      ...queuedContactEvents(INSTANCE, sales, `wb-waiting-2-${nowMs}`, nowMs - 12_000),
      ...queuedContactEvents(INSTANCE, support, `wb-waiting-3-${nowMs}`, nowMs - 8_000),
    ]);
  });

  afterAll(async () => {
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wallboard e2e figures (${RESULTS}):\n${JSON.stringify(results, null, 2)}`);
    await browser?.close();
    await server?.stop();
  });

  async function openBoard(url: string, viewport = { width: 1920, height: 1080 }): Promise<{ context: BrowserContext; page: Page; pageErrors: string[]; cspViolations: string[]; offHost: string[] }> {
    const context = await browser.newContext({ viewport });
    await context.addInitScript(LONG_TASK_OBSERVER);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const cspViolations: string[] = [];
    const offHost: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('request', (request) => {
      const { hostname, protocol } = new URL(request.url());
      if (protocol !== 'data:' && hostname !== '127.0.0.1') offHost.push(request.url());
    });
    await page.goto(url);
    return { context, page, pageErrors, cspViolations, offHost };
  }

  it('renders queues with live counts and today\'s history, and the agent grid, with a strict CSP and frame-ancestors', async () => {
    const response = await fetch(`${server.url}/wallboard`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    expect(response.headers.get('x-frame-options')).toBeNull();

    const { context, page, pageErrors, cspViolations, offHost } = await openBoard(`${server.url}/wallboard?timeZone=America/New_York&sl=30`);
    try {
      await waitForLive(page);
      await page.locator('.queue').nth(QUEUES.length - 1).waitFor();
      await expect(page.locator('.queue .queue-name').allInnerTexts()).resolves.toEqual([...QUEUES.map((q) => q.name)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      await page.locator('.agent').nth(AGENTS.length - 1).waitFor();
      expect(await page.locator('.agent').count()).toBe(AGENTS.length);
      // Two agents are on a Sales call; all six take Sales contacts.
      const sales = page.locator('.queue', { has: page.locator('.queue-name', { hasText: /^Sales$/ }) });
      await expect(sales.locator('[data-group="onContact"]').innerText()).resolves.toBe('2 on contact');
      await expect(sales.locator('[data-group="onContact"]').getAttribute('title')).resolves.toBe('agents on contact');
      await expect(sales.locator('[data-group="available"]').innerText()).resolves.toBe('4 available');
      await expect(page.locator('.agent[data-activity="ON_CONTACT"] .agent-contact').first().innerText()).resolves.toMatch(/^VOICE · connected · Sales$/);
      // Two contacts wait in Sales, the oldest for 45 s: over the URL's 30 s threshold, so flagged (⚠ and colour).
      await expect(sales.locator('.kpi-value').first().innerText()).resolves.toBe('2');
      await expect(sales.locator('.kpi[data-alert="true"] .kpi-value').innerText()).resolves.toMatch(/^0:4\d$/);
      // Today's history (the demo data covers today): a percentage and counts, not placeholders.
      await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('.queue .sl')?.textContent?.includes('…'));
      const history = await sales.locator('.history').innerText();
      expect(history).toMatch(/SL 30s\s+(\d+%|—)/);
      expect(history).toMatch(/handled\s+\d+/);
      expect(history).toMatch(/abandoned\s+\d+/);
      const handled = Number((await sales.locator('.handled').innerText()).trim());
      expect(handled).toBeGreaterThanOrEqual(0);
      // Time in state ticks from the client clock.
      const before = await page.locator('.agent .agent-time').first().innerText();
      await page.waitForFunction((text) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('.agent .agent-time')?.textContent !== text, before, { timeout: 5_000 });

      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
      expect(pageErrors).toEqual([]);
      expect(cspViolations).toEqual([]);
      expect(offHost).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows an ingested agent event and contact event without reload (event → pixel latency measured in the page)', async () => {
    const { context, page } = await openBoard(`${server.url}/wallboard`);
    try {
      await waitForLive(page);
      await page.locator('.agent').nth(AGENTS.length - 1).waitFor();
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => navigations.push(frame.url()));

      const agent = AGENTS[3]!;
      const lunch = [boardAgentEvent(INSTANCE, agent, QUEUES, 'Lunch', Date.now())];
      const agentLatency = (await page.evaluate(measureEventToPixel('/ingest/agent-events', lunch, `document.querySelector('.agent[data-agent="${agent.username}"][data-activity="NON_PRODUCTIVE"]')`))) as { mutationMs: number; frameMs: number; error?: string };
      expect(agentLatency.error).toBeUndefined();
      expect(agentLatency.mutationMs).toBeGreaterThan(0);
      await expect(page.locator(`.agent[data-agent="${agent.username}"] .act`).innerText()).resolves.toBe('Lunch');

      // BasicQueue: no contact waits there yet, so the new one is the oldest.
      const support = QUEUES.find((q) => q.name === 'BasicQueue')!;
      const before = Number(await page.locator(`.queue[data-arn="${support.arn}"] .kpi-value`).first().innerText());
      const contactEvents = queuedContactEvents(INSTANCE, support, `wb-latency-${Date.now()}`, Date.now() - 2_000);
      const queueLatency = (await page.evaluate(measureEventToPixel('/ingest/contact-events', contactEvents, `document.querySelector('.queue[data-arn="${support.arn}"] .kpi-value')?.textContent === '${before + 1}'`))) as { mutationMs: number; frameMs: number; error?: string };
      expect(queueLatency.error).toBeUndefined();
      await page.waitForFunction(
        ([arn, count]) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector(`.queue[data-arn="${arn}"] .kpi-value`)?.textContent === String(count),
        [support.arn, before + 1] as const,
        { timeout: 10_000 },
      );
      // The oldest wait ticks from the enqueue age (the contact entered the queue 2 s before the POST).
      await expect(page.locator(`.queue[data-arn="${support.arn}"] .kpi`).nth(1).locator('.kpi-value').innerText()).resolves.toMatch(/^0:0\d$/);
      expect(navigations).toEqual([]);
      results.eventToPixel = { agentEvent: agentLatency, contactEvent: queueLatency };
    } finally {
      await context.close();
    }
  });

  it('shows a readable message for bad URL options, never a blank page', async () => {
    const { context, page } = await openBoard(`${server.url}/wallboard?timeZone=Mars/Olympus&sl=abc&colour=red`);
    try {
      const message = await page.locator('#message').innerText();
      expect(message).toContain('timeZone: "Mars/Olympus" is not an IANA time zone');
      expect(message).toContain('sl: "abc" is not a service-level threshold');
      expect(message).toContain('colour: unknown option');
      await expect(connectionText(page)).resolves.toContain('Check the URL');
    } finally {
      await context.close();
    }
  });

  it('filters queues and agents by ?queues= (names and ARNs)', async () => {
    const billing = QUEUES.find((q) => q.name === 'Billing')!;
    const { context, page } = await openBoard(`${server.url}/wallboard?queues=sales,${encodeURIComponent(billing.arn)}`);
    try {
      await waitForLive(page);
      await page.locator('.queue').nth(1).waitFor();
      await page.waitForTimeout(500);
      await expect(page.locator('.queue .queue-name').allInnerTexts()).resolves.toEqual(['Billing', 'Sales']);
    } finally {
      await context.close();
    }
  });

  it('holds a 500-agent, 20-queue board at 20 agent changes per second (long tasks collected in the page)', async () => {
    const queues: BoardQueue[] = [...QUEUES, ...Array.from({ length: 20 - QUEUES.length }, (_, i) => ({ arn: `${INSTANCE}/queue/wb-extra-${i}`, name: `Extra ${String(i + 1).padStart(2, '0')}` }))];
    const agents: BoardAgent[] = Array.from({ length: 500 }, (_, i) => ({ id: `wb-load-${i}`, username: `load${String(i).padStart(3, '0')}`, firstName: 'Load', lastName: `Agent ${i}` }));
    const startMs = Date.now() - 120_000;
    await postAgentEvents(server.url, agents.map((agent, i) => boardAgentEvent(INSTANCE, agent, [queues[i % 20]!, queues[(i + 7) % 20]!], i % 3 === 0 ? 'Lunch' : 'Available', startMs + i)));

    const { context, page } = await openBoard(`${server.url}/wallboard`);
    try {
      await waitForLive(page);
      // One waiting contact in each queue: queueRealtimeChanged puts the 16 queues the directory does not know on the board.
      await postContactEvents(server.url, queues.flatMap((q, i) => queuedContactEvents(INSTANCE, q, `wb-load-contact-${i}-${Date.now()}`, Date.now() - 30_000 - i * 1000)));
      await page.locator('.agent').nth(AGENTS.length + 499).waitFor({ timeout: 60_000 });
      await page.locator('.queue').nth(19).waitFor({ timeout: 60_000 });
      // Baseline: 5 s with no event (the per-second ticks only), to tell the board's work from the machine's.
      await page.evaluate('window.__longTasks.length = 0; window.__frameWorkMs.length = 0');
      await page.waitForTimeout(5_000);
      const idleTasks = (await page.evaluate('window.__longTasks.splice(0)')) as { durationMs: number }[];
      await page.evaluate('window.__frameWorkMs.length = 0');

      // 20 changes per second for 10 s, each its own POST (as the stream would deliver them).
      const states = ['Available', 'Lunch', 'Available', 'Break'];
      const changes = 200;
      const lastStatus = new Map<string, string>();
      const started = Date.now();
      for (let n = 0; n < changes; n += 1) {
        const index = (n * 37) % agents.length;
        const agent = agents[index]!;
        const status = states[n % states.length]!;
        const onCall = status === 'Available' && n % 2 === 0;
        lastStatus.set(agent.username, onCall ? 'On contact' : status);
        const event = boardAgentEvent(INSTANCE, agent, [queues[index % 20]!, queues[(index + 7) % 20]!], status, Date.now(), onCall ? [{ queue: queues[index % 20]!, state: 'CONNECTED' }] : []);
        await postAgentEvents(server.url, [event]);
        const nextAt = started + (n + 1) * 50;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - Date.now())));
      }
      const sentForMs = Date.now() - started;
      // Every agent ends as its last event says.
      for (const [username, label] of lastStatus) {
        await page.locator(`.agent[data-agent="${username}"] .act`, { hasText: new RegExp(`^${label}$`) }).waitFor({ timeout: 20_000 });
      }
      await page.waitForTimeout(1_000);
      const longTasks = (await page.evaluate('window.__longTasks')) as { startMs: number; durationMs: number }[];
      const frameWork = ((await page.evaluate('window.__frameWorkMs')) as number[]).sort((a, b) => a - b);
      results.load = {
        agents: await page.locator('.agent').count(),
        queues: await page.locator('.queue').count(),
        changes,
        sentForMs,
        longTasks: longTasks.length,
        longestTaskMs: longTasks.reduce((max, t) => Math.max(max, t.durationMs), 0),
        longTaskDurationsMs: longTasks.map((t) => Math.round(t.durationMs)),
        boardFrames: frameWork.length,
        boardFrameWorkMs: { median: frameWork[Math.floor(frameWork.length / 2)] ?? 0, p99: frameWork[Math.floor(frameWork.length * 0.99)] ?? 0, max: frameWork[frameWork.length - 1] ?? 0 },
        idleBaseline: { seconds: 5, longTasks: idleTasks.length, longestTaskMs: idleTasks.reduce((max, t) => Math.max(max, t.durationMs), 0) },
      };
      expect(await page.locator('.queue').count()).toBe(20);
      expect(await page.locator('.agent').count()).toBe(AGENTS.length + 500);
    } finally {
      await context.close();
    }
  });

  describe('with AUTH_MODE=apikey, TRUSTED_DOCUMENTS=1, signed links and an embedding portal', () => {
    const viewerKey = 'ak_wallboard_viewer_0123456789';
    const ingestKey = 'ak_wallboard_ingest_0123456789';
    const adminKey = 'ak_wallboard_admin_0123456789';
    const secret = 'wallboard-e2e-signed-link-secret-0123456789';
    let secured: TestServer;
    let portal: http.Server;
    let portalOrigin: string;
    let portalHtml = '';

    beforeAll(async () => {
      portal = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end(portalHtml);
      });
      await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
      portalOrigin = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
      secured = await startTestServer({
        DATA_DIR: dataDir,
        AUTH_MODE: 'apikey',
        AUTH_API_KEYS_FILE: writeApiKeyFile([
          { key: viewerKey, principal: 'portal', instances: [INSTANCE], scopes: ['live:read', 'metrics:read'] },
          { key: ingestKey, principal: 'ingest', instances: ['*'], scopes: ['ingest:write'] },
          { key: adminKey, principal: 'admin', instances: ['*'], scopes: ['admin'] },
        ]),
        SIGNED_LINKS: '1',
        SIGNED_LINK_SECRET: secret,
        WALLBOARD_FRAME_ANCESTORS: `'self' ${portalOrigin}`,
        // The production posture: only registered operations run; the page's are (documents/wallboard-page.graphql).
        TRUSTED_DOCUMENTS: '1',
      });
      await postAgentEvents(secured.url, AGENTS.map((agent, i) => boardAgentEvent(INSTANCE, agent, QUEUES, 'Available', Date.now() - 30_000 + i)), { 'x-api-key': ingestKey });
    });
    afterAll(async () => {
      await secured?.stop();
      await new Promise((resolve) => portal?.close(resolve));
    });

    it('works with the portal\'s key in the fragment, and says why without one', async () => {
      const withKey = await openBoard(`${secured.url}/wallboard#token=${viewerKey}`);
      try {
        await waitForLive(withKey.page);
        await withKey.page.locator('.agent').nth(AGENTS.length - 1).waitFor();
        await withKey.page.locator('.queue').nth(QUEUES.length - 1).waitFor();
        // Today's history came through as well (Query.metrics with the key, a registered operation).
        await withKey.page.waitForFunction(() => {
          const sl = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('.queue .sl');
          return sl !== null && !sl.textContent.includes('…');
        });
        expect(await withKey.page.locator('#message').isHidden()).toBe(true);
      } finally {
        await withKey.context.close();
      }
      const without = await openBoard(`${secured.url}/wallboard`);
      try {
        await without.page.locator('#connection[data-state="error"]').waitFor({ timeout: 30_000 });
        await expect(connectionText(without.page)).resolves.toContain('Credential needed');
        await expect(without.page.locator('#message').innerText()).resolves.toMatch(/^This wallboard needs a credential: open it with #token=/);
      } finally {
        await without.context.close();
      }
    });

    it('works with a signed link (POST /links by an admin), and shows "link expired" for an expired one', async () => {
      const created = await fetch(`${secured.url}/links`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': adminKey }, body: JSON.stringify({ scopes: ['live:read', 'metrics:read'], ttl: '8h', instances: [INSTANCE], principal: 'lobby-tv' }) });
      expect(created.status).toBe(201);
      const link = (await created.json()) as { token: string; path: string; expiresAt: string };
      expect(link.path).toBe(`/wallboard#link=${link.token}`);
      // Only admins sign links.
      const refused = await fetch(`${secured.url}/links`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': viewerKey }, body: '{}' });
      expect(refused.status).toBe(403);

      const linked = await openBoard(`${secured.url}${link.path}`);
      try {
        await waitForLive(linked.page);
        await linked.page.locator('.agent').nth(AGENTS.length - 1).waitFor();
      } finally {
        await linked.context.close();
      }

      const expired = createSignedLinkSigner(secret).sign({ principal: 'old-tv', scopes: ['live:read'], instances: ['*'] }, 60, Date.now() - 3_600_000).token;
      const answer = await fetch(`${secured.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Link ${expired}` }, body: JSON.stringify({ query: '{ agentStates { username } }' }) });
      expect(answer.status).toBe(401);
      const body = (await answer.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      expect(body.errors[0]!.message).toMatch(/^The signed link expired at .*ask an administrator for a new link/);

      // A link that expires while the board runs: the server closes the socket (4401) and the page says so.
      const expiring = createSignedLinkSigner(secret).sign({ principal: 'short-tv', scopes: ['live:read', 'metrics:read'], instances: ['*'] }, 60, Date.now() - 45_000).token;
      const running = await openBoard(`${secured.url}/wallboard#link=${expiring}`);
      try {
        await waitForLive(running.page);
        await running.page.locator('#connection[data-state="error"]').waitFor({ timeout: 30_000 });
        await expect(connectionText(running.page)).resolves.toContain('Link expired');
      } finally {
        await running.context.close();
      }

      const stale = await openBoard(`${secured.url}/wallboard?link=${expired}`);
      try {
        await stale.page.locator('#connection[data-state="error"]').waitFor({ timeout: 30_000 });
        await expect(connectionText(stale.page)).resolves.toContain('Link expired');
        await expect(stale.page.locator('#message').innerText()).resolves.toMatch(/^Link expired\. The signed link expired at/);
      } finally {
        await stale.context.close();
      }
    });

    it('loads in an 800×450 iframe of a portal on an allowed origin, with the token from postMessage', async () => {
      portalHtml = `<!doctype html><html><body style="margin:0">
        <iframe id="board" src="${secured.url}/wallboard" width="800" height="450" style="border:0"></iframe>
        <script>
          const frame = document.getElementById('board');
          frame.addEventListener('load', () => frame.contentWindow.postMessage({ type: 'wallboard-token', token: ${JSON.stringify(viewerKey)} }, ${JSON.stringify(secured.url)}));
        </script></body></html>`;
      const context = await browser.newContext({ viewport: { width: 900, height: 500 } });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(portalOrigin);
        const board = page.frameLocator('#board');
        await board.locator('#connection[data-state="live"]').waitFor({ timeout: 60_000 });
        await board.locator('.agent').nth(AGENTS.length - 1).waitFor();
        await board.locator('.queue').nth(QUEUES.length - 1).waitFor();
        await page.screenshot({ path: path.join(os.tmpdir(), `wallboard-iframe-${process.pid}.png`) });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('is refused in an iframe of an origin not in WALLBOARD_FRAME_ANCESTORS', async () => {
      // The first server keeps the default ('self'): the portal's origin may not embed it.
      portalHtml = `<!doctype html><html><body><iframe id="board" src="${server.url}/wallboard" width="800" height="450"></iframe></body></html>`;
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const response = page.waitForResponse((r) => r.url().startsWith(`${server.url}/wallboard`));
        await page.goto(portalOrigin);
        expect((await response).headers()['content-security-policy']).toContain("frame-ancestors 'self'");
        await page.waitForTimeout(1_000);
        const frame = page.frames().find((f) => f !== page.mainFrame());
        // Chromium replaces a frame refused by frame-ancestors with an error page: the board never runs.
        expect(await frame?.locator('#connection').count()).toBe(0);
      } finally {
        await context.close();
      }
    });
  });
});

describe('wallboard reconnects after a server restart (spawned server process)', () => {
  let browser: Browser;
  let first: SpawnedServer | undefined;
  let second: SpawnedServer | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-wallboard.mjs')], { stdio: 'inherit' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    await first?.dispose();
    await second?.dispose();
  });

  it('shows reconnecting while the server is down, then live again with changes made after the restart', async () => {
    const port = await freePort();
    const env = { PORT: String(port), SIMULATE: '0' };
    first = await spawnServer(env);
    const url = first.url.replace('localhost', '127.0.0.1');
    const agent = AGENTS[0]!;
    await postAgentEvents(url, [boardAgentEvent(INSTANCE, agent, QUEUES, 'Available', Date.now() - 10_000)]);

    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const page = await context.newPage();
      await page.goto(`${url}/wallboard`);
      await waitForLive(page);
      await page.locator(`.agent[data-agent="${agent.username}"][data-activity="AVAILABLE"]`).waitFor({ timeout: 30_000 });

      first.child.kill('SIGTERM');
      await first.exited;
      await page.locator('#connection[data-state="reconnecting"]').waitFor({ timeout: 30_000 });

      second = await spawnServer(env);
      await waitForLive(page, 120_000);
      // The new process has an empty live store: the snapshot after the reconnect removes the old agent…
      await page.locator(`.agent[data-agent="${agent.username}"]`).waitFor({ state: 'detached', timeout: 30_000 });
      // …and a change made after the restart arrives over the new subscription.
      const other = AGENTS[1]!;
      await postAgentEvents(url, [boardAgentEvent(INSTANCE, other, QUEUES, 'Break', Date.now())]);
      await page.locator(`.agent[data-agent="${other.username}"][data-activity="NON_PRODUCTIVE"]`).waitFor({ timeout: 30_000 });
      expect(await page.locator('.agent').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
