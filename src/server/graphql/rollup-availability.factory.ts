import type { AppConfig } from '../../config/env';
import { athenaRollupLayout, ObjectRollupStateStore } from '../../history/rollup-state/object-rollup-state.store';
import { ManifestRollupAvailability } from '../../history/rollup-state/rollup-availability';
import { createS3Client, S3ObjectStore, type S3ObjectStoreOptions } from '../../history/rollup-state/s3-object-store';

/**
 * Timeouts and attempts of the request path's S3 client: a manifest check that cannot answer quickly
 * only costs that day a raw read, so it gives up long before a GraphQL request would (the rollup
 * job's own client waits longer: a failed day there waits for the next scheduled run).
 */
const REQUEST_PATH_S3 = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } } as const;

/** Options of {@link createAthenaRollupAvailability}. */
export interface AthenaRollupAvailabilityOptions {
  /** A day's rollup state changed (dirty after a late CTR, clean after a rebuild): drop results and responses cached from before. */
  readonly onChange?: (day: string) => void;
  /** Checking the state failed (once per outage); the days are read raw meanwhile. */
  readonly onError?: (day: string, error: unknown) => void;
  /** @default an S3 client for `ATHENA_REGION`, endpoint (`AWS_ENDPOINT_URL_S3`) and credentials from the SDK's environment. */
  readonly s3Client?: S3ObjectStoreOptions['client'];
}

/**
 * Which closed CTR days the Athena read path may read from `connect_ctr_rollup15`: one
 * process-wide {@link ManifestRollupAvailability} over the manifests the rollup Lambda writes to the
 * data bucket (`ROLLUP_BUCKET`, CTRs under `ROLLUP_CTR_PREFIX`), each day's answer reused
 * `ROLLUP_CLEAN_CACHE_SECONDS`. Shared by the Node server (ENGINE=athena) and the GraphQL Lambda.
 * @returns undefined when `ENGINE` is not athena or `ROLLUP_BUCKET` is unset: every day is read raw.
 */
export function createAthenaRollupAvailability(config: AppConfig, options: AthenaRollupAvailabilityOptions = {}): ManifestRollupAvailability | undefined {
  const bucket = config.rollup.bucket;
  if (config.engine !== 'athena' || !bucket) return undefined;
  const client = options.s3Client ?? createS3Client(config.athena.region, REQUEST_PATH_S3);
  const store = new ObjectRollupStateStore(new S3ObjectStore({ client, bucket }), athenaRollupLayout(config.rollup.ctrPrefix));
  return new ManifestRollupAvailability(store, { ttlMs: config.rollup.cleanCacheSeconds * 1000, onChange: options.onChange, onError: options.onError });
}
