import path from 'node:path';
import { z } from 'zod';

/** A Connect instance ARN: arn:<partition>:connect:<region>:<account>:instance/<id>. */
const CONNECT_INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[A-Za-z0-9-]+$/;

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
    // Issue 14, bounded lookups: no default read of the whole history. DIRECTORY_LOOKBACK_DAYS=0 once
    // meant every partition; it now means the maximum, MAX_RANGE_DAYS (see directoryLookbackDaysOf).
    DIRECTORY_LOOKBACK_DAYS: z.coerce.number().int().min(0).max(3_660).default(35),
    CONTACT_LOOKUP_MAX_DAYS: z.coerce.number().int().min(1).max(366).default(7),
    DUCKDB_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    CACHE_MAX_BYTES: z.coerce.number().int().min(1).default(64 * 1024 * 1024),
    CACHE_TTL_OPEN_DAY_SECONDS: z.coerce.number().int().min(0).default(60),
    CACHE_TTL_CLOSED_DAYS_SECONDS: z.coerce.number().int().min(0).default(86_400),
    // Issue 14: whole GraphQL answers over HTTP (TTL from CACHE_TTL_*; Redis from REDIS_URL).
    RESPONSE_CACHE: z.enum(['0', '1']).default('1'),
    RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).default(1_000),
    RESPONSE_CACHE_MAX_BYTES: z.coerce.number().int().min(1).default(32 * 1024 * 1024),
    SUBSCRIPTION_MAX_PENDING_CHANGES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    SUBSCRIPTION_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1_024).default(4 * 1024 * 1024),
    // A wallboard page multiplexes its tiles over one socket; slow consumers are bounded by bytes anyway.
    SUBSCRIPTION_MAX_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(1_000),
    // Default: 20,000 when callers authenticate (or anonymous access is exposed on purpose); the
    // embedded stack's one anonymous principal is every local client, so there it is the maximum.
    SUBSCRIPTION_MAX_PER_PRINCIPAL: z.coerce.number().int().min(1).max(1_000_000).optional(),
    // Security (issue 12): who may ask, for which instance, what they see, how much they may cost.
    AUTH_MODE: z.enum(['none', 'apikey', 'jwt']).default('none'),
    AUTH_ALLOW_ANONYMOUS: z.enum(['0', '1']).default('0'),
    AUTH_API_KEYS_FILE: z.string().min(1).optional(),
    AUTH_API_KEYS_SECRET_ID: z.string().min(1).optional(),
    AUTH_JWT_ISSUER: z.string().min(1).optional(),
    AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
    AUTH_JWT_JWKS_URL: z.url().optional(),
    AUTH_JWT_ALGORITHMS: z.string().min(1).default('RS256,ES256'),
    AUTH_JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
    AUTH_JWT_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
    AUTH_JWT_PRINCIPAL_CLAIM: z.string().min(1).default('sub'),
    AUTH_JWT_SCOPES_CLAIM: z.string().min(1).default('scope'),
    AUTH_JWT_INSTANCES_CLAIM: z.string().min(1).default('connect_instances'),
    PII_ATTRIBUTE_ALLOWLIST: z.string().default(''),
    CORS_ORIGINS: z.string().default(''),
    TRUSTED_DOCUMENTS: z.enum(['0', '1']).default('0'),
    TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
    GRAPHIQL: z.enum(['0', '1']).optional(),
    INTROSPECTION: z.enum(['0', '1']).optional(),
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    LIMIT_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
    LIMIT_MAX_ALIASES: z.coerce.number().int().min(0).max(1_000).default(15),
    LIMIT_MAX_TOKENS: z.coerce.number().int().min(10).max(1_000_000).default(2_000),
    LIMIT_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1_000).default(50),
    LIMIT_MAX_COST: z.coerce.number().int().min(1).default(20_000),
    // Default: 600 when callers authenticate or anonymous access is exposed on purpose; off for the
    // embedded stack (AUTH_MODE=none on loopback), where every local client is the one anonymous principal.
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).optional(),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(1024 * 1024),
    INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(5 * 1024 * 1024),
    WS_MAX_FRAME_BYTES: z.coerce.number().int().min(1_024).default(1024 * 1024),
    INGEST_MAX_FUTURE_SKEW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    // Live-state warm start (issue 13) at the agent-events Lambda's cold start.
    LIVE_STATE_BOOTSTRAP: z.enum(['0', '1']).default('0'),
    LIVE_STATE_BOOTSTRAP_INSTANCES: z.string().default(''),
    LIVE_STATE_BOOTSTRAP_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(900_000).default(20_000),
    // Cheap agent-event ingest and liveness (issue 13).
    AGENT_HEARTBEAT_PERIOD_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
    AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS: z.coerce.number().int().min(0).max(3_600).default(90),
    AGENT_STATE_MEMORY_MAX_AGENTS: z.coerce.number().int().min(0).max(10_000_000).default(50_000),
    // Live queue state from contact events (issue 13).
    LIVE_QUEUE_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(4 * 60 * 60),
    // Freshness watermark, extensions.dataAsOf (issue 14).
    CONTACT_MAX_DURATION_HOURS: z.coerce.number().min(0.25).max(8 * 24).default(24),
    DATA_AS_OF_PROBE_DAYS: z.coerce.number().int().min(1).max(31).default(3),
    // Embeddable wallboard and signed links (issue 15).
    WALLBOARD_FRAME_ANCESTORS: z.string().default("'self'"),
    SIGNED_LINKS: z.enum(['0', '1']).default('0'),
    SIGNED_LINK_SECRET: z.string().min(32, 'must be at least 32 bytes (e.g. openssl rand -base64 48)').optional(),
    SIGNED_LINK_SECRET_FILE: z.string().min(1).optional(),
    SIGNED_LINK_SECRET_ID: z.string().min(1).optional(),
    SIGNED_LINK_MAX_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(24 * 60 * 60),
    // 15-minute rollups (issue 14): the embedded stack's background rollup task, and how long a day's clean/dirty answer is reused.
    ROLLUP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3_600),
    ROLLUP_CLEAN_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(5),
    // The scheduled Athena rollup Lambda: the data bucket, its CTR prefix, and how many days back it looks for missing or dirty days.
    ROLLUP_BUCKET: z.string().min(3).optional(),
    ROLLUP_CTR_PREFIX: z.string().default('ctr/'),
    ROLLUP_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(3_660).default(35),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_MODE === 'apikey' && !env.AUTH_API_KEYS_FILE && !env.AUTH_API_KEYS_SECRET_ID) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_API_KEYS_FILE'], message: 'is required when AUTH_MODE=apikey (or set AUTH_API_KEYS_SECRET_ID)' });
    }
    if (env.AUTH_MODE === 'jwt') {
      for (const name of ['AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when AUTH_MODE=jwt' });
      }
    }
    // CORS answers echo one exact origin; a wildcard or a URL with a path would never match what browsers send.
    for (const origin of listOf(env.CORS_ORIGINS)) {
      if (!isOrigin(origin)) {
        ctx.addIssue({ code: 'custom', path: ['CORS_ORIGINS'], message: `${origin} is not an origin: list exact origins like https://portal.example.com (scheme, host, optional port; no * and no path)` });
      }
    }
    if (env.LIVE_STATE_BOOTSTRAP === '1' && listOf(env.LIVE_STATE_BOOTSTRAP_INSTANCES).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['LIVE_STATE_BOOTSTRAP_INSTANCES'], message: 'is required when LIVE_STATE_BOOTSTRAP=1 (comma-separated Connect instance ARNs)' });
    }
    for (const arn of listOf(env.LIVE_STATE_BOOTSTRAP_INSTANCES)) {
      if (!CONNECT_INSTANCE_ARN.test(arn)) {
        ctx.addIssue({ code: 'custom', path: ['LIVE_STATE_BOOTSTRAP_INSTANCES'], message: `${arn} is not a Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>)` });
      }
    }
    // A window of a period or more would let a live agent's stored liveness lag past 2 × the period: shown stale.
    if (env.AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS >= env.AGENT_HEARTBEAT_PERIOD_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS'],
        message: `must be less than AGENT_HEARTBEAT_PERIOD_SECONDS (${env.AGENT_HEARTBEAT_PERIOD_SECONDS}), or live agents would be shown stale`,
      });
    }
    if (env.SIGNED_LINKS === '1' && !env.SIGNED_LINK_SECRET && !env.SIGNED_LINK_SECRET_FILE && !env.SIGNED_LINK_SECRET_ID) {
      ctx.addIssue({ code: 'custom', path: ['SIGNED_LINK_SECRET'], message: 'is required when SIGNED_LINKS=1 (or SIGNED_LINK_SECRET_FILE / SIGNED_LINK_SECRET_ID): links cannot be signed or checked without a secret' });
    }
    const ancestors = frameAncestorsOf(env.WALLBOARD_FRAME_ANCESTORS);
    for (const source of ancestors) {
      if (!FRAME_ANCESTOR.test(source) || (source === "'none'" && ancestors.length > 1)) {
        ctx.addIssue({ code: 'custom', path: ['WALLBOARD_FRAME_ANCESTORS'], message: `${source} is not a frame ancestor: list 'self', origins like https://portal.example.com or https://*.example.com, or 'none' alone` });
      }
    }
    if (env.ENGINE === 'athena' && !env.ATHENA_OUTPUT_LOCATION) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATHENA_OUTPUT_LOCATION'],
        message: 'is required when ENGINE=athena (an s3:// prefix for query results)',
      });
    }
  });

