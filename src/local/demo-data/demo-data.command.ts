import { parseArgs } from 'node:util';
import { DemoDataError } from './demo-data.errors';
import type { DemoDataOptions } from './demo-data.options';
import { generateDemoData, type DemoDataSummary } from './generate-demo-data';

/** Usage text of `npm run demo-data`. */
export const USAGE = `Usage: npm run demo-data -- --out DIR --days N --agents N --seed S [--start YYYY-MM-DD] [--format json|parquet] [--compression mixed|gzip|none] [--gzip]

Writes a deterministic demo data set of a simulated Amazon Connect contact center in the Firehose layout
DIR/{ctr,ae,cfl,cl,ef}/year=YYYY/month=MM/day=DD/<Firehose object names> (see docs/demo-data.md).

  --out DIR             folder to create (must not exist or be empty)
  --days N              number of UTC days to simulate (1-400)
  --agents N            number of agents (1-10000)
  --seed S              seed: the same arguments give byte-identical files
  --start YYYY-MM-DD    first UTC day (default: days-1 days before today)
  --format json|parquet output format (default json)
  --compression C       mixed (default): as a synced bucket holds them, no extension, .gz and gzip
                        named .json side by side, some objects concatenated; gzip: every file .gz;
                        none: every file uncompressed without an extension
  --gzip                same as --compression gzip
  -h, --help            show this help`;

/** Exit codes of the command. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** Where the command writes and what can stop it. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly signal?: AbortSignal;
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(value.trim())) throw new DemoDataError('BAD_ARGUMENT', `--${flag} must be a whole number (got "${value}")`);
  return Number(value);
}

function summaryText(summary: DemoDataSummary): string {
  const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
  const counts = Object.entries(summary.counts)
    .map(([source, count]) => `${source} ${count}`)
    .join(', ');
  return [
    `demo-data: wrote ${summary.outDir} (${summary.format}, ${summary.compression} compression)`,
    `  ${summary.days} day(s) from ${summary.start}, ${summary.agents} agents, seed "${summary.seed}"`,
    `  ${summary.contacts} contacts; records: ${counts}`,
    `  ${summary.files} files, ${mb(summary.bytes)}, ${(summary.durationMs / 1000).toFixed(1)} s`,
    '',
  ].join('\n');
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        days: { type: 'string' },
        agents: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        format: { type: 'string' },
        compression: { type: 'string' },
        gzip: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    // parseArgs explains over several lines; keep it on one.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
    throw new DemoDataError('BAD_ARGUMENT', `${message}${/[.?!]$/.test(message) ? '' : '.'} Run with --help for usage.`);
  }
}

/**
 * Runs `demo-data` with command-line arguments (without `node` and the script). Prints a summary, or
 * one line `demo-data: <what is wrong and what to do>` on stderr.
 * @returns the exit code: 0 done, 1 failed, 2 bad arguments, 130 interrupted (nothing left behind).
 */
export async function runDemoDataCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const values = parseCommandLine(argv);
    if (values.help === true) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.OK;
    }
    const required = (flag: 'out' | 'days' | 'agents' | 'seed', what: string): string => {
      const value = values[flag];
      if (value === undefined) throw new DemoDataError('BAD_ARGUMENT', `missing --${flag} (${what}). Run with --help for usage.`);
      return value;
    };
    const format = values.format;
    if (format !== undefined && format !== 'json' && format !== 'parquet') {
      throw new DemoDataError('BAD_ARGUMENT', `--format must be json or parquet (got "${format}")`);
    }
    const summary = await generateDemoData({
      outDir: required('out', 'the folder to write'),
      days: wholeNumber('days', required('days', 'how many UTC days')) as number,
      agents: wholeNumber('agents', required('agents', 'how many agents')) as number,
      seed: required('seed', 'any text; the same seed gives the same data'),
      start: values.start,
      format,
      compression: values.compression as DemoDataOptions['compression'],
      gzip: values.gzip === true,
      progress: true,
      signal: io.signal,
    });
    io.stdout.write(summaryText(summary));
    return EXIT.OK;
  } catch (error) {
    if (error instanceof DemoDataError) {
      const message = error.message.replace(/^(outDir|days|agents|seed|start|format|compression) \(--(\w+)\)/, '--$2');
      io.stderr.write(`demo-data: ${message}\n`);
      return error.code === 'BAD_ARGUMENT' ? EXIT.USAGE : error.code === 'ABORTED' ? EXIT.INTERRUPTED : EXIT.FAILED;
    }
    io.stderr.write(`demo-data: failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    return EXIT.FAILED;
  }
}
