import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { isMarkerName, sniffFile } from '../../src/history/files/file-sniffer';
import { listLayoutFiles, PartitionFileIndex } from '../../src/history/files/partition-file-index';

/** What a file holds is decided by its bytes (reference/connect-schemas.md, quirk 11: Firehose names have no `.json`). */
describe('sniffFile: content, not name', () => {
  let dir: string;
  const write = (name: string, bytes: string | Buffer): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  const sniff = (p: string) => sniffFile(p, fs.statSync(p).size);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sniff-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads JSON in any framing under any name, and gzip by magic bytes under any name', async () => {
    expect(await sniff(write('Stream-1-2026-10-05-00-01-00-uuid', '{"a":1}\n{"a":2}\n'))).toEqual({ readable: true, content: 'json', partialRecord: false });
    expect(await sniff(write('concatenated', '{"a":1}{"a":2}'))).toEqual({ readable: true, content: 'json', partialRecord: false });
    expect(await sniff(write('bom-and-array.txt', '\ufeff  [{"a":1}]\n'))).toEqual({ readable: true, content: 'json', partialRecord: false });
    expect(await sniff(write('gzip-named.json', zlib.gzipSync('{"a":1}\n')))).toEqual({ readable: true, content: 'json-gzip', partialRecord: false });
    expect(await sniff(write('plain-named.gz', '{"a":1}\n'))).toEqual({ readable: true, content: 'json', partialRecord: false });
    // Two gzip members back to back (a concatenated upload) are one stream.
    const twoMembers = Buffer.concat([zlib.gzipSync('{"a":1}\n'), zlib.gzipSync('{"a":2}\n')]);
    expect(await sniff(write('two-members', twoMembers))).toEqual({ readable: true, content: 'json-gzip', partialRecord: false });
  });

  it('flags a cut-off last record but keeps the file', async () => {
    expect(await sniff(write('cut', '{"a":1}\n{"a":'))).toEqual({ readable: true, content: 'json', partialRecord: true });
    expect(await sniff(write('cut.gz', zlib.gzipSync('{"a":1}\n{"a":')))).toEqual({ readable: true, content: 'json-gzip', partialRecord: true });
  });

  it('skips what is not data, with a reason', async () => {
    const gz = zlib.gzipSync('{"a":1}\n'.repeat(1000));
    expect(await sniff(write('truncated', gz.subarray(0, gz.length >> 1)))).toMatchObject({ readable: false, reason: 'corrupt-gzip' });
    expect(await sniff(write('gzip-of-text', zlib.gzipSync('hello')))).toMatchObject({ readable: false, reason: 'not-json' });
    expect(await sniff(write('html', '<html></html>'))).toMatchObject({ readable: false, reason: 'not-json' });
    expect(await sniff(write('cut.parquet', Buffer.from('PAR1 and then nothing')))).toMatchObject({ readable: false, reason: 'corrupt-parquet' });
    expect(await sniff(write('whole', Buffer.from('PAR1 ... PAR1')))).toEqual({ readable: true, content: 'parquet', partialRecord: false });
    expect(await sniff(write('zero', ''))).toMatchObject({ readable: false, reason: 'not-data' });
    expect(await sniff(write('spaces', '  \n\n'))).toMatchObject({ readable: false, reason: 'not-data' });
    expect(await sniff(write('_SUCCESS', 'x'))).toMatchObject({ readable: false, reason: 'not-data' });
    for (const name of ['.hidden', '_committed_123', 'part-0.crc', 'x_$folder$']) expect(isMarkerName(name)).toBe(true);
    for (const name of ['AmazonConnectDataAnalyticsSample-CTR-1-2026-10-05-00-01-00-1930166e', 'a.gz', 'b.json', 'c.parquet']) expect(isMarkerName(name)).toBe(false);
  });
});