/**
 * The directory's look-back in days: never more than `MAX_RANGE_DAYS` (the longest range any request
 * may read), and 0 — which used to mean every partition — means that maximum, so the directory never
 * reads unbounded history.
 */
function directoryLookbackDaysOf(lookbackDays: number, maxRangeDays: number): number {
  return lookbackDays === 0 ? maxRangeDays : Math.min(lookbackDays, maxRangeDays);
}

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
    /** Days of history the agent and queue directory is read from, ending at the newest day with data; 1…`maxRangeDays`. */
    readonly directoryLookbackDays: number;
    /** UTC days (ending today) `Query.contact` reads without an `initiatedAfter`/`initiatedBefore` hint. */
    readonly contactLookupMaxDays: number;
  };
  /** `rescanSeconds`: how often the data folder is listed again for new files (0 = only at start-up). */
  readonly data: { readonly dir: string; readonly rescanSeconds: number; readonly demoDays: number; readonly demoAgents: number; readonly demoSeed: string };
  readonly engine: 'duckdb' | 'athena';
  readonly duckdb: { readonly threads?: number };
  /** 15-minute CTR rollups (issue 14). */
  readonly rollup: {
    /** Seconds between background rollup runs on the embedded stack (`ROLLUP_INTERVAL_SECONDS`); 0 = off. */
    readonly intervalSeconds: number;
    /** Seconds a day's clean/dirty answer is reused by the read planner (`ROLLUP_CLEAN_CACHE_SECONDS`). */
    readonly cleanCacheSeconds: number;
    /** The data bucket the Athena rollup job writes `rollups/` to (`ROLLUP_BUCKET`). */
    readonly bucket?: string;
    /** Key prefix of the CTRs in that bucket (`ROLLUP_CTR_PREFIX`, default `ctr/`). */
    readonly ctrPrefix: string;
    /** Days before the last closed day the Athena job checks (`ROLLUP_LOOKBACK_DAYS`, default 35). */
    readonly lookbackDays: number;
  };
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
  /** Agent liveness and the cost of agent-event writes. */
  readonly agentState: {
    /** Connect's agent heartbeat period, seconds; an agent logged in and not heard from for twice this is `stale`. */
    readonly heartbeatPeriodSeconds: number;
    /** A heartbeat with no visible change is not written while the stored liveness is less than this old (seconds; 0: always written). */
    readonly heartbeatWriteWindowSeconds: number;
    /** Agents whose stored item each process remembers, so writes need no read first (0: always read). */
    readonly memoryMaxAgents: number;
  };
  readonly cache: { readonly maxBytes: number; readonly ttlOpenDaySeconds: number; readonly ttlClosedDaysSeconds: number };
  /** Whole-response cache of HTTP GraphQL queries (`RESPONSE_CACHE*`). */
  readonly responseCache: { readonly enabled: boolean; readonly maxEntries: number; readonly maxBytes: number };
  /** Limits that drop a subscriber too slow to keep up (WebSocket close code 4008). */
  readonly subscriptions: {
    /** Changes one subscription may have waiting to be sent. */
    readonly maxPendingChanges: number;
    /** Bytes a WebSocket may have waiting to be written to the network. */
    readonly maxBufferedBytes: number;
    /** Subscriptions one WebSocket connection may hold at once. */
    readonly maxPerConnection: number;
    /** Subscriptions one principal may hold at once, over all its connections. */
    readonly maxPerPrincipal: number;
  };
  /** Who may ask and what they see (README "Security"; SECURITY.md). */
  readonly auth: AuthConfig;
  /** How much a request may cost (README "Limits"). */
  readonly limits: LimitsConfig;
  /** Browser-facing and production hygiene. */
  readonly http: HttpConfig;
  readonly liveStateBootstrap: LiveStateBootstrapConfig;
  readonly simulate: boolean;
  /** Live queue state from contact events: a contact whose phase began this long ago no longer counts (and its item expires). */
  readonly liveQueue: { readonly maxAgeSeconds: number };
  /**
   * The freshness watermark (`extensions.dataAsOf`): the longest a contact lasts, hours (CTRs of
   * contacts initiated longer ago than that before the newest CTR are all delivered), and how many
   * UTC days up to today the watermark probes on Athena (the embedded engine reads its newest partitions).
   */
  readonly dataAsOf: { readonly contactMaxDurationHours: number; readonly probeDays: number };
  readonly redisUrl?: string;
  readonly logLevel: string;
}

