import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'esbuild';
import {
  RECORD_SOURCES,
  parseAgentEvent,
  parseContactFlowLogRow,
  parseContactLensRow,
  parseCtr,
  parseEvaluationRow,
  type RecordSource,
} from '../../src/domain/records';
import { DemoDataError, generateDemoData } from '../../src/local/demo-data';
import { PartitionedWriter } from '../../src/local/demo-data/partitioned.writer';
import { jsonValuesIn } from '../helpers/raw-records';

const REPO = path.resolve(__dirname, '../..');
const READERS: Record<RecordSource, (json: unknown) => unknown> = {
  ctr: parseCtr,
  ae: parseAgentEvent,
  cfl: parseContactFlowLogRow,
  cl: parseContactLensRow,
  ef: parseEvaluationRow,
};
const SMALL = ['--days', '2', '--agents', '8', '--seed', 'cli-test', '--start', '2024-03-04'];

let work: string;
let cli: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-data-cli-'));
  cli = path.join(work, 'demo-data.cli.js');
  // The real entry point, bundled (esbuild) so the test does not depend on a full `tsc` build.
  await build({
    entryPoints: [path.join(REPO, 'src/local/demo-data.cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: cli,
    external: ['@duckdb/node-api'],
    logLevel: 'silent',
  });
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const childEnv = { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') };

function run(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
}

/** Relative paths of all files under a folder, sorted. */
function files(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((entry) => fs.statSync(path.join(root, entry)).isFile()).sort();
}

function digest(root: string): Record<string, string> {
  return Object.fromEntries(files(root).map((file) => [file, createHash('sha256').update(fs.readFileSync(path.join(root, file))).digest('hex')]));
}

/** The records of one delivery file, read by content: gzip by its magic bytes, objects with or without a delimiter. */
function readLines(file: string): string[] {
  return jsonValuesIn(fileText(file)).map((record) => JSON.stringify(record));
}

function fileText(file: string): string {
  const bytes = fs.readFileSync(file);
  return (isGzip(bytes) ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
}

function isGzip(bytes: Buffer): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** `<source>/year=…/month=…/day=…/<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid><extension>`, as Firehose names objects (quirk 11). */
const FIREHOSE_FILE = /^(ctr|ae|cfl|cl|ef)\/year=\d{4}\/month=\d{2}\/day=\d{2}\/AmazonConnectDataAnalyticsSample-(CTR|AE|CFL|CL|EF)-([123])-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}(\.gz|\.json)?$/;

/** Nothing left next to `out`: no staging folder of a run. */
function stagingLeftovers(parent: string): string[] {
  return fs.existsSync(parent) ? fs.readdirSync(parent).filter((name) => name.includes('.demo-data-')) : [];
}

describe('npm run demo-data (the CLI)', () => {
  it('prints usage with --help', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npm run demo-data -- --out DIR');
  });

  it('writes the Firehose layout with Firehose object names and mixed compression, every record readable by the record readers, and says what it wrote', () => {
    const out = path.join(work, 'layout');
    const result = run(['--out', out, ...SMALL]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/wrote .*layout \(json, mixed compression\)/);
    expect(fs.readdirSync(out).sort()).toEqual([...RECORD_SOURCES].sort());
    const kinds = { plain: 0, gz: 0, gzipNamedJson: 0, concatenated: 0 };
    for (const file of files(out)) {
      const name = FIREHOSE_FILE.exec(file);
      expect(name).not.toBeNull();
      expect(name![2].toLowerCase()).toBe(name![1]);
      const bytes = fs.readFileSync(path.join(out, file));
      // Stream version 1 is uncompressed without an extension, 2 is GZIP with `.gz`, 3 is GZIP with FileExtension `.json`.
      const version = name![3];
      expect(isGzip(bytes)).toBe(version !== '1');
      expect(name![4]).toBe(version === '2' ? '.gz' : version === '3' ? '.json' : undefined);
      if (version === '1') kinds.plain++;
      else if (version === '2') kinds.gz++;
      else kinds.gzipNamedJson++;
      const text = fileText(path.join(out, file));
      if (/\}\{/.test(text)) kinds.concatenated++;
      const read = READERS[file.split('/')[0] as RecordSource];
      const records = jsonValuesIn(text);
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) read(record);
    }
    const total = kinds.plain + kinds.gz + kinds.gzipNamedJson;
    // About a third of each; a few uncompressed files hold objects concatenated without a delimiter.
    for (const n of [kinds.plain, kinds.gz, kinds.gzipNamedJson]) expect(n / total).toBeGreaterThan(0.2);
    expect(kinds.concatenated).toBeGreaterThan(0);
    expect(kinds.concatenated).toBeLessThan(kinds.plain);
    expect(stagingLeftovers(work)).toEqual([]);
  });

  it('gives byte-identical files for the same arguments', () => {
    const first = path.join(work, 'same-a');
    const second = path.join(work, 'same-b');
    expect(run(['--out', first, ...SMALL]).status).toBe(0);
    expect(run(['--out', second, ...SMALL]).status).toBe(0);
    const digests = digest(first);
    expect(Object.keys(digests).length).toBeGreaterThan(5);
    expect(digest(second)).toEqual(digests);
    expect(run(['--out', path.join(work, 'same-c'), ...SMALL.slice(0, 5), 'other-seed', '--start', '2024-03-04']).status).toBe(0);
    expect(digest(path.join(work, 'same-c'))).not.toEqual(digests);
  });

  it('writes the same records in the same files with --gzip (all .gz), --compression none (no extension) and the default mix', () => {
    const mixed = path.join(work, 'same-a');
    const gzipped = path.join(work, 'gzip');
    const plain = path.join(work, 'plain');
    expect(run(['--out', gzipped, ...SMALL, '--gzip']).status).toBe(0);
    expect(run(['--out', plain, ...SMALL, '--compression', 'none']).status).toBe(0);
    /** A file's identity without its stream version and extension: partition, delivery time and uuid. */
    const identity = (file: string) => file.replace(/-[123]-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})-/, '-$1-').replace(/\.(gz|json)$/, '');
    const byIdentity = (root: string) => new Map(files(root).map((file) => [identity(file), file]));
    const gzFiles = files(gzipped);
    expect(gzFiles.every((file) => file.endsWith('.gz') && isGzip(fs.readFileSync(path.join(gzipped, file))))).toBe(true);
    expect(files(plain).every((file) => FIREHOSE_FILE.exec(file)?.[4] === undefined && !isGzip(fs.readFileSync(path.join(plain, file))))).toBe(true);
    const plainFiles = byIdentity(plain);
    const mixedFiles = byIdentity(mixed);
    const gzByIdentity = byIdentity(gzipped);
    expect([...gzByIdentity.keys()].sort()).toEqual([...plainFiles.keys()].sort());
    expect([...mixedFiles.keys()].sort()).toEqual([...plainFiles.keys()].sort());
    for (const [id, file] of plainFiles) {
      expect(readLines(path.join(gzipped, gzByIdentity.get(id)!))).toEqual(readLines(path.join(plain, file)));
      expect(readLines(path.join(mixed, mixedFiles.get(id)!))).toEqual(readLines(path.join(plain, file)));
    }
  });

  it('writes Parquet with the same partitions and rows with --format parquet', async () => {
    const args = ['--days', '1', '--agents', '4', '--seed', 'parquet', '--start', '2024-03-05'];
    const json = path.join(work, 'pq-json');
    const parquet = path.join(work, 'pq');
    expect(run(['--out', json, ...args]).status).toBe(0);
    const result = run(['--out', parquet, ...args, '--format', 'parquet']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const parquetFiles = files(parquet);
    for (const file of parquetFiles) {
      // Firehose's names without an extension; Parquet by content.
      expect(file).toMatch(/^(ctr|ae|cfl|cl|ef)\/year=\d{4}\/month=\d{2}\/day=\d{2}\/AmazonConnectDataAnalyticsSample-[A-Z]+-[123]-[-0-9a-f]+$/);
      expect(fs.readFileSync(path.join(parquet, file)).subarray(0, 4).toString('latin1')).toBe('PAR1');
    }
    const again = path.join(work, 'pq-again');
    expect(run(['--out', again, ...args, '--format', 'parquet']).status).toBe(0);
    expect(digest(again)).toEqual(digest(parquet));
    expect(parquetFiles.map((file) => path.dirname(file))).toEqual(files(json).map((file) => path.dirname(file)));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const source of RECORD_SOURCES) {
        const jsonLines = files(path.join(json, source)).flatMap((file) => readLines(path.join(json, source, file)));
        const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path.join(parquet, source)}/*/*/*/*')`);
        expect(reader.getRowObjects()[0]?.n).toBe(jsonLines.length);
      }
      const ctr = await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n FROM read_parquet('${path.join(parquet, 'ctr')}/*/*/*/*') WHERE "Agent" IS NULL AND "Queue"."EnqueueTimestamp" IS NOT NULL`,
      );
      expect(ctr.getRowObjects()[0]?.n).toBeGreaterThan(0);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  const DEFAULTS = ['--days', '2', '--agents', '8', '--seed', 'cli-test'];
  it.each([
    [[...DEFAULTS, '--bogus'], /unknown option '--bogus'/i],
    [['--days=-1', '--agents', '8', '--seed', 's'], /--days must be at least 1/],
    [['--days', '-1', '--agents', '8', '--seed', 's'], /--days/],
    [['--days', '2', '--agents', 'many', '--seed', 's'], /--agents must be a whole number/],
    [['--days', '2', '--agents', '0', '--seed', 's'], /--agents must be at least 1/],
    [[...DEFAULTS, '--start', '2024-13-01'], /--start must be a real date/],
    [[...DEFAULTS, '--format', 'csv'], /--format must be json or parquet/],
    [[...DEFAULTS, '--compression', 'zip'], /--compression must be mixed, gzip or none/],
    [[...DEFAULTS, 'positional'], /positional/],
  ])('rejects %j with one line on stderr, exit code 2 and nothing written', (args, message) => {
    const out = path.join(work, 'rejected');
    const result = run(['--out', out, ...args]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^demo-data: /);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
    expect(stagingLeftovers(work)).toEqual([]);
  });

  it('rejects a missing required flag', () => {
    const result = run(['--out', path.join(work, 'missing'), '--days', '1', '--agents', '2']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^demo-data: missing --seed/);
  });

  it('refuses an --out that already holds data and leaves it untouched', () => {
    const out = path.join(work, 'holds-data');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const result = run(['--out', out, ...SMALL]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^demo-data: --out .* already holds data .*choose a new or empty folder/);
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
    expect(stagingLeftovers(work)).toEqual([]);
  });

  it('accepts an existing empty --out folder', () => {
    const out = path.join(work, 'empty-out');
    fs.mkdirSync(out);
    expect(run(['--out', out, '--days', '1', '--agents', '3', '--seed', 'e', '--start', '2024-03-04']).status).toBe(0);
    // All five source folders, even those without records yet.
    expect(fs.readdirSync(out).sort()).toEqual([...RECORD_SOURCES].sort());
  });

  it('reports an unwritable --out and creates nothing', () => {
    const blocker = path.join(work, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const result = run(['--out', path.join(blocker, 'data'), ...SMALL]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^demo-data: cannot .*--out .*choose a writable folder/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('on SIGINT stops, exits 130 and leaves nothing behind', async () => {
    const parent = path.join(work, 'interrupt');
    const out = path.join(parent, 'data');
    const child = spawn(process.execPath, [cli, '--out', out, '--days', '60', '--agents', '300', '--seed', 'sigint', '--start', '2024-01-01'], { env: childEnv });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the run is writing into its staging folder, then interrupt it.
    for (let waited = 0; stagingLeftovers(parent).length === 0 || files(path.join(parent, stagingLeftovers(parent)[0] as string)).length === 0; waited += 50) {
      if (waited > 20_000) throw new Error('the run never started writing');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/^demo-data: interrupted/m);
    expect(fs.existsSync(out)).toBe(false);
    expect(stagingLeftovers(parent)).toEqual([]);
  });
});

describe('generateDemoData (programmatic API)', () => {
  it('returns a summary that matches the files and reports progress through a callback', async () => {
    const outDir = path.join(work, 'api');
    const progress: [number, number][] = [];
    const summary = await generateDemoData({ outDir, days: 1, agents: 3, seed: 42, start: '2024-03-06', progress: (done, total) => progress.push([done, total]) });
    expect(summary).toMatchObject({ outDir, format: 'json', compression: 'mixed', seed: '42', agents: 3, days: 1, start: '2024-03-06', endAt: null });
    expect(summary.files).toBe(files(outDir).length);
    expect(summary.bytes).toBe(files(outDir).reduce((sum, file) => sum + fs.statSync(path.join(outDir, file)).size, 0));
    for (const source of RECORD_SOURCES) {
      const lines = files(path.join(outDir, source)).flatMap((file) => readLines(path.join(outDir, source, file)));
      expect(summary.counts[source]).toBe(lines.length);
    }
    expect(progress.at(-1)).toEqual([1440, 1440]);
  });

  it('throws typed errors', async () => {
    await expect(generateDemoData({ outDir: path.join(work, 'x'), days: 0, agents: 1, seed: 's' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    const aborted = new AbortController();
    aborted.abort(new Error('stop'));
    const outDir = path.join(work, 'aborted');
    const error = await generateDemoData({ outDir, days: 3, agents: 20, seed: 's', start: '2024-03-04', signal: aborted.signal }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DemoDataError);
    expect((error as DemoDataError).code).toBe('ABORTED');
    expect(fs.existsSync(outDir)).toBe(false);
  });
});

describe('PartitionedWriter', () => {
  it('rotates delivery files at the size limit and the delivery window, reopens closed partitions as a new file, and never stalls', async () => {
    const root = path.join(work, 'writer');
    const writer = new PartitionedWriter(root, 'gzip', 10_000);
    const day = 19_800;
    const lines = Array.from({ length: 2000 }, (_, index) => JSON.stringify({ index, padding: 'x'.repeat(40) }));
    for (const line of lines) {
      writer.write('ae', day, line);
      if (writer.needsDrain()) await writer.drain();
    }
    writer.advanceTo((day + 3) * 86_400_000);
    const late = JSON.stringify({ late: true });
    writer.write('ae', day, late);
    await writer.close();
    const parts = files(path.join(root, 'ae'));
    expect(parts.length).toBeGreaterThan(5);
    // The first file was delivered when the day began; the late one three days later.
    expect(parts[0]).toMatch(/^year=2024\/month=03\/day=18\/AmazonConnectDataAnalyticsSample-AE-2-2024-03-18-00-00-00-[-0-9a-f]+\.gz$/);
    expect(parts.some((part) => /-2024-03-21-00-00-00-/.test(part))).toBe(true);
    const byDelivery = [...parts].sort((a, b) => a.split('-AE-2-')[1].localeCompare(b.split('-AE-2-')[1]));
    const written = byDelivery.flatMap((part) => readLines(path.join(root, 'ae', part)));
    expect(written.length).toBe(lines.length + 1);
    expect(new Set(written)).toEqual(new Set([...lines, late]));
    expect(writer.stats.files.ae).toBe(parts.length);
    expect(writer.stats.bytes.ae).toBe(parts.reduce((sum, part) => sum + fs.statSync(path.join(root, 'ae', part)).size, 0));
  });
});