describe('PartitionFileIndex', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists files under partition folders at any depth, examines each once, and notices new, changed and vanished files', async () => {
    const day = path.join(dir, 'ctr', 'year=2026', 'month=10', 'day=05');
    fs.mkdirSync(path.join(day, '2026', '10', '05', '00'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'ctr', 'not-a-partition'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'ctr', 'not-a-partition', 'x'), '{"a":1}');
    fs.writeFileSync(path.join(day, 'a'), '{"a":1}\n');
    fs.writeFileSync(path.join(day, '2026', '10', '05', '00', 'b.gz'), zlib.gzipSync('{"a":1}\n'));
    const skipped: string[] = [];
    const index = new PartitionFileIndex(dir, { onSkip: (s) => skipped.push(`${s.reason}:${path.basename(s.path)}`) });
    expect((await listLayoutFiles(dir)).map((f) => path.basename(f.file)).sort()).toEqual(['a', 'b.gz']);
    expect(await index.scan()).toEqual({ changed: true });
    expect(index.files('ctr')).toEqual({ json: [path.join(day, 'a')], jsonGzip: [path.join(day, '2026', '10', '05', '00', 'b.gz')], parquet: [] });
    expect(await index.scan()).toEqual({ changed: false });
    fs.writeFileSync(path.join(day, 'c'), 'garbage');
    expect(await index.scan()).toEqual({ changed: false });
    expect(skipped).toEqual(['not-json:c']);
    fs.writeFileSync(path.join(day, 'c'), '{"fixed":true}\n');
    fs.utimesSync(path.join(day, 'c'), new Date(), new Date(Date.now() + 5000));
    expect(await index.scan()).toEqual({ changed: true });
    expect(index.files('ctr').json).toContain(path.join(day, 'c'));
    fs.rmSync(path.join(day, 'a'));
    expect(await index.scan()).toEqual({ changed: true });
    expect(index.files('ctr').json).toEqual([path.join(day, 'c')]);
    // A quarantined file is reported once and not handed out again.
    expect(index.quarantine(path.join(day, 'c'), 'malformed-json', 'engine said so')).toBe(true);
    expect(index.quarantine(path.join(day, 'c'), 'malformed-json', 'engine said so')).toBe(false);
    expect(index.files('ctr').json).toEqual([]);
    expect(skipped).toEqual(['not-json:c', 'malformed-json:c']);
    expect(index.skipped().map((s) => s.reason)).toEqual(['malformed-json']);
  });
});

describe('PartitionFileIndex between runs', () => {
  it('remembers verdicts in the data folder, so a restart examines only new or changed files, and still reports skipped ones', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-cache-'));
    try {
      const day = path.join(dir, 'ae', 'year=2026', 'month=10', 'day=05');
      fs.mkdirSync(day, { recursive: true });
      fs.writeFileSync(path.join(day, 'good'), zlib.gzipSync('{"a":1}\n'));
      const gz = zlib.gzipSync('{"a":1}\n'.repeat(500));
      fs.writeFileSync(path.join(day, 'bad'), gz.subarray(0, gz.length - 20));
      const first: string[] = [];
      let examined = 0;
      await new PartitionFileIndex(dir, { onSkip: (s) => first.push(`${s.reason}:${path.basename(s.path)}`) }).scan((done, total) => (examined = total - done));
      expect(first).toEqual(['corrupt-gzip:bad']);
      expect(fs.existsSync(path.join(dir, '.connect-analytics-file-index.json'))).toBe(true);

      // A second run: nothing left to examine at the start, the same answer and the same report.
      const again: string[] = [];
      const progress: [number, number][] = [];
      const second = new PartitionFileIndex(dir, { onSkip: (s) => again.push(`${s.reason}:${path.basename(s.path)}`) });
      await second.scan((done, total) => progress.push([done, total]));
      expect(progress[0]).toEqual([2, 2]);
      expect(again).toEqual(['corrupt-gzip:bad']);
      expect(second.files('ae').jsonGzip).toEqual([path.join(day, 'good')]);
      expect(examined).toBe(0);

      // A file that changes is examined again.
      fs.writeFileSync(path.join(day, 'bad'), gz);
      const third = new PartitionFileIndex(dir);
      await third.scan();
      expect(third.files('ae').jsonGzip).toEqual([path.join(day, 'bad'), path.join(day, 'good')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sniffFiles in a worker thread (the compiled module, as the server runs it)', () => {
  it('gives the same verdicts as examining each file on the calling thread', async () => {
    // dist/ is built by `npm test` before Jest runs; the worker exists only there (compiled JS).
    const compiled = path.resolve(__dirname, '../../dist/src/history/files/sniff-files.js');
    expect(fs.existsSync(compiled)).toBe(true);
    expect(fs.existsSync(path.join(path.dirname(compiled), 'sniff.worker.js'))).toBe(true);
    // Loaded as the compiled CommonJS module (not through ts-jest), so that it finds its worker.
    const loadCompiled = createRequire(__filename);
    const { sniffFiles } = loadCompiled(compiled) as typeof import('../../src/history/files/sniff-files');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sniff-worker-'));
    try {
      const files: { file: string; sizeBytes: number }[] = [];
      for (let i = 0; i < 24; i++) {
        const file = path.join(dir, `f${i}`);
        const body = `{"i":${i}}\n`.repeat(100);
        fs.writeFileSync(file, i % 3 === 0 ? zlib.gzipSync(body) : i % 3 === 1 ? body : zlib.gzipSync(body).subarray(0, 30));
        files.push({ file, sizeBytes: fs.statSync(file).size });
      }
      const inWorker = new Map<string, unknown>();
      await sniffFiles(files, 4, (file, verdict) => inWorker.set(file, verdict));
      expect(inWorker.size).toBe(files.length);
      for (const f of files) expect(inWorker.get(f.file)).toEqual(await sniffFile(f.file, f.sizeBytes));
      expect([...inWorker.values()].filter((v) => (v as { reason?: string }).reason === 'corrupt-gzip')).toHaveLength(8);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