/** Short-lived signed links (`SIGNED_LINKS*`): the secret comes from exactly one of its sources. */
export interface SignedLinksConfig {
  readonly enabled: boolean;
  readonly secret?: string;
  readonly secretFile?: string;
  readonly secretId?: string;
  /** Longest life of a link, seconds; @default 86400 */
  readonly maxTtlSeconds: number;
}

/** `WALLBOARD_FRAME_ANCESTORS`: CSP sources separated by spaces or commas. */
const FRAME_ANCESTOR = /^(?:'self'|'none'|https?:\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?)$/;

function frameAncestorsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part.length > 0);
}

/** Authentication and what a principal sees. */
export interface AuthConfig {
  /** `none` (every caller is the anonymous principal with every scope), `apikey` (`x-api-key`) or `jwt` (bearer). */
  readonly mode: 'none' | 'apikey' | 'jwt';
  /** `AUTH_ALLOW_ANONYMOUS=1`: allow `none` on a non-loopback HOST. */
  readonly allowAnonymous: boolean;
  readonly apiKeys: { readonly file?: string; readonly secretId?: string };
  readonly jwt: {
    readonly issuer?: string;
    readonly audience?: string;
    /** @default `<issuer>/.well-known/jwks.json` */
    readonly jwksUrl?: string;
    readonly algorithms: readonly string[];
    readonly clockSkewSeconds: number;
    /** Shortest time between two JWKS fetches for unknown `kid`s (jose's `cooldownDuration`); @default 30 */
    readonly jwksCooldownSeconds: number;
    readonly principalClaim: string;
    readonly scopesClaim: string;
    readonly instancesClaim: string;
  };
  /** Contact attribute keys shown without `pii:read` (others are null). */
  readonly piiAttributeAllowlist: readonly string[];
  /** Signed links (`Authorization: Link <token>`); absent: off. */
  readonly signedLinks?: SignedLinksConfig;
}

