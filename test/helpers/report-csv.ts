import { parse as parseCsv } from 'csv-parse/sync';

/** The queue summary's columns as issue 15 lists them (an independent expectation, not read from the catalog). */
export const QUEUE_SUMMARY_COLUMNS = [
  'interval_start',
  'interval_end',
  'interval_start_local',
  'queue',
  'contacts_queued',
  'contacts_handled',
  'contacts_abandoned',
  'avg_handle_time_seconds',
  'service_level_lt_20s',
  'service_level_lt_60s',
];

/** One row of a report as a BI tool reads it. */
export type ReportRow = Record<string, string | number | null>;

/** A cell as a BI tool types it: a number when it reads as one, else the text. */
function castValue(value: string): string | number {
  return value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Reads CSV the way a BI tool's parser does: one header row naming the columns, typed values, empty cells null. */
export function csvRows(text: string): ReportRow[] {
  return parseCsv(text, { columns: true, cast: (value, context) => (context.header ? value : value === '' && !context.quoting ? null : castValue(value)) }) as ReportRow[];
}
