import { Logger } from '@aws-lambda-powertools/logger';
import { ConfigError, loadConfig, type AppConfig } from '../config/env';
import { AthenaEngine } from '../history/athena.engine';
import { createAthenaRollupBuilder } from '../history/rollup-state/athena-rollup.builder';
import type { RollupObjectStore } from '../history/rollup-state/object-store';
import { createS3Client, S3ObjectStore, type S3ObjectStoreOptions } from '../history/rollup-state/s3-object-store';
import { athenaRollupLayout, ObjectRollupStateStore } from '../history/rollup-state/object-rollup-state.store';
import type { RollupHandlerDeps } from './rollup.handler';

/** The Powertools service name of the rollup Lambda. */
export const ROLLUP_SERVICE_NAME = 'rollup';

const POWERTOOLS_LOG_LEVEL = { fatal: 'CRITICAL', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE', silent: 'SILENT' } as const;

/** Options of {@link createRollupDeps}. */
export interface RollupDepsOptions {
  /** The data bucket's objects (S3 in the cloud; a local folder in tests). */
  readonly objects: RollupObjectStore;
  /** The Athena client's endpoint and the like come from the SDK's environment; tests may pass a client. */
  readonly athenaClient?: ConstructorParameters<typeof AthenaEngine>[0]['client'];
}

/**
 * The rollup Lambda's dependencies from the configuration: an Athena engine (`ATHENA_DATABASE`,
 * `ATHENA_WORKGROUP`, `ATHENA_OUTPUT_LOCATION`, `ATHENA_TIMEOUT_MS`) with result reuse off (a rebuild
 * must run) and no result cache, the state in the data bucket (`ROLLUP_BUCKET`, `ROLLUP_CTR_PREFIX`;
 * rollups under `rollups/ctr/`, manifests under `rollups/_manifests/ctr/`), `ROLLUP_LOOKBACK_DAYS`.
 * @throws ConfigError when `ROLLUP_BUCKET` is missing.
 */
export function createRollupDeps(config: AppConfig, options: RollupDepsOptions): RollupHandlerDeps {
  const bucket = config.rollup.bucket;
  if (!bucket) throw new ConfigError(['ROLLUP_BUCKET: required by the rollup Lambda (the data bucket its rollups/ prefix is written to)']);
  const engine = new AthenaEngine({
    ...(options.athenaClient ? { client: options.athenaClient } : { region: config.athena.region }),
    database: config.athena.database,
    workgroup: config.athena.workgroup,
    outputLocation: config.athena.outputLocation,
    resultReuseMinutes: 0,
    timeoutMs: config.athena.timeoutMs,
    maxConcurrency: 1,
  });
  const layout = athenaRollupLayout(config.rollup.ctrPrefix);
  const rollupPrefix = layout.rollupPrefix;
  const store = new ObjectRollupStateStore(options.objects, layout);
  const logger = new Logger({ serviceName: ROLLUP_SERVICE_NAME, logLevel: POWERTOOLS_LOG_LEVEL[config.logLevel as keyof typeof POWERTOOLS_LOG_LEVEL] ?? 'INFO' });
  return {
    store,
    builder: createAthenaRollupBuilder({ engine, objects: options.objects, bucket, rollupPrefix }),
    lookbackDays: config.rollup.lookbackDays,
    logger: { info: (message, fields) => logger.info(message, fields ?? {}), warn: (message, fields) => logger.warn(message, fields ?? {}) },
  };
}

/** Options of {@link createDefaultRollupDeps}: tests pass a client; the deployed function creates its own. */
export interface DefaultRollupDepsOptions {
  /** @default an S3 client for `ATHENA_REGION` (default `AWS_REGION`), endpoint and credentials from the SDK's environment. */
  readonly s3Client?: S3ObjectStoreOptions['client'];
}

/**
 * The deployed dependencies: {@link createRollupDeps} with the data bucket `ROLLUP_BUCKET` reached
 * through S3 (ListObjectsV2, GetObject, PutObject, DeleteObjects) in the Athena region, the bucket
 * Athena reads the CTRs from and UNLOADs the rollups to.
 * @throws ConfigError when `ROLLUP_BUCKET` is missing.
 */
export function createDefaultRollupDeps(config: AppConfig = loadConfig(), options: DefaultRollupDepsOptions = {}): RollupHandlerDeps {
  const bucket = config.rollup.bucket;
  if (!bucket) throw new ConfigError(['ROLLUP_BUCKET: required by the rollup Lambda (the data bucket its rollups/ prefix is written to)']);
  const client = options.s3Client ?? createS3Client(config.athena.region);
  return createRollupDeps(config, { objects: new S3ObjectStore({ client, bucket }) });
}
