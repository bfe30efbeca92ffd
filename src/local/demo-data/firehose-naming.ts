import { createHash } from 'node:crypto';
import type { RecordSource } from '../../domain/records';

/**
 * How the demo data's files are compressed:
 * - `mixed` (default): what a bucket synced from real streams holds. Each delivery file is, by a hash
 *   of its position, one of: uncompressed with no extension (stream version 1; one in four of those
 *   holds objects concatenated without a delimiter), gzip with Firehose's `.gz` (version 2), or gzip
 *   under a custom `FileExtension` of `.json` (version 3).
 * - `gzip`: every file gzip with `.gz`, newline-delimited (a GZIP stream).
 * - `none`: every file uncompressed, no extension, newline-delimited (Firehose's default).
 */
export type DemoCompression = 'mixed' | 'gzip' | 'none';

/** The compression choices, for option validation. */
export const DEMO_COMPRESSIONS: readonly DemoCompression[] = ['mixed', 'gzip', 'none'];

/** One delivery file: its name, whether it is gzip, and what separates its records. */
export interface DeliveryFile {
  readonly fileName: string;
  readonly gzip: boolean;
  /** `\n` (Firehose's AppendDelimiterToRecord) or `''` (objects back to back). */
  readonly delimiter: '\n' | '';
}

/** The Firehose delivery stream of each source, as the Amazon Connect Data Analytics Sample names them. */
const STREAM_NAMES: Readonly<Record<RecordSource, string>> = {
  ctr: 'AmazonConnectDataAnalyticsSample-CTR',
  ae: 'AmazonConnectDataAnalyticsSample-AE',
  cfl: 'AmazonConnectDataAnalyticsSample-CFL',
  cl: 'AmazonConnectDataAnalyticsSample-CL',
  ef: 'AmazonConnectDataAnalyticsSample-EF',
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * The file a delivery stream writes, named as Firehose names objects:
 * `<stream name>-<stream version>-YYYY-MM-DD-HH-MM-SS-<uuid><extension>` (Amazon Data Firehose developer
 * guide, "Configure Amazon S3 object name format"; `reference/connect-schemas.md`, quirk 11). The time is
 * the delivery's (when the file was opened), not the records'. The uuid and the mixed-mode choice are
 * derived from the file's position (source, partition day, part number), so the same run gives the same
 * names: no clock or randomness.
 */
export function deliveryFile(compression: DemoCompression, source: RecordSource, dayNumber: number, part: number, deliveredAtMs: number): DeliveryFile {
  const hash = createHash('sha1').update(`${source}/${dayNumber}/${part}`).digest();
  const hex = hash.toString('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const kind = compression === 'gzip' ? 1 : compression === 'none' ? 0 : hash[0] % 3;
  const version = kind + 1;
  const extension = kind === 1 ? '.gz' : kind === 2 ? '.json' : '';
  const at = new Date(deliveredAtMs);
  const time = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}-${pad(at.getUTCHours())}-${pad(at.getUTCMinutes())}-${pad(at.getUTCSeconds())}`;
  return {
    fileName: `${STREAM_NAMES[source]}-${version}-${time}-${uuid}${extension}`,
    gzip: kind !== 0,
    delimiter: compression === 'mixed' && kind === 0 && hash[1] % 4 === 0 ? '' : '\n',
  };
}
