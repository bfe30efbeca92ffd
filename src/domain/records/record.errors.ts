import type { RecordSource } from './record-source';

/** Why a record could not be read. */
export type RecordErrorCode =
  /** The value does not have the published shape (see `issues`). */
  | 'INVALID_RECORD'
  /** A Contact Lens analysis file without `CustomerMetadata` (the sample's lambda throws a TypeError on it). */
  | 'MISSING_CUSTOMER_METADATA'
  /** The recording file name does not end in `<contactId>_YYYYMMDDTHH:MM_UTC.<ext>`. */
  | 'UNPARSABLE_RECORDING_FILE_NAME'
  /** A Contact Lens analysis file without `Transcript` (needed for the call summary counts). */
  | 'MISSING_TRANSCRIPT'
  /** An evaluation question refers to a section that the file does not define. */
  | 'UNKNOWN_SECTION';

/** One problem found by schema validation, as a path into the record and a message. */
export interface RecordIssue {
  path: string;
  message: string;
}

/** Thrown by the record readers (`parseCtr`, `extractEvaluationRow` …) when a record cannot be read. */
export class RecordError extends Error {
  override readonly name = 'RecordError';

  constructor(
    readonly code: RecordErrorCode,
    readonly source: RecordSource,
    message: string,
    readonly issues: readonly RecordIssue[] = [],
  ) {
    super(message);
  }
}
