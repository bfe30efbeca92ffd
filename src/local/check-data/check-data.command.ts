import { parseArgs } from 'node:util';
import { MultiBar, type SingleBar } from 'cli-progress';
import { checkDataFolder, type CheckProgress, type DataCheckReport } from './data-check';

/** Usage text of `npm run check-data`. */
export const USAGE = `Usage: npm run check-data -- --data DIR [--json]

Examines a data folder the way the server reads it (run it after \`aws s3 sync\`, before pointing
DATA_DIR at the folder): files read and skipped per source with the reason, records, date range and
partitions, CTR re-deliveries, enum values Connect does not document today, and records filed under
a day partition that is not their own.

  --data DIR   the folder: DIR/{ctr,ae,cfl,cl,ef}/year=YYYY/month=MM/day=DD/<files>
  --json       print the report as JSON (for machines) instead of tables
  -h, --help   show this help

Exit code: 0 when anything could be read (even with skipped files), 1 when nothing could be read,
2 for bad arguments.`;

/** Exit codes of the command. */
export const CHECK_EXIT = { OK: 0, NOTHING_READABLE: 1, USAGE: 2 } as const;

/** Where the command writes. */
export interface CheckCommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; write(text: string): unknown };
}

const int = (n: number): string => n.toLocaleString('en-US');

/** Left-aligned text table; numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d,.]+$|^-$/.test(r[i])));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function range(first: string | null, last: string | null): string {
  return first === null ? '-' : first === last ? first : `${first} .. ${last}`;
}

/** The report as readable tables. */
export function reportText(report: DataCheckReport): string {
  const seconds = report.durationMs / 1000;
  const rate = (n: number) => int(Math.round(n / Math.max(seconds, 0.001)));
  const out: string[] = [
    `check-data: ${report.dataDir}`,
    `  ${int(report.totals.filesRead)} files read (${(report.totals.bytesRead / 1_048_576).toFixed(1)} MB on disk), ${int(report.totals.filesSkipped)} skipped, ${int(report.totals.records)} records in ${seconds.toFixed(1)} s (${rate(report.totals.filesRead)} files/s, ${rate(report.totals.records)} records/s)`,
    '',
    table(
      ['source', 'files read', 'skipped', 'markers', 'records', 'not records', 'first record', 'last record', 'partitions', 'days', 'misplaced'],
      report.sources.map((s) => [
        s.source,
        int(s.filesRead),
        int(s.skipped.filter((k) => k.reason !== 'partial-record').reduce((n, k) => n + k.files, 0)),
        int(s.markerFiles),
        int(s.records),
        int(s.unreadableOrForeignRecords),
        s.firstTimestamp ?? '-',
        s.lastTimestamp ?? '-',
        int(s.partitions),
        range(s.firstPartition, s.lastPartition),
        int(s.misplacedRecords),
      ]),
    ),
  ];
  const skipped = report.sources.flatMap((s) => s.skipped.map((k) => ({ source: s.source, ...k })));
  out.push('', 'Skipped files (not read; partial-record files are read without their cut-off last record):');
  if (skipped.length === 0) out.push('  none');
  for (const k of skipped) {
    out.push(`  ${k.source}  ${k.reason}: ${int(k.files)} file(s)`);
    for (const p of k.examples) out.push(`      ${p}`);
    if (k.files > k.examples.length) out.push(`      … and ${int(k.files - k.examples.length)} more`);
  }
  const ctr = report.sources.find((s) => s.source === 'ctr');
  if (ctr?.redeliveries) {
    out.push(
      '',
      `CTR re-deliveries: ${int(ctr.redeliveries.contacts)} contacts have more than one record (${int(ctr.redeliveries.extraRecords)} extra records); queries keep each contact's record with the greatest LastUpdateTimestamp.`,
    );
  }
  const unknown = report.sources.flatMap((s) => s.unknownValues.map((u) => ({ source: s.source, ...u })));
  out.push('', 'Enum values Connect does not document today (accepted, kept and returned as sent):');
  if (unknown.length === 0) out.push('  none');
  else out.push(table(['source', 'field', 'value', 'records'], unknown.map((u) => [u.source, u.field, u.value, int(u.records)])).replace(/^/gm, '  '));
  const misplaced = report.sources.filter((s) => s.misplacedRecords > 0);
  if (misplaced.length > 0) {
    out.push('', 'Misplaced records (partition folder is not the UTC day of the record\'s partition timestamp):');
    for (const s of misplaced) out.push(`  ${s.source}: ${int(s.misplacedRecords)}${s.misplacedNote ? ` (${s.misplacedNote})` : ''}`);
  }
  const notRecords = report.sources.filter((s) => s.unreadableOrForeignRecords > 0);
  if (notRecords.length > 0) {
    out.push('', 'Not records of their source (cut off mid-line, or another source\'s shape; never read by queries):');
    for (const s of notRecords) out.push(`  ${s.source}: ${int(s.unreadableOrForeignRecords)}`);
  }
  if (report.totals.filesRead === 0) out.push('', 'Nothing could be read: is --data the folder that holds ctr/, ae/, cfl/, cl/ and ef/?');
  return `${out.join('\n')}\n`;
}

/** Two bars on stderr when it is a terminal: files examined, then sources counted. */
function progressBars(stream: CheckCommandIo['stderr']): { onProgress?: CheckProgress; stop(): void } {
  if (!stream.isTTY) return { stop: () => undefined };
  const multi = new MultiBar({ stream, format: 'check-data [{bar}] {percentage}% | {phase} {value}/{total} | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true });
  const bars = new Map<string, SingleBar>();
  return {
    onProgress(phase, done, total) {
      const label = phase === 'files' ? 'files' : 'sources';
      const bar = bars.get(phase) ?? bars.set(phase, multi.create(total, 0, { phase: label })).get(phase)!;
      bar.setTotal(total);
      bar.update(done, { phase: label });
    },
    stop: () => multi.stop(),
  };
}

/**
 * Runs `check-data` with command-line arguments (without `node` and the script).
 * @returns the exit code: 0 something was read, 1 nothing could be read, 2 bad arguments.
 */
export async function runCheckDataCommand(argv: readonly string[], io: CheckCommandIo): Promise<number> {
  let values: { data?: string; json?: boolean; help?: boolean };
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { data: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    io.stderr.write(`check-data: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')} Run with --help for usage.\n`);
    return CHECK_EXIT.USAGE;
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return CHECK_EXIT.OK;
  }
  if (!values.data) {
    io.stderr.write('check-data: missing --data DIR (the folder to examine). Run with --help for usage.\n');
    return CHECK_EXIT.USAGE;
  }
  const bars = progressBars(io.stderr);
  let report: DataCheckReport;
  try {
    report = await checkDataFolder(values.data, { onProgress: bars.onProgress });
  } catch (error) {
    bars.stop();
    io.stderr.write(`check-data: cannot examine --data ${values.data}: ${(error as Error).message}\n`);
    return CHECK_EXIT.NOTHING_READABLE;
  }
  bars.stop();
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  return report.totals.filesRead > 0 ? CHECK_EXIT.OK : CHECK_EXIT.NOTHING_READABLE;
}

