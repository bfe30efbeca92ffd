import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import { DuckDbEngine } from '../../history/duckdb.engine';
import { createDuckDbRollupBuilder } from '../../history/rollup-state/duckdb-rollup.builder';
import { lastClosedDay, runRollups, type RollupDayOutcome, type RollupRunSummary } from '../../history/rollup-state/rollup-job';
import { dayOfKey } from '../../history/rollup-state/rollup-manifest';
import { LocalRollupStateStore } from '../../history/rollup-state/rollup-state.store';
import { inspectDataDir } from '../../history/data-layout';

/** Usage text of `npm run rollup`. */
export const USAGE = `Usage: npm run rollup -- [--data DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--force] [--json]

Builds the 15-minute CTR rollups (DIR/rollups/ctr/year=YYYY/month=MM/day=DD/) of every closed CTR
partition day whose rollup is missing or dirty (a file landed in the partition after its rollup was
built), and writes each day's manifest (DIR/rollups/_manifests/ctr/YYYY-MM-DD.json). A day is closed
once a whole day has passed since it ended (UTC): today's and yesterday's partitions still change.
The server reads clean days' rollups and every other day raw, so it may run while the server runs.

  --data DIR          the data folder (default: DATA_DIR, else ./data)
  --from YYYY-MM-DD   first CTR partition day (default: the oldest)
  --to YYYY-MM-DD     last CTR partition day (default: the last closed day; later days are never built)
  --force             rebuild clean days too
  --json              print the summary as JSON instead of text
  -h, --help          show this help

Exit code: 0 when every day considered is clean or was built, 1 when a day failed or the folder is
not a data folder, 2 for bad arguments, 130 when interrupted (days built so far are kept).`;

/** Exit codes of the command. */
export const ROLLUP_EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** Where the command writes, and what stops it. */
export interface RollupCommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; write(text: string): unknown };
  /** Stops the run between days (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** The clock deciding which days are closed. @default now */
  readonly now?: Date;
  /** DATA_DIR from the configuration, used without --data. */
  readonly defaultDataDir?: string;
}

class UsageError extends Error {}

function parseDay(name: string, value: string | undefined): DayPartition | undefined {
  if (value === undefined) return undefined;
  const day = dayOfKey(value);
  if (!day) throw new UsageError(`--${name} ${value} is not a date: write it as YYYY-MM-DD, e.g. --${name} 2026-11-01`);
  return day;
}

const int = (n: number): string => n.toLocaleString('en-US');

/** The summary as text: totals, then one line per failed day. */
export function summaryText(dataDir: string, summary: RollupRunSummary): string {
  const lines = [
    `rollup: ${dataDir}`,
    `  ${int(summary.days)} closed day(s) considered: ${int(summary.built)} built, ${int(summary.skippedClean)} skipped (clean), ${int(summary.failed)} failed${summary.aborted ? ', interrupted' : ''}`,
    `  ${int(summary.rows)} rollup rows, ${(summary.bytes / 1024).toFixed(1)} KB written in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  for (const o of summary.outcomes) if (o.outcome === 'failed') lines.push(`  ${o.day} failed: ${o.error.message.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}

function outcomeJson(o: RollupDayOutcome): object {
  if (o.outcome === 'failed') return { day: o.day, outcome: o.outcome, error: o.error.message.split('\n')[0] };
  if (o.outcome === 'clean') return o;
  return { day: o.day, outcome: o.outcome, reason: o.reason, rows: o.output.rows, bytes: o.output.bytes, durationMs: Math.round(o.durationMs) };
}

/**
 * `npm run rollup`: builds the missing and dirty rollups of a data folder's closed days on DuckDB,
 * with a progress bar on a terminal and a summary at the end.
 * @returns the exit code ({@link ROLLUP_EXIT}).
 */
export async function runRollupCommand(argv: readonly string[], io: RollupCommandIo): Promise<number> {
  let values: { data?: string; from?: string; to?: string; force?: boolean; json?: boolean; help?: boolean };
  let from: DayPartition | undefined;
  let to: DayPartition | undefined;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        data: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
    from = parseDay('from', values.from);
    to = parseDay('to', values.to);
    if (from && to && partitionDayKey(from) > partitionDayKey(to)) throw new UsageError(`--from ${values.from} is after --to ${values.to}: swap them`);
  } catch (error) {
    io.stderr.write(`rollup: ${(error as Error).message}\n\n${USAGE}\n`);
    return ROLLUP_EXIT.USAGE;
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return ROLLUP_EXIT.OK;
  }
  const dataDir = values.data ?? io.defaultDataDir ?? './data';
  const state = inspectDataDir(dataDir);
  if (state.kind !== 'layout') {
    const why = state.kind === 'empty' ? 'it is empty or missing' : state.reason;
    io.stderr.write(`rollup: ${dataDir} is not a data folder (${why}). Point --data (or DATA_DIR) at DIR/ctr/year=YYYY/month=MM/day=DD/<files>, e.g. one written by npm run demo-data.\n`);
    return ROLLUP_EXIT.FAILED;
  }
  const now = io.now ?? new Date();
  if (to && partitionDayKey(to) > partitionDayKey(lastClosedDay(now))) {
    io.stderr.write(`rollup: days after ${partitionDayKey(lastClosedDay(now))} are not closed yet (contacts may still run); they are read raw and not built.\n`);
  }
  const engine = await DuckDbEngine.create({ dataDir, rescanSeconds: 0 });
  const bar = io.stderr.isTTY && !values.json ? new SingleBar({ format: 'rollup [{bar}] {value}/{total} days | {day} {outcome}', stream: io.stderr, hideCursor: true }) : undefined;
  try {
    const summary = await runRollups({
      store: new LocalRollupStateStore({ dataDir }),
      builder: createDuckDbRollupBuilder(engine, dataDir),
      now,
      from,
      to,
      force: values.force ?? false,
      signal: io.signal,
      onDay: (outcome, done, total) => {
        if (done === 1) bar?.start(total, 0, { day: '', outcome: '' });
        bar?.update(done, { day: outcome.day, outcome: outcome.outcome });
      },
    });
    bar?.stop();
    io.stdout.write(values.json ? `${JSON.stringify({ dataDir, ...summary, durationMs: Math.round(summary.durationMs), outcomes: summary.outcomes.map(outcomeJson) }, null, 2)}\n` : summaryText(dataDir, summary));
    if (summary.aborted) return ROLLUP_EXIT.INTERRUPTED;
    return summary.failed > 0 ? ROLLUP_EXIT.FAILED : ROLLUP_EXIT.OK;
  } finally {
    bar?.stop();
    await engine.close();
  }
}
