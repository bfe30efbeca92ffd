/**
 * docs/bi-tools.md works as written: each recipe's request — read from the doc itself — is sent the
 * way the tool sends it, against the real server on demo data written the way `npm start` writes it
 * (ending now, so the doc's relative ranges have data), with API keys on; the answer is parsed the way
 * the tool parses it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSignedLinkSigner } from '../../src/server/graphql/auth/signed-link';
import { writeApiKeyFile } from '../helpers/auth';
import { csvRows, QUEUE_SUMMARY_COLUMNS, type ReportRow as Row } from '../helpers/report-csv';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(180_000);

const DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/bi-tools.md'), 'utf8');
const DOC_HOST = 'http://localhost:4000';
const API_KEY = 'ak_bi_tools_reader_0123456789abcdef';
const LINK_SECRET = 'bi-tools-doc-secret-0123456789abcdefghijklmn';


/** The section of the doc under a `##`/`###` heading (up to the next heading of any level). */
function section(heading: string): string {
  const start = DOC.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`docs/bi-tools.md has no heading ${heading}`);
  const rest = DOC.slice(start + heading.length + 1);
  const next = rest.search(/^#{2,3} /m);
  return next < 0 ? rest : rest.slice(0, next);
}

/** The fenced code blocks of a section, in order (without their fences). */
function codeBlocks(text: string): string[] {
  return [...text.matchAll(/^ *```[a-z]*\n([\s\S]*?)^ *```$/gm)].map((m) => m[1]!.split('\n').map((line) => line.trim()).join('\n').trim());
}

/** A code block that is one report URL. */
function urlBlock(text: string): string {
  const url = codeBlocks(text).find((block) => block.startsWith(`${DOC_HOST}/`));
  if (url === undefined) throw new Error('no URL block in the section');
  return url;
}

/** Checks one queue-summary answer as a BI tool would use it. */
function expectQueueSummaryRows(rows: readonly Row[]): void {
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(Object.keys(row)).toEqual(QUEUE_SUMMARY_COLUMNS);
    expect(Number.isNaN(Date.parse(String(row.interval_start)))).toBe(false);
    expect(typeof row.queue).toBe('string');
    expect(typeof row.contacts_handled).toBe('number');
  }
}

