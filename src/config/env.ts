import path from 'node:path';
import { z } from 'zod';

/** Environment variables that configure the service; every one is documented in the README's configuration table. */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATA_RESCAN_SECONDS: z.coerce.number().int().min(0).max(86_400).default(15),
    ENGINE: z.enum(['duckdb', 'athena']).default('duckdb'),
    SIMULATE: z.enum(['0', '1']).default('1'),
    DEMO_DAYS: z.coerce.number().int().min(1).max(366).default(7),
    DEMO_AGENTS: z.coerce.number().int().min(1).max(5_000).default(50),
    DEMO_SEED: z.string().min(1).default('connect-demo'),
    ATHENA_REGION: z.string().min(1).optional(),
    ATHENA_DATABASE: z.string().min(1).default('connect_analytics'),
    ATHENA_WORKGROUP: z.string().min(1).default('primary'),
    ATHENA_OUTPUT_LOCATION: z.string().startsWith('s3://').optional(),
    ATHENA_RESULT_REUSE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
    ATHENA_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(120_000),
    ATHENA_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
    AGENT_STATE_TABLE: z.string().min(3).max(255).default('connect-agent-state'),
    DYNAMODB_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
    DYNAMODB_EMBEDDED: z.enum(['0', '1']).optional(),
    AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
    AWS_REGION: z.string().min(1).default('us-east-1'),
    REDIS_URL: z.string().startsWith('redis').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    MAX_RANGE_DAYS: z.coerce.number().int().min(1).max(3_660).default(400),
    MAX_METRICS_RANGE_DAYS_INTRADAY: z.coerce.number().int().min(1).max(366).default(3),
    MAX_METRICS_RANGE_DAYS: z.coerce.number().int().min(1).max(3_660).default(35),
    DIRECTORY_LOOKBACK_DAYS: z.coerce.number().int().min(0).max(3_660).default(35),
    DUCKDB_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    CACHE_MAX_BYTES: z.coerce.number().int().min(1).default(64 * 1024 * 1024),
    CACHE_TTL_OPEN_DAY_SECONDS: z.coerce.number().int().min(0).default(60),
    CACHE_TTL_CLOSED_DAYS_SECONDS: z.coerce.number().int().min(0).default(86_400),
    SUBSCRIPTION_MAX_PENDING_CHANGES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    SUBSCRIPTION_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1_024).default(4 * 1024 * 1024),
  })
  .superRefine((env, ctx) => {
    if (env.ENGINE === 'athena' && !env.ATHENA_OUTPUT_LOCATION) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATHENA_OUTPUT_LOCATION'],
        message: 'is required when ENGINE=athena (an s3:// prefix for query results)',
      });
    }
  });

/** The validated, grouped configuration of one process. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly server: {
    readonly port: number;
    readonly host: string;
    readonly maxPageSize: number;
    readonly maxRangeDays: number;
    /** Longest `Query.metrics` range at FIFTEEN_MIN, THIRTY_MIN and HOUR, in days. */
    readonly maxMetricsRangeDaysIntraday: number;
    /** Longest `Query.metrics` range at DAY, WEEK, MONTH and TOTAL, in days. */
    readonly maxMetricsRangeDays: number;
    /** Days of history the agent and queue directory is read from (0: every partition). */
    readonly directoryLookbackDays: number;
  };
  /** `rescanSeconds`: how often the data folder is listed again for new files (0 = only at start-up). */
  readonly data: { readonly dir: string; readonly rescanSeconds: number; readonly demoDays: number; readonly demoAgents: number; readonly demoSeed: string };
  readonly engine: 'duckdb' | 'athena';
  readonly duckdb: { readonly threads?: number };
  readonly athena: {
    /** Region of the Athena workgroup and Glue database (`ATHENA_REGION`, default `AWS_REGION`). */
    readonly region: string;
    readonly database: string;
    readonly workgroup: string;
    readonly outputLocation?: string;
    readonly resultReuseMinutes: number;
    readonly timeoutMs: number;
    readonly maxConcurrency: number;
  };
  readonly dynamodb: {
    readonly agentStateTable: string;
    /** Set when an external DynamoDB endpoint (or real AWS) is used; otherwise the embedded dynalite is started. */
    readonly endpoint?: string;
    /** Port for the embedded dynalite; 0 picks a free port. */
    readonly embeddedPort: number;
    /** Start the embedded dynalite (no endpoint given and DYNAMODB_EMBEDDED not 0; default: with ENGINE=duckdb only). */
    readonly embedded: boolean;
    readonly region: string;
  };
  readonly cache: { readonly maxBytes: number; readonly ttlOpenDaySeconds: number; readonly ttlClosedDaysSeconds: number };
  /** Limits that drop a subscriber too slow to keep up (WebSocket close code 4008). */
  readonly subscriptions: {
    /** Changes one subscription may have waiting to be sent. */
    readonly maxPendingChanges: number;
    /** Bytes a WebSocket may have waiting to be written to the network. */
    readonly maxBufferedBytes: number;
  };
  readonly simulate: boolean;
  readonly redisUrl?: string;
  readonly logLevel: string;
}

/** Thrown when the environment does not validate; the message lists every problem at once. */
export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration. This module is the only reader of `process.env`.
 * @param env - the variables to read (default `process.env`); tests pass their own.
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    server: {
      port: e.PORT,
      host: e.HOST,
      maxPageSize: e.MAX_PAGE_SIZE,
      maxRangeDays: e.MAX_RANGE_DAYS,
      maxMetricsRangeDaysIntraday: e.MAX_METRICS_RANGE_DAYS_INTRADAY,
      maxMetricsRangeDays: e.MAX_METRICS_RANGE_DAYS,
      directoryLookbackDays: e.DIRECTORY_LOOKBACK_DAYS,
    },
    data: { dir: path.resolve(e.DATA_DIR), rescanSeconds: e.DATA_RESCAN_SECONDS, demoDays: e.DEMO_DAYS, demoAgents: e.DEMO_AGENTS, demoSeed: e.DEMO_SEED },
    engine: e.ENGINE,
    duckdb: { threads: e.DUCKDB_THREADS },
    athena: {
      region: e.ATHENA_REGION ?? e.AWS_REGION,
      database: e.ATHENA_DATABASE,
      workgroup: e.ATHENA_WORKGROUP,
      outputLocation: e.ATHENA_OUTPUT_LOCATION,
      resultReuseMinutes: e.ATHENA_RESULT_REUSE_MINUTES,
      timeoutMs: e.ATHENA_TIMEOUT_MS,
      maxConcurrency: e.ATHENA_MAX_CONCURRENCY,
    },
    dynamodb: {
      agentStateTable: e.AGENT_STATE_TABLE,
      endpoint: e.AWS_ENDPOINT_URL_DYNAMODB,
      embeddedPort: e.DYNAMODB_PORT,
      embedded: !e.AWS_ENDPOINT_URL_DYNAMODB && (e.DYNAMODB_EMBEDDED ?? (e.ENGINE === 'duckdb' ? '1' : '0')) === '1',
      region: e.AWS_REGION,
    },
    cache: { maxBytes: e.CACHE_MAX_BYTES, ttlOpenDaySeconds: e.CACHE_TTL_OPEN_DAY_SECONDS, ttlClosedDaysSeconds: e.CACHE_TTL_CLOSED_DAYS_SECONDS },
    subscriptions: { maxPendingChanges: e.SUBSCRIPTION_MAX_PENDING_CHANGES, maxBufferedBytes: e.SUBSCRIPTION_MAX_BUFFERED_BYTES },
    simulate: e.SIMULATE === '1',
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
  });
}