/** The live-state warm start of the agent-events Lambda (`LIVE_STATE_BOOTSTRAP*`). */
export interface LiveStateBootstrapConfig {
  /** Run it once per execution environment, before the first batch. */
  readonly enabled: boolean;
  /** The Connect instances to warm start (each only while its partition of the table is empty). */
  readonly instanceArns: readonly string[];
  /** The whole warm start is abandoned (logged) after this long, so the first batch still runs within the Lambda timeout. */
  readonly timeoutMs: number;
}

/** Query cost and traffic limits. */
export interface LimitsConfig {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Largest estimated cost of one operation (see the cost model in the README). */
  readonly maxCost: number;
  /** Average requests per minute per principal: the bucket of `rateBurst` is refilled in full every rateBurst × 60 / ratePerMinute s; 0 turns rate limiting off. */
  readonly ratePerMinute: number;
  /** Bucket size: requests a principal may send at once. */
  readonly rateBurst: number;
  /** Longest a request may run; its engine query is cancelled after it. */
  readonly requestTimeoutMs: number;
  readonly graphqlMaxBodyBytes: number;
  readonly ingestMaxBodyBytes: number;
  readonly wsMaxFrameBytes: number;
  /** Agent events dated further than this in the future are rejected. */
  readonly ingestMaxFutureSkewSeconds: number;
}

