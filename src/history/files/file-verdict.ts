/**
 * What a file under a partition folder turned out to hold, decided by its bytes and never by its name
 * (Firehose names objects without an extension by default, `.gz` with GZIP, or any `FileExtension`
 * a stream sets: `reference/connect-schemas.md`, quirk 11).
 */
export type FileContent =
  /** JSON text: newline-delimited, concatenated objects, pretty-printed or an array. */
  | 'json'
  /** Gzip whose decompressed bytes are JSON text. */
  | 'json-gzip'
  /** An Apache Parquet file. */
  | 'parquet';

/**
 * Why a file, or part of one, is not read. `not-data` is obvious non-data (zero-byte markers,
 * `_SUCCESS`, `*.crc`, hidden files) and is skipped silently; every other reason is counted and logged.
 */
export type SkipReason =
  | 'not-data'
  /** The bytes are not JSON, gzip or Parquet (or gzip of something that is not JSON). */
  | 'not-json'
  /** A gzip stream that ends early or fails its checksum. */
  | 'corrupt-gzip'
  /** A Parquet file without its footer (cut short) or that DuckDB cannot open. */
  | 'corrupt-parquet'
  /** JSON the engine cannot parse (found when a query reads the file). */
  | 'malformed-json'
  /**
   * The file's last record is cut off (an interrupted upload or sync). The file stays in use: its
   * complete records are read and the cut record is dropped.
   */
  | 'partial-record'
  /** The file could not be opened or read (permissions, vanished while reading). */
  | 'unreadable';

/** Every reason that is counted and logged, in a stable order (for reports and metrics). */
export const COUNTED_SKIP_REASONS: readonly Exclude<SkipReason, 'not-data'>[] = [
  'not-json',
  'corrupt-gzip',
  'corrupt-parquet',
  'malformed-json',
  'partial-record',
  'unreadable',
];

/** The verdict on one file: readable (with its content kind), or skipped with a reason. */
export type FileVerdict =
  | { readonly readable: true; readonly content: FileContent; readonly partialRecord: boolean }
  | { readonly readable: false; readonly reason: SkipReason; readonly detail: string };
