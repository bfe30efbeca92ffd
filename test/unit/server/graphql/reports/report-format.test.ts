import { parse as parseCsv } from 'csv-parse/sync';
import { formatOfExtension, formatOfMediaType, renderTable } from '../../../../../src/server/graphql/reports/report-format';

const columns = ['interval_start', 'queue', 'contacts_handled', 'avg_handle_time_seconds'];
const awkward = 'Sales, "VIP"\nline two';
const table = {
  columns,
  rows: [
    // Keys out of column order: the columns decide the order.
    { queue: awkward, interval_start: '2026-11-19T05:00:00.000Z', avg_handle_time_seconds: 312.25, contacts_handled: 12 },
    { interval_start: '2026-11-19T05:00:00.000Z', queue: null, contacts_handled: 0, avg_handle_time_seconds: null },
  ],
};

describe('renderTable', () => {
  it('writes RFC 4180 CSV: one header row, CRLF, quoted commas, quotes and line breaks, null as an empty cell', () => {
    const csv = renderTable(table, 'csv');
    expect(csv.startsWith('interval_start,queue,contacts_handled,avg_handle_time_seconds\r\n')).toBe(true);
    expect(csv).toContain('"Sales, ""VIP""\nline two"');
    expect(csv.endsWith('2026-11-19T05:00:00.000Z,,0,\r\n')).toBe(true);
    // A CSV parser gives back exactly the cells, numbers as plain numbers.
    const parsed = parseCsv(csv, { columns: true, cast: true }) as Record<string, unknown>[];
    expect(parsed).toEqual([
      { interval_start: '2026-11-19T05:00:00.000Z', queue: awkward, contacts_handled: 12, avg_handle_time_seconds: 312.25 },
      { interval_start: '2026-11-19T05:00:00.000Z', queue: '', contacts_handled: 0, avg_handle_time_seconds: '' },
    ]);
  });

  it('keeps a spreadsheet from running text cells as formulas (CSV injection), and leaves numbers and JSON alone', () => {
    const risky = { columns: ['queue', 'avg_sentiment_customer'], rows: [
      { queue: '=HYPERLINK("http://evil.example","Sales")', avg_sentiment_customer: -1.5 },
      { queue: '@SUM(A1)', avg_sentiment_customer: 2 },
      { queue: '+1 Support', avg_sentiment_customer: null },
      { queue: '-Billing', avg_sentiment_customer: 0 },
      { queue: 'Sales = Support', avg_sentiment_customer: -0.25 },
    ] };
    const parsed = parseCsv(renderTable(risky, 'csv'), { columns: true }) as Record<string, string>[];
    expect(parsed.map((r) => r.queue)).toEqual(["'=HYPERLINK(\"http://evil.example\",\"Sales\")", "'@SUM(A1)", "'+1 Support", "'-Billing", 'Sales = Support']);
    expect(parsed.map((r) => r.avg_sentiment_customer)).toEqual(['-1.5', '2', '', '0', '-0.25']);
    expect(JSON.parse(renderTable(risky, 'json'))).toEqual(risky.rows);
  });

  it('writes only the header row for an empty table, and nothing in NDJSON', () => {
    expect(renderTable({ columns, rows: [] }, 'csv')).toBe('interval_start,queue,contacts_handled,avg_handle_time_seconds\r\n');
    expect(renderTable({ columns, rows: [] }, 'json')).toBe('[]');
    expect(renderTable({ columns, rows: [] }, 'ndjson')).toBe('');
  });

  it('writes JSON as an array of flat objects and NDJSON as one object per line, keys in column order', () => {
    const json = renderTable(table, 'json');
    expect(JSON.parse(json)).toEqual(table.rows);
    expect(Object.keys((JSON.parse(json) as Record<string, unknown>[])[0]!)).toEqual(columns);
    const lines = renderTable(table, 'ndjson').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l) as unknown)).toEqual(table.rows);
  });

  it('fills a column a row lacks with null', () => {
    expect(JSON.parse(renderTable({ columns: ['a', 'b'], rows: [{ a: 1 }] }, 'json'))).toEqual([{ a: 1, b: null }]);
  });
});

describe('formats', () => {
  it('maps extensions (any case) and media types to formats', () => {
    expect(formatOfExtension('CSV')).toBe('csv');
    expect(formatOfExtension('ndjson')).toBe('ndjson');
    expect(formatOfExtension('xlsx')).toBeUndefined();
    expect(formatOfMediaType('application/x-ndjson')).toBe('ndjson');
    expect(formatOfMediaType('text/html')).toBeUndefined();
  });
});