/** CORS, trusted documents and production switches. */
export interface HttpConfig {
  /** Origins allowed by CORS and the WebSocket Origin check; empty: same-origin only. */
  readonly corsOrigins: readonly string[];
  /** Accept only operations of the trusted-documents manifest. */
  readonly trustedDocuments: boolean;
  /** The manifest (`{ "<sha256>": "<document>" }`); @default dist/persisted-documents.json */
  readonly trustedDocumentsFile?: string;
  /** GraphiQL at /graphql for browsers; @default on except in production */
  readonly graphiql: boolean;
  /** Introspection and field suggestions; @default on except in production */
  readonly introspection: boolean;
  /** Serve /metrics on this port instead (unset: on the main port, behind `admin` when auth is on). */
  readonly metricsPort?: number;
  /** CSP `frame-ancestors` sources of /wallboard (who may embed it); @default ['\'self\''] */
  readonly wallboardFrameAncestors?: readonly string[];
}

/** Thrown when the environment does not validate; the message lists every problem at once. */
export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Whether a text is a web origin (`https://host[:port]`) exactly as browsers send it in `Origin`, up to case. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return !text.includes('*') && (url.protocol === 'https:' || url.protocol === 'http:') && url.origin.toLowerCase() === text.toLowerCase().replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** `RATE_LIMIT_PER_MINUTE` when callers authenticate (or anonymous access is allowed off loopback). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
/** `SUBSCRIPTION_MAX_PER_PRINCIPAL` when callers authenticate (or anonymous access is allowed off loopback). */
export const DEFAULT_SUBSCRIPTIONS_PER_PRINCIPAL = 20_000;

/**
 * The embedded stack's case: AUTH_MODE=none without AUTH_ALLOW_ANONYMOUS (so on loopback), where every
 * local client is the one anonymous principal and per-principal limits would only throttle each other.
 */
function anonymousLocal(e: { AUTH_MODE: string; AUTH_ALLOW_ANONYMOUS: string }): boolean {
  return e.AUTH_MODE === 'none' && e.AUTH_ALLOW_ANONYMOUS !== '1';
}

