import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { runCheckDataCommand } from '../../src/local/check-data/check-data.command';
import type { DataCheckReport } from '../../src/local/check-data/data-check';
import { readRawRecords } from '../helpers/raw-records';
import { testDataDir } from '../helpers/test-server';

/** Runs the command as `npm run check-data` would, capturing its output. */
async function checkData(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const err = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stderr += chunk.toString();
      done();
    },
  });
  const code = await runCheckDataCommand(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: err });
  return { code, stdout, stderr };
}

describe('npm run check-data (the data doctor)', () => {
  let root: string;
  let good: string;
  let messy: string;
  const bad: Record<string, string> = {};

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-check-'));
    good = await testDataDir();
    messy = path.join(root, 'data');
    fs.cpSync(good, messy, { recursive: true });
    const day = path.join(messy, 'ctr', 'year=2026', 'month=11', 'day=19');
    bad.notJson = path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-1-2026-11-19-09-00-00-0badc0de-0000-4000-a000-00000000000a');
    fs.writeFileSync(bad.notJson, '<html>403 Forbidden</html>');
    const gz = zlib.gzipSync('{"ContactId":"x","InitiationTimestamp":"2026-11-19T01:00:00Z"}\n'.repeat(200));
    bad.corruptGzip = path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-2-2026-11-19-09-05-00-0badc0de-0000-4000-a000-00000000000b.gz');
    fs.writeFileSync(bad.corruptGzip, gz.subarray(0, gz.length - 12));
    // A complete record with values Connect may add (quirk 12), then a record cut in half; filed under the wrong day.
    bad.halfRecord = path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-1-2026-11-19-09-10-00-0badc0de-0000-4000-a000-00000000000c');
    fs.writeFileSync(
      bad.halfRecord,
      `${JSON.stringify({ ContactId: 'new-enums', InitiationTimestamp: '2026-11-20T23:59:59Z', LastUpdateTimestamp: '2026-11-21T00:10:00Z', Channel: 'VIDEO', InitiationMethod: 'WEBRTC_API' })}\n{"ContactId":"cut","Initi`,
    );
    fs.writeFileSync(path.join(day, '_SUCCESS'), '');
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports files read and skipped with reasons and paths, records, re-deliveries, unknown values and misplaced records', async () => {
    const { code, stdout } = await checkData(['--data', messy, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DataCheckReport;
    const ctr = report.sources.find((s) => s.source === 'ctr')!;
    expect(ctr.skipped).toEqual([
      { reason: 'not-json', files: 1, examples: [bad.notJson] },
      { reason: 'corrupt-gzip', files: 1, examples: [bad.corruptGzip] },
      { reason: 'partial-record', files: 1, examples: [bad.halfRecord] },
    ]);
    expect(ctr.markerFiles).toBe(1);
    // Independent count of the good folder's records, plus the one complete record of the cut file.
    const raw = readRawRecords<{ ContactId: string; InitiationTimestamp: string }>(good, 'ctr');
    expect(ctr.records).toBe(raw.length + 1);
    expect(ctr.unreadableOrForeignRecords).toBe(1);
    const perContact = new Map<string, number>();
    for (const { record } of raw) perContact.set(record.ContactId, (perContact.get(record.ContactId) ?? 0) + 1);
    const redelivered = [...perContact.values()].filter((n) => n > 1);
    expect(redelivered.length).toBeGreaterThan(0);
    expect(ctr.redeliveries).toEqual({ contacts: redelivered.length, extraRecords: redelivered.reduce((n, c) => n + c - 1, 0) });
    expect(ctr.unknownValues).toEqual(expect.arrayContaining([{ field: 'Channel', value: 'VIDEO', records: 1 }]));
    // WEBRTC_API is documented today (quirk 12): not unknown.
    expect(ctr.unknownValues.some((u) => u.value === 'WEBRTC_API')).toBe(false);
    expect(ctr.misplacedRecords).toBe(raw.filter((r) => r.record.InitiationTimestamp.slice(0, 10) !== r.partition).length + 1);
    expect(ctr.partitions).toBe(new Set(raw.map((r) => r.partition)).size);
    expect(ctr.firstTimestamp).toBe(raw.map((r) => r.record.InitiationTimestamp).sort()[0]);
    for (const source of ['ae', 'cfl', 'cl', 'ef'] as const) {
      const s = report.sources.find((x) => x.source === source)!;
      expect(s.records).toBe(readRawRecords(good, source).length);
      expect(s.skipped).toEqual([]);
    }
    expect(report.totals.filesSkipped).toBe(2);
  });

  it('prints readable tables naming the skipped files', async () => {
    const { code, stdout } = await checkData(['--data', messy]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^source\s+files read\s+skipped/m);
    expect(stdout).toContain(bad.corruptGzip);
    expect(stdout).toMatch(/ctr\s+corrupt-gzip: 1 file/);
    expect(stdout).toMatch(/records\/s\)/);
    expect(stdout).toMatch(/ctr\s+Channel\s+VIDEO\s+1/);
  });

  it('exits 1 only when nothing at all can be read, and 2 on bad arguments', async () => {
    const empty = path.join(root, 'empty', 'ctr', 'year=2026', 'month=01', 'day=01');
    fs.mkdirSync(empty, { recursive: true });
    fs.writeFileSync(path.join(empty, 'junk'), 'not data');
    const nothing = await checkData(['--data', path.join(root, 'empty')]);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toContain('Nothing could be read');
    expect((await checkData([])).code).toBe(2);
    expect((await checkData(['--data', path.join(root, 'missing')])).code).toBe(1);
  });
});
