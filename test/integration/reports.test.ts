/**
 * Saved reports over plain GET (`/reports/<name>.csv|.json|.ndjson`) through the real server on the
 * demo data: the CSV a BI tool reads equals the `Query.metrics` answer, parameters and relative dates,
 * formats, errors, authentication (API key, `?link=` signed links), limits and the response cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { createSignedLinkSigner } from '../../src/server/graphql/auth/signed-link';
import { createServerLogger } from '../../src/server/observability/logger';
import { REPORT_CATALOG } from '../../src/server/graphql/reports/report-catalog';
import { writeApiKeyFile, type TestApiKey } from '../helpers/auth';
import { postQuery } from '../helpers/graphql-client';
import { metricSample } from '../helpers/prometheus-sample';
import { csvRows, QUEUE_SUMMARY_COLUMNS, type ReportRow as Row } from '../helpers/report-csv';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';


/** The test data's two days (2026-11-19 and 2026-11-20), in New York. */
const NY_RANGE = { from: TEST_DATA.start, to: '2026-11-21', timeZone: 'America/New_York' };


interface ReportAnswer {
  status: number;
  headers: Headers;
  text: string;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<ReportAnswer> {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function csvHeader(text: string): string[] {
  return (parseCsv(text, { to_line: 1 }) as string[][])[0]!;
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

const METRICS_QUERY = `query ($input: MetricsInput!) {
  metrics(input: $input) {
    rows { intervalStart intervalEnd intervalStartLocal dimensions { value } metrics { name value threshold { comparison seconds } } }
  }
}`;

/** The queue summary's metrics through POST /graphql, flattened by the test itself from `rows`. */
async function queueSummaryOverGraphql(url: string, headers: Record<string, string>, range: { from: string; to: string; timeZone: string }): Promise<Row[]> {
  const input = {
    from: range.from,
    to: range.to,
    timeZone: range.timeZone,
    interval: 'DAY',
    groupings: [{ key: 'QUEUE' }],
    metrics: [
      { name: 'CONTACTS_QUEUED' },
      { name: 'CONTACTS_HANDLED' },
      { name: 'CONTACTS_ABANDONED' },
      { name: 'AVG_HANDLE_TIME' },
      { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LT', seconds: 60 }] },
    ],
  };
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: METRICS_QUERY, variables: { input } }) });
  const body = (await res.json()) as {
    errors?: unknown;
    data: { metrics: { rows: { intervalStart: string; intervalEnd: string; intervalStartLocal: string; dimensions: { value: string | null }[]; metrics: { name: string; value: number | null; threshold: { seconds: number } | null }[] }[] } };
  };
  expect(body.errors).toBeUndefined();
  return body.data.metrics.rows.map((row) => {
    const value = (name: string, seconds?: number) => row.metrics.find((m) => m.name === name && (seconds === undefined || m.threshold?.seconds === seconds))!.value;
    return {
      interval_start: row.intervalStart,
      interval_end: row.intervalEnd,
      interval_start_local: row.intervalStartLocal,
      queue: row.dimensions[0]!.value,
      contacts_queued: value('CONTACTS_QUEUED'),
      contacts_handled: value('CONTACTS_HANDLED'),
      contacts_abandoned: value('CONTACTS_ABANDONED'),
      avg_handle_time_seconds: value('AVG_HANDLE_TIME'),
      service_level_lt_20s: value('SERVICE_LEVEL', 20),
      service_level_lt_60s: value('SERVICE_LEVEL', 60),
    };
  });
}

/** `YYYY-MM-DD` of an instant in a time zone, by Intl (independent of the server's time-zone code). */
function intlDate(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(epochMs));
}

