import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print } from 'graphql';
import { createReportAnswerer, formatOfAccept, type ReportExecution, type ReportHttpAnswer, type ReportOperation } from '../../../../../src/server/graphql/reports/report-answer';
import { resolveReports } from '../../../../../src/server/graphql/reports/report-catalog';
import { renderTable } from '../../../../../src/server/graphql/reports/report-format';
import { parseReportParameters } from '../../../../../src/server/graphql/reports/report-parameters';

/** A manifest of documents/reports.graphql, one document per operation (as the client preset registers them). */
function reportsManifest(): Record<string, string> {
  const source = fs.readFileSync(path.resolve(__dirname, '../../../../../documents/reports.graphql'), 'utf8');
  const documents = parse(source).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).map((d) => print(d));
  return Object.fromEntries(documents.map((d) => [`sha256:${createHash('sha256').update(d).digest('hex')}`, d]));
}

const REPORTS = resolveReports(reportsManifest(), 'manifest.json');
const NOW_MS = Date.parse('2026-11-21T10:30:00Z');
const TABLE = {
  columns: [{ name: 'interval_start' }, { name: 'queue' }, { name: 'contacts_queued' }],
  rows: [
    { interval_start: '2026-11-19T00:00:00Z', queue: 'Sales, "EU"', contacts_queued: 12 },
    { interval_start: '2026-11-20T00:00:00Z', queue: null, contacts_queued: 0 },
  ],
};
const FLAT = { columns: TABLE.columns.map((c) => c.name), rows: TABLE.rows };
const DATA_AS_OF = { dataAsOf: { sources: { ctr: { newestRecordTime: '2026-11-21T09:00:00Z' }, agentEvents: { newestRecordTime: '2026-11-21T08:15:00Z' }, live: {} } } };

function setup(execution: ReportExecution = { data: { metrics: { table: TABLE } }, extensions: DATA_AS_OF, cacheControl: 'private, max-age=30' }) {
  const served: [string, string, number][] = [];
  const operations: ReportOperation[] = [];
  const answerer = createReportAnswerer({ reports: REPORTS, nowMs: () => NOW_MS, onServed: (...args) => served.push(args) });
  const execute = async (_report: unknown, operation: ReportOperation) => {
    operations.push(operation);
    return execution;
  };
  const answer = (file: string, query = '', headers: { accept?: string; ifNoneMatch?: string } = {}) =>
    answerer.answer({ file, searchParams: new URLSearchParams(query), accept: headers.accept, ifNoneMatch: headers.ifNoneMatch }, execute);
  return { answerer, answer, served, operations };
}

const errorsOf = (answer: ReportHttpAnswer) => (answer.kind === 'json' ? (answer.value as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors : []);

describe('formatOfAccept', () => {
  it('chooses as express req.accepts does: CSV without Accept or for */*, else the preferred report format', () => {
    expect(formatOfAccept(undefined)).toBe('csv');
    expect(formatOfAccept('*/*')).toBe('csv');
    expect(formatOfAccept('application/json')).toBe('json');
    expect(formatOfAccept('text/csv;q=0.5, application/x-ndjson')).toBe('ndjson');
    expect(formatOfAccept('text/html')).toBeUndefined();
  });
});

describe('createReportAnswerer', () => {
  it('lists every report in the index, not stored', () => {
    const index = setup().answerer.index();
    expect(index).toMatchObject({ kind: 'json', status: 200, headers: { 'cache-control': 'no-store' } });
    expect((index as { value: { reports: { name: string; examples: string[] }[] } }).value.reports.map((r) => r.name)).toEqual(REPORTS.map((r) => r.name));
  });

  it('runs the report\'s registered document with the variables its parameters give, and renders the table with its headers', async () => {
    const { answer, operations, served } = setup();
    const query = 'from=2026-11-19&to=2026-11-21&timeZone=America/New_York';
    const result = await answer('queue-summary.csv', query);
    const report = REPORTS.find((r) => r.name === 'queue-summary')!;
    expect(operations).toEqual([{ query: report.document, operationName: 'ReportQueueSummary', variables: { ...parseReportParameters(report, new URLSearchParams(query), NOW_MS).variables } }]);
    const body = renderTable(FLAT, 'csv');
    expect(result).toEqual({
      kind: 'body',
      status: 200,
      headers: {
        etag: `"${createHash('sha256').update(body).digest('base64url')}"`,
        'cache-control': 'private, max-age=30',
        // The oldest of the sources' newest records.
        'x-data-as-of': '2026-11-21T08:15:00Z',
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="queue-summary_2026-11-19_2026-11-21.csv"',
      },
      body,
    });
    expect(served).toEqual([['queue-summary', 'csv', 200]]);
  });

  it('answers 304 with the ETag (weak or strong) in If-None-Match, and varies on Accept without an extension', async () => {
    const { answer, served } = setup();
    const first = await answer('queue-summary');
    expect(first.headers).toMatchObject({ vary: 'accept', 'content-type': 'text/csv; charset=utf-8' });
    const etag = first.headers.etag!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      expect(await answer('queue-summary', '', { ifNoneMatch })).toMatchObject({ kind: 'body', status: 304, body: '', headers: { etag, vary: 'accept' } });
    }
    expect((await answer('queue-summary.json', '', { ifNoneMatch: etag })).status).toBe(200);
    expect(served.map(([, , status]) => status)).toEqual([200, 304, 304, 304, 200]);
  });

  it('answers 404, 406 and 400 before running anything', async () => {
    const { answer, operations, served } = setup();
    const unknown = await answer('nope.csv');
    expect(unknown.status).toBe(404);
    expect(errorsOf(unknown)[0]).toMatchObject({ message: expect.stringContaining("There is no report 'nope'"), extensions: { code: 'NOT_FOUND' } });
    const xlsx = await answer('queue-summary.xlsx');
    expect(xlsx.status).toBe(406);
    expect(errorsOf(xlsx)[0]!.message).toContain('is not served as .xlsx');
    const html = await answer('queue-summary', '', { accept: 'text/html' });
    expect(html).toMatchObject({ status: 406, headers: { vary: 'accept', 'cache-control': 'no-store' } });
    const bad = await answer('queue-summary.csv', 'interval=FORTNIGHT');
    expect(bad.status).toBe(400);
    expect(errorsOf(bad)[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'interval' });
    expect(operations).toEqual([]);
    expect(served).toEqual([
      ['unknown', 'none', 404],
      ['queue-summary', 'none', 406],
      ['queue-summary', 'none', 406],
      ['queue-summary', 'csv', 400],
    ]);
  });

  it('answers the operation\'s errors with the status of the first one, not stored', async () => {
    for (const [code, status] of [
      ['RANGE_TOO_LARGE', 400],
      ['QUERY_TIMEOUT', 504],
      ['FORBIDDEN', 403],
      ['SOMETHING_ELSE', 500],
    ] as const) {
      const errors = [{ message: `failed: ${code}`, extensions: { code } }];
      const result = await setup({ errors }).answer('calls-by-reason.json');
      expect(result).toEqual({ kind: 'json', status, headers: { 'cache-control': 'no-store' }, value: { errors } });
    }
  });

  it('lets an unexpected failure of the execution through, for the transport to answer 500', async () => {
    const answerer = createReportAnswerer({ reports: REPORTS });
    await expect(answerer.answer({ file: 'queue-summary.csv', searchParams: new URLSearchParams(), accept: undefined, ifNoneMatch: undefined }, () => Promise.reject(new Error('engine down')))).rejects.toThrow('engine down');
  });
});
