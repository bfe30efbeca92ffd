import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { AppError, UpstreamError } from '../../src/domain/errors';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { contactPageQuery, contactsByIdQuery, type ContactRow } from '../../src/history/sql/contacts.sql';
import { ALL_INSTANCES } from '../../src/history/sql/scope';

const fixtures = path.resolve(__dirname, '../fixtures/connect/real');
/** The partition the duplicate deliveries are written to (lookups by id are always bounded by days). */
const JAN_5_2022 = { year: 2022, month: 1, day: 5 };

/** Writes the real published CTRs into the hive layout the way Firehose would (NDJSON, one file per batch). */
function writeRealCtrs(dir: string): void {
  const duplicates = JSON.parse(fs.readFileSync(path.join(fixtures, 'ctr-duplicate-deliveries-same-contact-kyopark2014.json'), 'utf8')) as object[];
  const day5 = path.join(dir, 'ctr', 'year=2022', 'month=01', 'day=05');
  fs.mkdirSync(day5, { recursive: true });
  // Deliveries split over two files, newest first in the first file: order on disk must not matter.
  fs.writeFileSync(path.join(day5, 'part-1.json'), `${duplicates.slice(3).reverse().map((r) => JSON.stringify(r)).join('\n')}\n`);
  fs.writeFileSync(path.join(day5, 'part-2.json'), `${duplicates.slice(0, 3).map((r) => JSON.stringify(r)).join('\n')}\n`);
  const single = JSON.parse(fs.readFileSync(path.join(fixtures, 'ctr-voice-inbound-transfer-kyopark2014-sample.json'), 'utf8')) as { InitiationTimestamp: string };
  const d = new Date(single.InitiationTimestamp);
  const dayDir = path.join(dir, 'ctr', `year=${d.getUTCFullYear()}`, `month=${String(d.getUTCMonth() + 1).padStart(2, '0')}`, `day=${String(d.getUTCDate()).padStart(2, '0')}`);
  fs.mkdirSync(dayDir, { recursive: true });
  // Pretty-printed, as published: the reader must take multi-line objects too.
  fs.copyFileSync(path.join(fixtures, 'ctr-voice-inbound-transfer-kyopark2014-sample.json'), path.join(dayDir, 'part-3.json'));
}

describe('DuckDB engine over real published CTRs', () => {
  let dir: string;
  let engine: DuckDbEngine;
  const duplicates = JSON.parse(fs.readFileSync(path.join(fixtures, 'ctr-duplicate-deliveries-same-contact-kyopark2014.json'), 'utf8')) as {
    ContactId: string;
    LastUpdateTimestamp: string;
    Attributes: Record<string, string>;
  }[];
  const latest = [...duplicates].sort((a, b) => b.LastUpdateTimestamp.localeCompare(a.LastUpdateTimestamp))[0];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctr-real-'));
    writeRealCtrs(dir);
    engine = await DuckDbEngine.create({ dataDir: dir, threads: 2 });
  });
  afterAll(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('returns one row per contact id, the delivery with the greatest LastUpdateTimestamp', async () => {
    const { rows } = await engine.query<ContactRow>(contactsByIdQuery('duckdb', ALL_INSTANCES, [latest.ContactId], [JAN_5_2022]));
    expect(rows).toHaveLength(1);
    expect(rows[0].last_update_timestamp).toBe(latest.LastUpdateTimestamp);
    expect(JSON.parse(rows[0].attributes ?? '{}')).toEqual(latest.Attributes);
  });

  it('lists a day with de-duplication and reads nested Agent and Queue fields', async () => {
    const { rows } = await engine.query<ContactRow>(
      contactPageQuery({
        dialect: 'duckdb',
        scope: ALL_INSTANCES,
        partitions: [{ year: 2022, month: 1, day: 5 }],
        filter: { from: new Date('2022-01-05T00:00:00Z'), to: new Date('2022-01-06T00:00:00Z') },
        limit: 10,
      }),
    );
    expect(rows.map((r) => r.contact_id)).toEqual([latest.ContactId]);
    expect(rows[0].agent_username).toBeTruthy();
    expect(rows[0].queue_name).toBeTruthy();
  });

  it('reads only the partitions asked for', async () => {
    const { rows } = await engine.query<ContactRow>(
      contactPageQuery({
        dialect: 'duckdb',
        scope: ALL_INSTANCES,
        partitions: [{ year: 2022, month: 1, day: 6 }],
        filter: { from: new Date('2022-01-05T00:00:00Z'), to: new Date('2022-01-06T00:00:00Z') },
        limit: 10,
      }),
    );
    expect(rows).toEqual([]);
  });

  it('reads Firehose framings: objects concatenated without a delimiter, and gzip files', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'ctr-framing-'));
    const day = path.join(dir2, 'ctr', 'year=2022', 'month=01', 'day=05');
    fs.mkdirSync(day, { recursive: true });
    const [a, b, c] = duplicates.map((r, i) => ({ ...r, ContactId: `framing-${i}` }));
    fs.writeFileSync(path.join(day, 'concatenated.json'), JSON.stringify(a) + JSON.stringify(b));
    fs.writeFileSync(path.join(day, 'compressed.json.gz'), zlib.gzipSync(`${JSON.stringify(c)}\n`));
    const engine2 = await DuckDbEngine.create({ dataDir: dir2, threads: 1 });
    try {
      const { rows } = await engine2.query<ContactRow>(contactsByIdQuery('duckdb', ALL_INSTANCES, ['framing-0', 'framing-1', 'framing-2'], [JAN_5_2022]));
      expect(rows.map((r) => r.contact_id).sort()).toEqual(['framing-0', 'framing-1', 'framing-2']);
    } finally {
      await engine2.close();
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('reports an I/O failure as UPSTREAM_FAILED: a public message without engine text, DuckDB\'s text and the query id as the reason', async () => {
    const missing = path.join(os.tmpdir(), 'cagql-no-such-dir', 'part-1.json');
    const error = await engine.query({ id: 'unreadable', sql: `SELECT * FROM read_json_auto('${missing}')`, params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', data: { source: 'duckdb' }, message: 'The history engine failed to answer; try again later.' });
    expect((error as UpstreamError).reason).toMatch(/^query unreadable: IO Error: .*cagql-no-such-dir/);
  });

  it('keeps a statement DuckDB cannot bind (a builder bug) an internal error, not UPSTREAM_FAILED', async () => {
    const error = await engine.query({ id: 'broken', sql: 'SELECT nope FROM connect_ctr', params: [] }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(AppError);
    expect((error as Error).message).toMatch(/Binder Error: .*nope/);
  });
});