describe('saved reports (AUTH_MODE=none)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists every report with its parameters, formats, columns and example URLs at GET /reports', async () => {
    const res = await get(`${server.url}/reports`);
    expect(res.status).toBe(200);
    const index = JSON.parse(res.text) as { reports: { name: string; parameters: { name: string; default: string; allowed?: string[] }[]; formats: string[]; columns: { name: string }[]; examples: string[] }[] };
    expect(index.reports.map((r) => r.name)).toEqual(REPORT_CATALOG.map((r) => r.name));
    const summary = index.reports.find((r) => r.name === 'queue-summary')!;
    expect(summary.columns.map((c) => c.name)).toEqual(QUEUE_SUMMARY_COLUMNS);
    expect(summary.parameters.map((p) => [p.name, p.default])).toEqual([
      ['from', 'today-7d'],
      ['to', 'today'],
      ['timeZone', 'UTC'],
      ['interval', 'DAY'],
      ['includeUnassigned', 'false'],
    ]);
    expect(summary.parameters.find((p) => p.name === 'interval')!.allowed).toContain('HOUR');
    expect(summary.formats).toEqual(['csv', 'json', 'ndjson']);
    // The example URLs work.
    for (const example of summary.examples) expect((await get(`${server.url}${example}`)).status).toBe(200);
  });

  it('answers every shipped report 200 with its columns and rows on the demo data', async () => {
    const index = JSON.parse((await get(`${server.url}/reports`)).text) as { reports: { name: string; columns: { name: string }[] }[] };
    for (const report of index.reports) {
      const res = await get(`${server.url}/reports/${report.name}.csv?${query({ from: '2026-11-19', to: '2026-11-21' })}`);
      expect({ report: report.name, status: res.status }).toEqual({ report: report.name, status: 200 });
      expect(csvHeader(res.text)).toEqual(report.columns.map((c) => c.name));
      const rows = csvRows(res.text);
      expect({ report: report.name, hasRows: rows.length > 0 }).toEqual({ report: report.name, hasRows: true });
      // The JSON answer has the same columns (MetricsResult.table's, through the same operation).
      const json = JSON.parse((await get(`${server.url}/reports/${report.name}.json?${query({ from: '2026-11-19', to: '2026-11-21' })}`)).text) as Row[];
      expect(Object.keys(json[0]!)).toEqual(report.columns.map((c) => c.name));
    }
  });

  it('serves CSV with one header row, typed values, a file name and UTF-8; JSON and NDJSON have the same rows', async () => {
    const params = query(NY_RANGE);
    const csv = await get(`${server.url}/reports/queue-summary.csv?${params}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="queue-summary_2026-11-19_2026-11-21.csv"');
    expect(csvHeader(csv.text)).toEqual(QUEUE_SUMMARY_COLUMNS);
    const rows = csvRows(csv.text);
    expect(rows.length).toBeGreaterThan(2);
    // One header row: no data row repeats the column names.
    expect(rows.some((r) => r.interval_start === 'interval_start')).toBe(false);
    expect(typeof rows[0]!.contacts_handled).toBe('number');
    expect(rows[0]!.interval_start_local).toBe('2026-11-19T00:00:00-05:00');

    const json = await get(`${server.url}/reports/queue-summary.json?${params}`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="queue-summary_2026-11-19_2026-11-21.json"');
    expect(JSON.parse(json.text)).toEqual(rows);

    const ndjson = await get(`${server.url}/reports/queue-summary.ndjson?${params}`);
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = ndjson.text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as Row)).toEqual(rows);
  });

  it('chooses the format from Accept without an extension (CSV by default) and answers 406 for others', async () => {
    const params = query(NY_RANGE);
    const byExtension = (await get(`${server.url}/reports/queue-summary.csv?${params}`)).text;
    const plain = await get(`${server.url}/reports/queue-summary?${params}`);
    expect(plain.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(plain.text).toBe(byExtension);
    const json = await get(`${server.url}/reports/queue-summary?${params}`, { accept: 'application/json' });
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.text)).toEqual(csvRows(byExtension));
    const ndjson = await get(`${server.url}/reports/queue-summary?${params}`, { accept: 'application/x-ndjson, application/json;q=0.5' });
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');

    const xml = await get(`${server.url}/reports/queue-summary?${params}`, { accept: 'application/xml' });
    expect(xml.status).toBe(406);
    expect(JSON.parse(xml.text).errors[0].message).toMatch(/\.csv \(text\/csv\), \.json \(application\/json\), \.ndjson \(application\/x-ndjson\)/);
    const xlsx = await get(`${server.url}/reports/queue-summary.xlsx?${params}`);
    expect(xlsx.status).toBe(406);
    expect(JSON.parse(xlsx.text).errors[0]).toMatchObject({ message: expect.stringMatching(/not served as \.xlsx.*Formats: \.csv/), extensions: { code: 'NOT_ACCEPTABLE' } });
  });

  it('resolves relative ranges in the time zone: from=today-7d&to=today is the same report as the absolute local dates', async () => {
    const timeZone = 'Asia/Kolkata';
    const now = Date.now();
    const today = intlDate(now, timeZone);
    // Seven calendar days back, counted on the calendar (Intl gives today's date; UTC date arithmetic on it).
    const sevenDaysBack = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const relative = await get(`${server.url}/reports/queue-summary.csv?${query({ from: 'today-7d', to: 'today', timeZone })}`);
    const absolute = await get(`${server.url}/reports/queue-summary.csv?${query({ from: sevenDaysBack, to: today, timeZone })}`);
    expect(relative.status).toBe(200);
    expect(relative.headers.get('content-disposition')).toBe(`attachment; filename="queue-summary_${sevenDaysBack}_${today}.csv"`);
    expect(relative.text).toBe(absolute.text);
    // The defaults are the same range in UTC.
    const defaults = await get(`${server.url}/reports/queue-summary.csv`);
    const utcToday = intlDate(now, 'UTC');
    const utcBack = new Date(Date.parse(`${utcToday}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    expect(defaults.headers.get('content-disposition')).toBe(`attachment; filename="queue-summary_${utcBack}_${utcToday}.csv"`);
    // Epoch milliseconds (Grafana's ${__from}) and ISO date-times with offset name the same instants as local dates.
    const fromMs = Date.parse('2026-11-19T00:00:00-05:00');
    const toMs = Date.parse('2026-11-21T00:00:00-05:00');
    const local = await get(`${server.url}/reports/queue-summary.json?${query(NY_RANGE)}`);
    const epoch = await get(`${server.url}/reports/queue-summary.json?${query({ from: String(fromMs), to: String(toMs), timeZone: NY_RANGE.timeZone })}`);
    const iso = await get(`${server.url}/reports/queue-summary.json?${query({ from: '2026-11-19T00:00:00-05:00', to: '2026-11-21T05:00:00Z', timeZone: NY_RANGE.timeZone })}`);
    // An unencoded '+' of an offset (a space once decoded) still reads as a plus.
    const rawPlus = await get(`${server.url}/reports/queue-summary.json?from=2026-11-19T00:00:00-05:00&to=2026-11-21T10:30:00+05:30&timeZone=America/New_York`);
    expect(epoch.text).toBe(local.text);
    expect(iso.text).toBe(local.text);
    expect(rawPlus.text).toBe(local.text);
  });

  it('answers 400 with a message naming the parameter for unknown, repeated and out-of-range values, never 500', async () => {
    const cases: [Record<string, string> | string, RegExp, string, string | undefined][] = [
      [{ ...NY_RANGE, color: 'red' }, /Unknown parameter 'color'.*takes from, to, timeZone, interval/, 'BAD_USER_INPUT', 'color'],
      ['from=2026-11-19&from=2026-11-20&to=2026-11-21', /'from' is given 2 times/, 'BAD_USER_INPUT', 'from'],
      [{ ...NY_RANGE, interval: 'FORTNIGHT' }, /^interval=FORTNIGHT .*FIFTEEN_MIN/, 'BAD_USER_INPUT', 'interval'],
      [{ ...NY_RANGE, timeZone: 'Mars/Olympus' }, /^timeZone=Mars\/Olympus is not an IANA time zone/, 'BAD_USER_INPUT', 'timeZone'],
      [{ ...NY_RANGE, from: 'last tuesday' }, /^from=last tuesday is not an instant; send now, today/, 'BAD_USER_INPUT', 'from'],
      [{ ...NY_RANGE, to: '2026-02-30' }, /^to=2026-02-30 is not an instant/, 'BAD_USER_INPUT', 'to'],
      [{ ...NY_RANGE, from: '2026-11-21' }, /^from \(2026-11-21 = .*\) must be before to/, 'BAD_USER_INPUT', 'from'],
      [{ from: '2026-01-01', to: '2026-11-21' }, /at most 35 days.*'from'\/'to'/, 'RANGE_TOO_LARGE', undefined],
      [{ ...NY_RANGE, from: '2026-11-01', interval: 'HOUR' }, /at most 3 days/, 'RANGE_TOO_LARGE', undefined],
    ];
    for (const [params, message, code, argument] of cases) {
      const res = await get(`${server.url}/reports/queue-summary.csv?${typeof params === 'string' ? params : query(params)}`);
      const body = JSON.parse(res.text) as { errors: { message: string; extensions: { code: string; argument?: string } }[] };
      expect({ params, status: res.status, code: body.errors[0]!.extensions.code, argument: body.errors[0]!.extensions.argument }).toEqual({ params, status: 400, code, argument });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(body.errors[0]!.message).toMatch(message);
      // No locations or path: they would point into the report's document, which the client never sent.
      expect(Object.keys(body.errors[0]!).sort()).toEqual(['extensions', 'message']);
    }
  });

  it('adds the rows without a grouping value only with includeUnassigned=true, as Query.metrics does', async () => {
    const base = `${server.url}/reports/calls-by-reason.json?${query({ from: '2026-11-19', to: '2026-11-21', timeZone: 'America/New_York' })}`;
    const without = JSON.parse((await get(base)).text) as Row[];
    const withUnassigned = JSON.parse((await get(`${base}&includeUnassigned=true`)).text) as Row[];
    expect(without.some((r) => r.contact_attribute_call_reason === null)).toBe(false);
    const unassigned = withUnassigned.filter((r) => r.contact_attribute_call_reason === null);
    expect(unassigned.length).toBeGreaterThan(0);
    expect(withUnassigned.filter((r) => r.contact_attribute_call_reason !== null)).toEqual(without);
    // With them, each day's calls add up to the day's total of voice contacts created (the same metric, ungrouped).
    const { body } = await postQuery<{ metrics: { rows: { intervalStart: string; metrics: { value: number }[] }[] } }>(server.url, `query {
      metrics(input: { from: "2026-11-19T00:00:00-05:00", to: "2026-11-21T00:00:00-05:00", interval: DAY, timeZone: "America/New_York",
                       filters: [{ key: CHANNEL, values: ["VOICE"] }], metrics: [{ name: CONTACTS_CREATED }] }) { rows { intervalStart metrics { value } } }
    }`);
    for (const day of body.data!.metrics.rows) {
      const sum = withUnassigned.filter((r) => r.interval_start === day.intervalStart).reduce((total, r) => total + Number(r.contacts_created), 0);
      expect({ day: day.intervalStart, sum }).toEqual({ day: day.intervalStart, sum: day.metrics[0]!.value });
    }
  });

  it('points a client asking /graphql for CSV, or guessing /csv or /export, to the reports', async () => {
    const csv = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/csv', 'apollo-require-preflight': '1' } });
    expect(csv.status).toBe(406);
    const body = (await csv.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('NOT_ACCEPTABLE');
    expect(body.errors[0]!.message).toContain('/reports/queue-summary.csv');
    // JSON with CSV as a second choice is still GraphQL.
    const json = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json, text/csv;q=0.5', 'apollo-require-preflight': '1' } });
    expect(json.status).toBe(200);
    for (const guess of ['/csv', '/export']) {
      const res = await get(`${server.url}${guess}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('/reports');
    }
  });

  it('answers 404 listing the reports for an unknown report', async () => {
    const res = await get(`${server.url}/reports/queue-sumary.csv`);
    expect(res.status).toBe(404);
    const body = JSON.parse(res.text) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('NOT_FOUND');
    for (const report of REPORT_CATALOG) expect(body.errors[0]!.message).toContain(report.name);
  });

  it('shares the response cache: a second identical report is a hit, and If-None-Match gives 304', async () => {
    const url = `${server.url}/reports/disconnect-reasons.csv?${query({ from: '2026-11-19', to: '2026-11-20', interval: 'HOUR' })}`;
    const hitsBefore = await metricSample(server, 'response_cache_lookups_total', 'outcome="hit"');
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    const second = await get(url);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(await metricSample(server, 'response_cache_lookups_total', 'outcome="hit"')).toBe(hitsBefore + 1);
    const notModified = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    // The JSON rendering of the same cached answer has its own ETag (ETags are of the bytes sent).
    const json = await get(url.replace('.csv', '.json'));
    expect(json.headers.get('etag')).not.toBe(etag);
    // Reports count under their own route label.
    expect(await metricSample(server, 'http_requests_total', 'method="GET",route="/reports",status="304"')).toBeGreaterThanOrEqual(1);
    expect(await metricSample(server, 'reports_served_total', 'report="disconnect-reasons",format="csv",status="200"')).toBeGreaterThanOrEqual(2);
  });

  it('exposes the data watermark as X-Data-As-Of', async () => {
    const res = await get(`${server.url}/reports/queue-summary.csv?${query(NY_RANGE)}`);
    expect(res.headers.get('x-data-as-of')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

const READER: TestApiKey = { key: 'ak_reports_reader_0123456789', principal: 'bi-tool', instances: ['*'], scopes: ['metrics:read'] };
const LIVE_ONLY: TestApiKey = { key: 'ak_reports_live_0123456789ab', principal: 'wallboard', instances: ['*'], scopes: ['live:read'] };
const ADMIN: TestApiKey = { key: 'ak_reports_admin_0123456789a', principal: 'ops', instances: ['*'], scopes: ['admin'] };
const LINK_SECRET = 'reports-test-secret-0123456789abcdefghijklmnop';

describe('saved reports with AUTH_MODE=apikey and signed links', () => {
  let server: TestServer;
  const logLines: string[] = [];
  const signer = createSignedLinkSigner(LINK_SECRET);
  const linkFor = (scopes: ('metrics:read' | 'live:read')[], nowMs = Date.now()) => signer.sign({ principal: 'excel', scopes, instances: ['*'] }, 3600, nowMs).token;

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    server = await startTestServer(
      { AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile([READER, LIVE_ONLY, ADMIN]), SIGNED_LINKS: '1', SIGNED_LINK_SECRET: LINK_SECRET, LOG_LEVEL: 'info' },
      { logger: createServerLogger({ level: 'info', service: 'reports-test' }, stream) },
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers curl with an API key: CSV whose numbers equal Query.metrics over POST /graphql', async () => {
    const res = await get(`${server.url}/reports/queue-summary.csv?${query(NY_RANGE)}`, { 'x-api-key': READER.key });
    expect(res.status).toBe(200);
    expect(csvHeader(res.text)).toEqual(QUEUE_SUMMARY_COLUMNS);
    const fromCsv = csvRows(res.text);
    const fromGraphql = await queueSummaryOverGraphql(server.url, { 'x-api-key': READER.key }, { from: '2026-11-19T00:00:00-05:00', to: '2026-11-21T00:00:00-05:00', timeZone: NY_RANGE.timeZone });
    expect(fromGraphql.length).toBeGreaterThan(2);
    expect(fromCsv).toEqual(fromGraphql);
    expect(fromCsv.some((r) => typeof r.avg_handle_time_seconds === 'number' && !Number.isInteger(r.avg_handle_time_seconds))).toBe(true);
  });

  it('answers 401 without a credential and 403 without metrics:read', async () => {
    const none = await get(`${server.url}/reports/queue-summary.csv`);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const index = await get(`${server.url}/reports`);
    expect(index.status).toBe(401);
    const live = await get(`${server.url}/reports/queue-summary.csv`, { 'x-api-key': LIVE_ONLY.key });
    expect(live.status).toBe(403);
    expect(JSON.parse(live.text).errors[0]).toMatchObject({ message: expect.stringMatching(/needs the scope 'metrics:read'/), extensions: { code: 'FORBIDDEN', scope: 'metrics:read' } });
  });

  it('accepts a signed link as ?link= (for tools without headers), and keeps it out of the request log', async () => {
    const token = linkFor(['metrics:read']);
    const byLink = await get(`${server.url}/reports/queue-summary.csv?${query({ ...NY_RANGE, link: token })}`);
    expect(byLink.status).toBe(200);
    const byKey = await get(`${server.url}/reports/queue-summary.csv?${query(NY_RANGE)}`, { 'x-api-key': READER.key });
    expect(byLink.text).toBe(byKey.text);
    // The link is not part of the file name, the parameters or the log.
    expect(byLink.headers.get('content-disposition')).toBe('attachment; filename="queue-summary_2026-11-19_2026-11-21.csv"');
    const requestLines = logLines.filter((l) => l.includes('/reports/queue-summary.csv'));
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(token);
    // The header form works too.
    expect((await get(`${server.url}/reports/queue-summary.csv?${query(NY_RANGE)}`, { authorization: `Link ${token}` })).status).toBe(200);
  });

  it('answers an expired or tampered link 401, and a link together with a header credential 400', async () => {
    const expired = linkFor(['metrics:read'], Date.now() - 2 * 3600 * 1000);
    const expiredAnswer = await get(`${server.url}/reports/queue-summary.csv?${query({ link: expired })}`);
    expect(expiredAnswer.status).toBe(401);
    expect(JSON.parse(expiredAnswer.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const token = linkFor(['metrics:read']);
    const [prefix, payload, signature] = token.split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), sub: 'someone-else' })).toString('base64url');
    expect((await get(`${server.url}/reports/queue-summary.csv?${query({ link: `${prefix}.${widened}.${signature}` })}`)).status).toBe(401);
    const both = await get(`${server.url}/reports/queue-summary.csv?${query({ link: token })}`, { 'x-api-key': READER.key });
    expect(both.status).toBe(400);
    expect(JSON.parse(both.text).errors[0]).toMatchObject({ message: expect.stringMatching(/both a credential header .* and 'link='/), extensions: { code: 'BAD_USER_INPUT', argument: 'link' } });
    const twice = await get(`${server.url}/reports/queue-summary.csv?link=${encodeURIComponent(token)}&link=${encodeURIComponent(token)}`);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.text).errors[0].message).toMatch(/'link' is given 2 times/);
    // A link without metrics:read is refused like a key without it.
    expect((await get(`${server.url}/reports/queue-summary.csv?${query({ link: linkFor(['live:read']) })}`)).status).toBe(403);
  });

  it('answers 403 with the API\'s own message when a report groups by a contact attribute outside the allowlist without pii:read', async () => {
    const params = query({ from: '2026-11-19', to: '2026-11-21' });
    const res = await get(`${server.url}/reports/calls-by-reason.csv?${params}&link=${encodeURIComponent(linkFor(['metrics:read']))}`);
    expect(res.status).toBe(403);
    const error = (JSON.parse(res.text) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/pii:read/);
    expect(error.message).toMatch(/PII_ATTRIBUTE_ALLOWLIST/);
    // The same message GraphQL gives for the same grouping.
    const graphql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': READER.key },
      body: JSON.stringify({
        query: 'query ($input: MetricsInput!) { metrics(input: $input) { table { rows } } }',
        variables: { input: { from: '2026-11-19T00:00:00Z', to: '2026-11-21T00:00:00Z', groupings: [{ key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason' }], metrics: [{ name: 'CONTACTS_CREATED' }] } },
      }),
    });
    const graphqlError = ((await graphql.json()) as { errors: { message: string }[] }).errors[0]!;
    expect(error.message).toBe(graphqlError.message);
    // An admin (which holds pii:read) reads it.
    expect((await get(`${server.url}/reports/calls-by-reason.csv?${params}`, { 'x-api-key': ADMIN.key })).status).toBe(200);
  });
});

describe('saved reports under the limits of GraphQL', () => {
  it('answers 400 QUERY_TOO_COMPLEX over LIMIT_MAX_COST, then 429 RATE_LIMITED over the rate limit', async () => {
    const server = await startTestServer({ LIMIT_MAX_COST: '5', RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_MINUTE: '1' });
    try {
      const url = `${server.url}/reports/queue-summary.csv?${query(NY_RANGE)}`;
      const costly = await get(url);
      expect(costly.status).toBe(400);
      expect(JSON.parse(costly.text).errors[0]).toMatchObject({ message: expect.stringMatching(/LIMIT_MAX_COST/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
      await get(url);
      const limited = await get(url);
      expect(limited.status).toBe(429);
      expect(JSON.parse(limited.text).errors[0].extensions.code).toBe('RATE_LIMITED');
    } finally {
      await server.stop();
    }
  });

  it('runs reports with TRUSTED_DOCUMENTS=1 (their operations are registered documents)', async () => {
    const server = await startTestServer({ TRUSTED_DOCUMENTS: '1' });
    try {
      const res = await get(`${server.url}/reports/queue-summary.csv?${query(NY_RANGE)}`);
      expect(res.status).toBe(200);
      expect(csvHeader(res.text)).toEqual(QUEUE_SUMMARY_COLUMNS);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start when a report operation is missing from the manifest, saying how to register it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-manifest-')), 'persisted-documents.json');
    fs.writeFileSync(file, '{}');
    await expect(startTestServer({ TRUSTED_DOCUMENTS_FILE: file })).rejects.toThrow(/ReportQueueSummary \(\/reports\/queue-summary\).*not in the trusted-documents manifest.*npm run build \(or npm run trusted-documents\)/);
  });
});