describe('docs/bi-tools.md recipes against the server', () => {
  let server: TestServer;
  let dataRoot: string;
  const at = (docUrl: string): string => docUrl.replace(DOC_HOST, server.url);

  beforeAll(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-bi-tools-'));
    server = await startTestServer({
      DATA_DIR: path.join(dataRoot, 'data'),
      DEMO_DAYS: '8',
      DEMO_AGENTS: '10',
      DIRECTORY_LOOKBACK_DAYS: '35',
      AUTH_MODE: 'apikey',
      AUTH_API_KEYS_FILE: writeApiKeyFile([{ key: API_KEY, principal: 'bi-tool', instances: ['*'], scopes: ['metrics:read'] }]),
      SIGNED_LINKS: '1',
      SIGNED_LINK_SECRET: LINK_SECRET,
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it('Excel / Power BI "From Web", Advanced: the CSV URL with the x-api-key header', async () => {
    const url = urlBlock(section('## Excel and Power BI: "From Web"'));
    // Power Query's Web.Contents sends no Accept preference and no preflight header.
    const res = await fetch(at(url), { headers: { 'x-api-key': API_KEY, 'user-agent': 'Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="queue-summary_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/);
    expectQueueSummaryRows(csvRows(await res.text()));
  });

  it('Excel / Power BI "From Web", Basic: the same URL with &link=<token> and no header at all', async () => {
    const url = urlBlock(section('## Excel and Power BI: "From Web"'));
    const token = createSignedLinkSigner(LINK_SECRET).sign({ principal: 'excel', scopes: ['metrics:read'], instances: ['*'] }, 3600).token;
    const res = await fetch(`${at(url)}&link=${token}`);
    expect(res.status).toBe(200);
    expectQueueSummaryRows(csvRows(await res.text()));
    // Without the link the same URL is refused: the link is what authenticates.
    expect((await fetch(at(url))).status).toBe(401);
  });

  it('Power Query M: the request its Web.Contents builds, and its typed columns are the report columns', async () => {
    const m = codeBlocks(section('## Excel and Power BI: "From Web"')).find((block) => block.startsWith('let'))!;
    const base = /Web\.Contents\("([^"]+)"/.exec(m)![1]!;
    const queryRecord = /Query = \[([^\]]+)\]/.exec(m)![1]!;
    const params = new URLSearchParams([...queryRecord.matchAll(/(\w+) = "([^"]*)"/g)].map((p): [string, string] => [p[1]!, p[2]!]));
    const headerName = /Headers = \[#"([^"]+)"/.exec(m)![1]!;
    const typed = [...m.matchAll(/\{"(\w+)", (?:type \w+|Int64\.Type)\}/g)].map((t) => t[1]!);
    expect(typed).toEqual(QUEUE_SUMMARY_COLUMNS);
    const res = await fetch(`${at(base)}?${params.toString()}`, { headers: { [headerName]: API_KEY } });
    expect(res.status).toBe(200);
    const rows = csvRows(await res.text());
    expectQueueSummaryRows(rows);
    // Int64 columns hold whole numbers, as Power Query's type conversion needs.
    for (const row of rows) for (const column of ['contacts_queued', 'contacts_handled', 'contacts_abandoned']) expect(Number.isInteger(row[column])).toBe(true);
  });

  it('Grafana Infinity CSV: ${__from}/${__to} as epoch ms, HOUR, a time series per queue', async () => {
    const url = urlBlock(section('### CSV, as a time series'));
    expect(url).toContain('${__from}');
    // Grafana interpolates the dashboard range as epoch ms; here yesterday 14:07–19:53 UTC (the demo center's
    // business hours in New York), not on hour boundaries.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const fromMs = Date.parse(`${yesterday}T14:07:00Z`);
    const toMs = Date.parse(`${yesterday}T19:53:00Z`);
    const res = await fetch(at(url).replace('${__from}', String(fromMs)).replace('${__to}', String(toMs)), { headers: { 'x-api-key': API_KEY } });
    expect(res.status).toBe(200);
    const rows = csvRows(await res.text());
    expectQueueSummaryRows(rows);
    // Each point is a whole hour: the range was widened to whole hours.
    for (const row of rows) expect(Date.parse(String(row.interval_end)) - Date.parse(String(row.interval_start))).toBe(3_600_000);
    expect(Math.min(...rows.map((r) => Date.parse(String(r.interval_start))))).toBeLessThanOrEqual(fromMs);
  });

  it('Grafana Infinity GraphQL: POST /graphql with the doc\'s query, rows at data.metrics.table.rows', async () => {
    const query = codeBlocks(section('### GraphQL')).find((block) => block.startsWith('query'))!;
    const url = /URL `([^`]+\/graphql)`/.exec(section('### GraphQL'))![1]!;
    const toMs = Date.now();
    const interpolated = query.replace('${__from:date:iso}', new Date(toMs - 24 * 3_600_000).toISOString()).replace('${__to:date:iso}', new Date(toMs).toISOString());
    const res = await fetch(at(url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: interpolated }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const root = /\*Rows \/ Root\*: `([^`]+)`/.exec(section('### GraphQL'))![1]!;
    const rows = root.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], body) as Row[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['interval_start', 'interval_end', 'interval_start_local', 'queue', 'contacts_handled', 'service_level_lt_20s']);
      expect(Number.isNaN(Date.parse(String(row.interval_start)))).toBe(false);
    }
  });

  it('Tableau: JSON over GET is an array of flat objects with JSON numbers', async () => {
    const url = urlBlock(section('## Tableau: JSON over GET'));
    const res = await fetch(at(url), { headers: { 'x-api-key': API_KEY, accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const rows = (await res.json()) as Row[];
    expectQueueSummaryRows(rows);
  });

  it('curl for cron jobs: the doc\'s command, run by bash with curl, writes a CSV file', async () => {
    const command = codeBlocks(section('## curl, for cron jobs')).find((block) => block.startsWith('curl'))!;
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-bi-curl-'));
    try {
      await promisify(execFile)('bash', ['-c', command.replaceAll(DOC_HOST, server.url)], { cwd, env: { ...process.env, KEY: API_KEY } });
      expectQueueSummaryRows(csvRows(fs.readFileSync(path.join(cwd, 'queue-summary.csv'), 'utf8')));
      // -f: a refused request makes curl fail (a cron job notices), here without the key.
      await expect(promisify(execFile)('bash', ['-c', command.replaceAll(DOC_HOST, server.url)], { cwd, env: { ...process.env, KEY: 'not-a-key' } })).rejects.toMatchObject({ code: 22 });
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
