import { stringify } from 'csv-stringify/sync';
import type { MetricTableCell } from '../../../domain/metrics/metric-table';

/**
 * The formats a saved report is served in, and how a flat table is written in each. HTTP-free.
 */

/** A report format, named by its file extension. */
export type ReportFormat = 'csv' | 'json' | 'ndjson';

/** Each format's media type (the `Accept` value that asks for it) and `Content-Type`. */
export const REPORT_FORMATS: Readonly<Record<ReportFormat, { readonly mediaType: string; readonly contentType: string }>> = {
  csv: { mediaType: 'text/csv', contentType: 'text/csv; charset=utf-8' },
  json: { mediaType: 'application/json', contentType: 'application/json; charset=utf-8' },
  ndjson: { mediaType: 'application/x-ndjson', contentType: 'application/x-ndjson; charset=utf-8' },
};

/** The formats in order of preference when `Accept` allows several (CSV first: the default). */
export const REPORT_FORMAT_NAMES: readonly ReportFormat[] = ['csv', 'json', 'ndjson'];

/** The format of a file extension (`csv`, `json`, `ndjson`, any case), or undefined. */
export function formatOfExtension(extension: string): ReportFormat | undefined {
  const lower = extension.toLowerCase();
  return REPORT_FORMAT_NAMES.find((f) => f === lower);
}

/** The format of a media type `Accept` negotiation chose, or undefined. */
export function formatOfMediaType(mediaType: string): ReportFormat | undefined {
  return REPORT_FORMAT_NAMES.find((f) => REPORT_FORMATS[f].mediaType === mediaType);
}

/** A flat table: column names in order, and one object per row keyed by them. */
export interface FlatTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, MetricTableCell>>[];
}

/**
 * The bytes of a table in a format:
 * - `csv`: RFC 4180 (CRLF line ends, fields with commas, quotes or line breaks quoted, quotes doubled),
 *   one header row of the column names, numbers as plain numbers, null as an empty cell, a text cell
 *   that a spreadsheet would run as a formula (starting with = + - @ tab or CR) prefixed with `'`; an
 *   empty table is the header alone;
 * - `json`: an array of the row objects;
 * - `ndjson`: one row object per line, each line ending with `\n`; an empty table is empty.
 * Rows are written with exactly the table's columns, in its order.
 */
export function renderTable(table: FlatTable, format: ReportFormat): string {
  const ordered = table.rows.map((row) => Object.fromEntries(table.columns.map((c) => [c, row[c] ?? null])));
  switch (format) {
    case 'csv':
      // csv-stringify writes null as an empty field and numbers with String() (plain, 1.5, 0.25).
      // escape_formulas: a text cell starting with = + - @ tab or CR gets a leading ' so a spreadsheet shows
      // it instead of running it (CSV injection: queue names and contact attributes come from outside;
      // numbers, negative ones included, are left alone).
      return stringify(ordered, { header: true, columns: [...table.columns], record_delimiter: 'windows', escape_formulas: true });
    case 'json':
      return JSON.stringify(ordered);
    case 'ndjson':
      return ordered.map((row) => `${JSON.stringify(row)}\n`).join('');
  }
}
