/** Why demo data could not be written. */
export type DemoDataErrorCode =
  /** An option is missing, malformed or out of range. */
  | 'BAD_ARGUMENT'
  /** `--out` already holds files: the generator never mixes its data with existing data. */
  | 'OUT_NOT_EMPTY'
  /** `--out` (or its parent) cannot be created or written. */
  | 'OUT_NOT_WRITABLE'
  /** The run was interrupted (SIGINT or an abort signal); nothing was left behind. */
  | 'ABORTED'
  /** Converting to Parquet failed. */
  | 'PARQUET_FAILED';

/** The error of {@link generateDemoData} and the demo-data CLI; `message` is one line saying what to do. */
export class DemoDataError extends Error {
  override readonly name = 'DemoDataError';

  constructor(
    readonly code: DemoDataErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
