import { z } from 'zod';
import { DemoDataError } from './demo-data.errors';
import { DEMO_COMPRESSIONS, type DemoCompression } from './firehose-naming';
import { DAY_MS, formatUtcDate, parseUtcDate, utcDayNumber } from './time.format';

/** Largest `days` accepted. */
export const MAX_DAYS = 400;
/** Largest `agents` accepted. */
export const MAX_AGENTS = 10_000;

/** Options of {@link generateDemoData}. */
export interface DemoDataOptions {
  /** Folder to create; must not exist or be empty. Written via a staging folder beside it. */
  outDir: string;
  /** Number of UTC days to simulate, 1–400. */
  days: number;
  /** Number of agents, 1–10 000. */
  agents: number;
  /** Seed of every random choice: the same options give byte-identical output. */
  seed: string | number;
  /** First UTC day, `YYYY-MM-DD`. Default: `days - 1` days before today (UTC), so the data ends today. */
  start?: string;
  /** Nothing is simulated after this instant (used at start-up so that today has data up to now). */
  endAt?: Date;
  /** `json` (default): newline-delimited JSON; `parquet`: the same partitions as Parquet files. */
  format?: 'json' | 'parquet';
  /**
   * How JSON files are compressed and named, as Firehose streams deliver them (see {@link DemoCompression});
   * default `mixed`. With Parquet, `none` gives snappy and anything else gzip-compressed Parquet.
   */
  compression?: DemoCompression;
  /** Shorthand for `compression: 'gzip'` (the `--gzip` flag). */
  gzip?: boolean;
  /** `true`: a progress bar on stderr when it is a terminal; a function: called with (done, total) simulated minutes. */
  progress?: boolean | ((done: number, total: number) => void);
  /** Aborts the run; nothing is left behind. */
  signal?: AbortSignal;
}

/** Options after validation and defaults. */
export interface ResolvedDemoDataOptions {
  readonly outDir: string;
  readonly days: number;
  readonly agents: number;
  readonly seed: string;
  readonly start: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly stopMs: number;
  readonly format: 'json' | 'parquet';
  readonly compression: DemoCompression;
  readonly progress: boolean | ((done: number, total: number) => void);
  readonly signal: AbortSignal | undefined;
}

const optionsSchema = z.object({
  outDir: z.string({ error: 'outDir (--out) is required: the folder to write' }).trim().min(1, 'outDir (--out) must not be empty'),
  days: z
    .number({ error: 'days (--days) is required: how many UTC days to simulate' })
    .int('days (--days) must be a whole number')
    .min(1, 'days (--days) must be at least 1')
    .max(MAX_DAYS, `days (--days) must be at most ${MAX_DAYS}`),
  agents: z
    .number({ error: 'agents (--agents) is required: how many agents to simulate' })
    .int('agents (--agents) must be a whole number')
    .min(1, 'agents (--agents) must be at least 1')
    .max(MAX_AGENTS, `agents (--agents) must be at most ${MAX_AGENTS}`),
  seed: z.union([z.string().min(1), z.number().finite()], { error: 'seed (--seed) is required: any text or number' }),
  start: z
    .string()
    .refine((text) => parseUtcDate(text) !== undefined, 'start (--start) must be a real date as YYYY-MM-DD')
    .optional(),
  endAt: z.date().refine((date) => !Number.isNaN(date.getTime()), 'endAt must be a valid date').optional(),
  format: z.enum(['json', 'parquet'], { error: 'format (--format) must be json or parquet' }).default('json'),
  compression: z.enum(DEMO_COMPRESSIONS as [DemoCompression, ...DemoCompression[]], { error: 'compression (--compression) must be mixed, gzip or none' }).optional(),
  gzip: z.boolean().default(false),
  progress: z
    .custom<boolean | ((done: number, total: number) => void)>((value) => typeof value === 'boolean' || typeof value === 'function', 'progress must be a boolean or a function')
    .default(false),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'signal must be an AbortSignal').optional(),
});

/**
 * Validates options and fills in defaults.
 * @param nowMs the current time, used only for the default `start`.
 * @throws DemoDataError `BAD_ARGUMENT` naming the first bad option.
 */
export function resolveOptions(options: DemoDataOptions, nowMs: number): ResolvedDemoDataOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DemoDataError('BAD_ARGUMENT', issue?.message ?? 'invalid options');
  }
  const value = parsed.data;
  const start = value.start ?? formatUtcDate(utcDayNumber(nowMs) - (value.days - 1));
  const startMs = parseUtcDate(start) as number;
  const endMs = startMs + value.days * DAY_MS;
  return {
    outDir: value.outDir,
    days: value.days,
    agents: value.agents,
    seed: String(value.seed),
    start,
    startMs,
    endMs,
    stopMs: value.endAt === undefined ? Infinity : value.endAt.getTime(),
    format: value.format,
    compression: value.compression ?? (value.gzip ? 'gzip' : 'mixed'),
    progress: value.progress,
    signal: value.signal,
  };
}
