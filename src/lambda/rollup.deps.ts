import { Logger } from '@aws-lambda-powertools/logger';
import { ConfigError, loadConfig, type AppConfig } from '../config/env';
import { AthenaEngine } from '../history/athena.engine';
import { ctrRollupTable } from '../history/catalog';
import { createAthenaRollupBuilder } from '../history/rollup-state/athena-rollup.builder';
import type { RollupObjectStore } from '../history/rollup-state/object-store';
import { ObjectRollupStateStore } from '../history/rollup-state/object-rollup-state.store';
import { ROLLUP_MANIFEST_FOLDER } from '../history/rollup-state/rollup-state.store';
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
  const rollupPrefix = `${ctrRollupTable.folder}/`;
  const store = new ObjectRollupStateStore(options.objects, { sourcePrefix: config.rollup.ctrPrefix, rollupPrefix, manifestPrefix: `${ROLLUP_MANIFEST_FOLDER}/` });
  const logger = new Logger({ serviceName: ROLLUP_SERVICE_NAME, logLevel: POWERTOOLS_LOG_LEVEL[config.logLevel as keyof typeof POWERTOOLS_LOG_LEVEL] ?? 'INFO' });
  return {
    store,
    builder: createAthenaRollupBuilder({ engine, objects: options.objects, bucket, rollupPrefix }),
    lookbackDays: config.rollup.lookbackDays,
    logger: { info: (message, fields) => logger.info(message, fields ?? {}), warn: (message, fields) => logger.warn(message, fields ?? {}) },
  };
}

/**
 * The deployed dependencies. The data bucket is reached through S3 (ListObjectsV2, GetObject,
 * PutObject, DeleteObjects), which needs `@aws-sdk/client-s3` as a dependency of the project: it is
 * not one yet (only a development tool pulls it in), so the deployed function stops here with a
 * configuration error naming what is missing instead of bundling an undeclared package.
 * @throws ConfigError always, until an S3 object store is wired in.
 */
export function createDefaultRollupDeps(config: AppConfig = loadConfig()): RollupHandlerDeps {
  void config;
  throw new ConfigError(['the rollup Lambda needs an S3 object store for the data bucket: add @aws-sdk/client-s3 to the dependencies and an S3 RollupObjectStore (src/history/rollup-state/object-store.ts)']);
}
