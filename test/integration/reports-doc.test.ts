/**
 * docs/reports.md and the README's reports section work as written: every example URL they give answers 200 with rows on demo data
 * written the way `npm start` writes it (into an empty DATA_DIR, ending now), and its error example
 * is the server's answer word for word.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSignedLinkSigner } from '../../src/server/graphql/auth/signed-link';
import { writeApiKeyFile } from '../helpers/auth';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(180_000);

const DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/reports.md'), 'utf8');
const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const API_KEY = 'ak_reports_doc_admin_0123456789';
const LINK_SECRET = 'reports-doc-secret-0123456789abcdefghijklmnopq';

/** The example URLs of a document (http://localhost:4000/reports…), in order. */
function exampleUrls(doc: string): string[] {
  return [...doc.matchAll(/http:\/\/localhost:4000(\/reports[^\s'"`]*)/g)].map((m) => m[1]!);
}

describe('docs/reports.md on demo data ending now', () => {
  let server: TestServer;
  let dataRoot: string;
  beforeAll(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-reports-doc-'));
    // An empty DATA_DIR: the stack writes demo data ending now, as `npm start` does (fewer agents, to be quick).
    server = await startTestServer({
      DATA_DIR: path.join(dataRoot, 'data'),
      DEMO_DAYS: '7',
      DEMO_AGENTS: '10',
      DIRECTORY_LOOKBACK_DAYS: '35',
      AUTH_MODE: 'apikey',
      AUTH_API_KEYS_FILE: writeApiKeyFile([{ key: API_KEY, principal: 'doc-reader', instances: ['*'], scopes: ['admin'] }]),
      SIGNED_LINKS: '1',
      SIGNED_LINK_SECRET: LINK_SECRET,
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it('answers every example URL 200, each report with rows', async () => {
    const readmeUrls = exampleUrls(README);
    expect(readmeUrls.length).toBeGreaterThanOrEqual(1);
    const urls = [...exampleUrls(DOC), ...readmeUrls];
    expect(urls.length).toBeGreaterThanOrEqual(11);
    const link = createSignedLinkSigner(LINK_SECRET).sign({ principal: 'excel', scopes: ['metrics:read'], instances: ['*'] }, 3600).token;
    for (const example of urls) {
      // A URL with a signed link is sent as written (no header: both would be refused); the others with the reader's key.
      const withLink = example.includes('$LINK');
      const res = await fetch(`${server.url}${example.replace('$LINK', link)}`, { headers: withLink ? {} : { 'x-api-key': API_KEY } });
      const text = await res.text();
      expect({ example, status: res.status }).toEqual({ example, status: 200 });
      if (example === '/reports') continue;
      const contentType = res.headers.get('content-type') ?? '';
      const rows = contentType.startsWith('text/csv') ? text.trim().split('\r\n').length - 1 : contentType.startsWith('application/json') ? (JSON.parse(text) as unknown[]).length : text.trim().split('\n').filter(Boolean).length;
      expect({ example, hasRows: rows > 0 }).toEqual({ example, hasRows: true });
    }
  });

  it('shows the error the server gives for a bad interval', async () => {
    const shown = /```json\n(.*)\n```/.exec(DOC)![1]!;
    const res = await fetch(`${server.url}/reports/queue-summary.csv?interval=YEAR`, { headers: { 'x-api-key': API_KEY } });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(shown);
  });
});