/** A comma-separated list, trimmed, without empty entries. */
function listOf(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
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
      directoryLookbackDays: directoryLookbackDaysOf(e.DIRECTORY_LOOKBACK_DAYS, e.MAX_RANGE_DAYS),
      contactLookupMaxDays: e.CONTACT_LOOKUP_MAX_DAYS,
    },
    data: { dir: path.resolve(e.DATA_DIR), rescanSeconds: e.DATA_RESCAN_SECONDS, demoDays: e.DEMO_DAYS, demoAgents: e.DEMO_AGENTS, demoSeed: e.DEMO_SEED },
    engine: e.ENGINE,
    duckdb: { threads: e.DUCKDB_THREADS },
    rollup: {
      intervalSeconds: e.ROLLUP_INTERVAL_SECONDS,
      cleanCacheSeconds: e.ROLLUP_CLEAN_CACHE_SECONDS,
      bucket: e.ROLLUP_BUCKET,
      ctrPrefix: e.ROLLUP_CTR_PREFIX,
      lookbackDays: e.ROLLUP_LOOKBACK_DAYS,
    },
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
    agentState: {
      heartbeatPeriodSeconds: e.AGENT_HEARTBEAT_PERIOD_SECONDS,
      heartbeatWriteWindowSeconds: e.AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS,
      memoryMaxAgents: e.AGENT_STATE_MEMORY_MAX_AGENTS,
    },
    cache: { maxBytes: e.CACHE_MAX_BYTES, ttlOpenDaySeconds: e.CACHE_TTL_OPEN_DAY_SECONDS, ttlClosedDaysSeconds: e.CACHE_TTL_CLOSED_DAYS_SECONDS },
    responseCache: { enabled: e.RESPONSE_CACHE === '1', maxEntries: e.RESPONSE_CACHE_MAX_ENTRIES, maxBytes: e.RESPONSE_CACHE_MAX_BYTES },
    subscriptions: {
      maxPendingChanges: e.SUBSCRIPTION_MAX_PENDING_CHANGES,
      maxBufferedBytes: e.SUBSCRIPTION_MAX_BUFFERED_BYTES,
      maxPerConnection: e.SUBSCRIPTION_MAX_PER_CONNECTION,
      maxPerPrincipal: e.SUBSCRIPTION_MAX_PER_PRINCIPAL ?? (anonymousLocal(e) ? 1_000_000 : DEFAULT_SUBSCRIPTIONS_PER_PRINCIPAL),
    },
    auth: {
      mode: e.AUTH_MODE,
      allowAnonymous: e.AUTH_ALLOW_ANONYMOUS === '1',
      apiKeys: { file: e.AUTH_API_KEYS_FILE, secretId: e.AUTH_API_KEYS_SECRET_ID },
      jwt: {
        issuer: e.AUTH_JWT_ISSUER,
        audience: e.AUTH_JWT_AUDIENCE,
        jwksUrl: e.AUTH_JWT_JWKS_URL,
        algorithms: listOf(e.AUTH_JWT_ALGORITHMS),
        clockSkewSeconds: e.AUTH_JWT_CLOCK_SKEW_SECONDS,
        jwksCooldownSeconds: e.AUTH_JWT_JWKS_COOLDOWN_SECONDS,
        principalClaim: e.AUTH_JWT_PRINCIPAL_CLAIM,
        scopesClaim: e.AUTH_JWT_SCOPES_CLAIM,
        instancesClaim: e.AUTH_JWT_INSTANCES_CLAIM,
      },
      piiAttributeAllowlist: listOf(e.PII_ATTRIBUTE_ALLOWLIST),
      signedLinks: {
        enabled: e.SIGNED_LINKS === '1',
        secret: e.SIGNED_LINK_SECRET,
        secretFile: e.SIGNED_LINK_SECRET_FILE,
        secretId: e.SIGNED_LINK_SECRET_ID,
        maxTtlSeconds: e.SIGNED_LINK_MAX_TTL_SECONDS,
      },
    },
    limits: {
      maxDepth: e.LIMIT_MAX_DEPTH,
      maxAliases: e.LIMIT_MAX_ALIASES,
      maxTokens: e.LIMIT_MAX_TOKENS,
      maxDirectives: e.LIMIT_MAX_DIRECTIVES,
      maxCost: e.LIMIT_MAX_COST,
      ratePerMinute: e.RATE_LIMIT_PER_MINUTE ?? (anonymousLocal(e) ? 0 : DEFAULT_RATE_LIMIT_PER_MINUTE),
      rateBurst: e.RATE_LIMIT_BURST,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      graphqlMaxBodyBytes: e.GRAPHQL_MAX_BODY_BYTES,
      ingestMaxBodyBytes: e.INGEST_MAX_BODY_BYTES,
      wsMaxFrameBytes: e.WS_MAX_FRAME_BYTES,
      ingestMaxFutureSkewSeconds: e.INGEST_MAX_FUTURE_SKEW_SECONDS,
    },
    http: {
      corsOrigins: listOf(e.CORS_ORIGINS),
      trustedDocuments: e.TRUSTED_DOCUMENTS === '1',
      trustedDocumentsFile: e.TRUSTED_DOCUMENTS_FILE,
      graphiql: (e.GRAPHIQL ?? (e.NODE_ENV === 'production' ? '0' : '1')) === '1',
      introspection: (e.INTROSPECTION ?? (e.NODE_ENV === 'production' ? '0' : '1')) === '1',
      metricsPort: e.METRICS_PORT,
      wallboardFrameAncestors: frameAncestorsOf(e.WALLBOARD_FRAME_ANCESTORS),
    },
    liveStateBootstrap: {
      enabled: e.LIVE_STATE_BOOTSTRAP === '1',
      instanceArns: listOf(e.LIVE_STATE_BOOTSTRAP_INSTANCES),
      timeoutMs: e.LIVE_STATE_BOOTSTRAP_TIMEOUT_MS,
    },
    simulate: e.SIMULATE === '1',
    liveQueue: { maxAgeSeconds: e.LIVE_QUEUE_MAX_AGE_SECONDS },
    dataAsOf: { contactMaxDurationHours: e.CONTACT_MAX_DURATION_HOURS, probeDays: e.DATA_AS_OF_PROBE_DAYS },
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
  });
}
