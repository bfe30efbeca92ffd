import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import pino from 'pino';
import { loadConfig } from '../../src/config/env';
import { startStack, type RunningStack } from '../../src/server/stack';
import { postQuery } from '../helpers/graphql-client';
import { readRawRecords } from '../helpers/raw-records';
import { testDataDir, TEST_DATA } from '../helpers/test-server';

/**
 * A data folder as a synced bucket really looks (Firehose names, mixed gzip) with bad files among the
 * good ones. Every bad file holds contacts that exist nowhere else (ids prefixed `bad-`), so an answer
 * that read any of them would differ from the answer over the clean folder.
 */

interface LogLine {
  readonly msg: string;
  readonly file?: string;
  readonly reason?: string;
  readonly source?: string;
}

async function startOn(dataDir: string, logs: LogLine[], rescanSeconds = '0'): Promise<RunningStack> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SIMULATE: '0', DIRECTORY_LOOKBACK_DAYS: '0', DATA_RESCAN_SECONDS: rescanSeconds, DATA_DIR: dataDir });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return startStack(config, pino({ level: 'info' }, sink), { onDemoDataProgress: false });
}

function copyFolder(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/** A CTR delivery of the clean data set whose ids are renamed, so it belongs to no real contact. */
function renamed(record: Record<string, unknown>, n: number): Record<string, unknown> {
  return { ...record, ContactId: `bad-${n}-${String(record.ContactId)}`, InitialContactId: null, PreviousContactId: null, NextContactId: null };
}

const QUERIES = {
  contacts: `{ contacts(filter: { from: "${TEST_DATA.start}T00:00:00Z", to: "2026-11-21T00:00:00Z" }, first: 500) { edges { node { contactId channel queue { name } agent { username } } } } }`,
  metrics: `{ metrics(input: { from: "${TEST_DATA.start}T00:00:00Z", to: "2026-11-21T00:00:00Z", interval: DAY, groupings: [{ key: QUEUE }], metrics: [{ name: CONTACTS_HANDLED }, { name: CONTACTS_ABANDONED }, { name: AVG_HANDLE_TIME }] }) { rows { intervalStart dimensions { value } metrics { name value } } } }`,
  agents: `{ agents(first: 50) { edges { node { username } } } }`,
};

describe('a data folder with bad files among good ones (Firehose names, real server)', () => {
  let root: string;
  let good: string;
  let clean: RunningStack;
  let messy: RunningStack;
  const cleanLogs: LogLine[] = [];
  const messyLogs: LogLine[] = [];
  const badFiles: Record<string, string> = {};

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-messy-'));
    good = await testDataDir();
    const messyDir = path.join(root, 'data');
    copyFolder(good, messyDir);
    const ctrs = readRawRecords<Record<string, unknown>>(good, 'ctr');
    const day = path.join(messyDir, 'ctr', 'year=2026', 'month=11', 'day=19');
    const lines = (records: Record<string, unknown>[]) => records.map((r) => JSON.stringify(r)).join('\n');
    const firstDay = ctrs.filter((r) => r.partition === '2026-11-19').map((r) => r.record);
    expect(firstDay.length).toBeGreaterThan(20);

    // A gzip stream cut off half way: its first records would decompress, so reading any of it shows.
    const gz = zlib.gzipSync(`${lines(firstDay.slice(0, 20).map(renamed))}\n`);
    badFiles.corruptGzip = path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-2-2026-11-19-10-00-00-0badc0de-0000-4000-a000-000000000001.gz');
    fs.writeFileSync(badFiles.corruptGzip, gz.subarray(0, Math.floor(gz.length / 2)));
    // Not JSON at all, with a name like every other object.
    badFiles.notJson = path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-1-2026-11-19-11-00-00-0badc0de-0000-4000-a000-000000000002');
    fs.writeFileSync(badFiles.notJson, 'This is not JSON: an error page saved by a broken sync\n');
    // A delivery whose last record is cut in half: its first record is a re-delivery of a real one.
    badFiles.halfRecord = path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-1-2026-11-19-12-00-00-0badc0de-0000-4000-a000-000000000003');
    const cut = JSON.stringify(renamed(firstDay[1], 3));
    fs.writeFileSync(badFiles.halfRecord, `${JSON.stringify(firstDay[0])}\n${cut.slice(0, Math.floor(cut.length / 2))}`);
    // Obvious non-data: skipped silently.
    fs.writeFileSync(path.join(day, '_SUCCESS'), '');
    fs.writeFileSync(path.join(day, 'part-0.crc'), 'crc');
    fs.writeFileSync(path.join(day, 'empty-marker'), '');
    // A record of another source's shape (an agent event) inside the CTR folder: not a contact.
    const event = readRawRecords<Record<string, unknown>>(good, 'ae')[0].record;
    fs.writeFileSync(path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-1-2026-11-19-13-00-00-0badc0de-0000-4000-a000-000000000004'), `${JSON.stringify(event)}\n`);
    // Uncompressed JSON named `.gz`: read by content.
    fs.writeFileSync(path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-2-2026-11-19-14-00-00-0badc0de-0000-4000-a000-000000000005.gz'), `${JSON.stringify(firstDay[2])}\n`);

    clean = await startOn(good, cleanLogs);
    messy = await startOn(messyDir, messyLogs);
  });

  afterAll(async () => {
    await clean?.stop();
    await messy?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('starts, and answers every query exactly as over the good files alone', async () => {
    for (const query of Object.values(QUERIES)) {
      const expected = await postQuery(clean.url, query);
      const actual = await postQuery(messy.url, query);
      expect(expected.body.errors).toBeUndefined();
      expect(actual.body.errors).toBeUndefined();
      expect(actual.body.data).toEqual(expected.body.data);
    }
    const { body } = await postQuery<{ contacts: { edges: { node: { contactId: string } }[] } }>(messy.url, QUERIES.contacts);
    expect(body.data!.contacts.edges.length).toBeGreaterThan(20);
    expect(body.data!.contacts.edges.some((e) => e.node.contactId.startsWith('bad-'))).toBe(false);
  });

  it('counts each bad file by source and reason on /metrics and logs its path once', async () => {
    const metrics = await (await fetch(`${messy.url}/metrics`)).text();
    expect(metrics).toContain('history_files_skipped_total{source="ctr",reason="corrupt-gzip"} 1');
    expect(metrics).toContain('history_files_skipped_total{source="ctr",reason="not-json"} 1');
    expect(metrics).toContain('history_files_skipped_total{source="ctr",reason="partial-record"} 1');
    const skipped = messyLogs.filter((l) => l.file !== undefined);
    expect(skipped.map((l) => [l.file, l.reason]).sort()).toEqual(
      [
        [badFiles.corruptGzip, 'corrupt-gzip'],
        [badFiles.notJson, 'not-json'],
        [badFiles.halfRecord, 'partial-record'],
      ].sort(),
    );
    expect(skipped.every((l) => l.source === 'ctr')).toBe(true);
    // The clean folder (Firehose names, mixed gzip, concatenated objects) skips nothing.
    expect(cleanLogs.filter((l) => l.file !== undefined)).toEqual([]);
    expect(await (await fetch(`${clean.url}/metrics`)).text()).not.toContain('history_files_skipped_total{');
  });

  it('stops reading a file a query finds malformed, answers from the others, and sees new files without a restart', async () => {
    const day = path.join(messy.dataDir, 'ctr', 'year=2026', 'month=11', 'day=20');
    const before = await postQuery<{ contacts: { edges: unknown[] } }>(messy.url, QUERIES.contacts.replace('first: 500', 'first: 499'));
    // Concatenated objects whose last one is cut: DuckDB cannot skip inside such a file.
    const ctrs = readRawRecords<Record<string, unknown>>(good, 'ctr').filter((r) => r.partition === '2026-11-20');
    const text = ctrs.slice(0, 3).map((r) => JSON.stringify(renamed(r.record, 7))).join('');
    const broken = path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-1-2026-11-20-23-00-00-0badc0de-0000-4000-a000-000000000007');
    fs.writeFileSync(broken, text.slice(0, text.length - 40));
    // And a good new delivery: a real contact's newer update.
    const update = { ...ctrs[0].record, LastUpdateTimestamp: '2026-11-21T23:59:59Z', Attributes: { ...(ctrs[0].record.Attributes as object), LateUpdate: 'yes' } };
    fs.writeFileSync(path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-1-2026-11-21-23-59-59-0badc0de-0000-4000-a000-000000000008'), `${JSON.stringify(update)}\n`);
    // What the periodic rescan (DATA_RESCAN_SECONDS) does; a different page size misses the result cache.
    await messy.rescanData();

    const query = `{ contacts(filter: { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" }, first: 498) { edges { node { contactId late: attribute(name: "LateUpdate") } } } }`;
    const { body } = await postQuery<{ contacts: { edges: { node: { contactId: string; late: string | null } }[] } }>(messy.url, query);
    expect(body.errors).toBeUndefined();
    expect(body.data!.contacts.edges.some((e) => e.node.contactId.startsWith('bad-'))).toBe(false);
    expect(body.data!.contacts.edges.find((e) => e.node.contactId === ctrs[0].record.ContactId)?.node.late).toBe('yes');
    expect(before.body.errors).toBeUndefined();
    const metrics = await (await fetch(`${messy.url}/metrics`)).text();
    expect(metrics).toContain('history_files_skipped_total{source="ctr",reason="malformed-json"} 1');
    expect(messyLogs.some((l) => l.file === broken && l.reason === 'malformed-json')).toBe(true);
  });

  it('reads a file that lands while the server runs within DATA_RESCAN_SECONDS, without a restart', async () => {
    const dir = path.join(root, 'live');
    copyFolder(good, dir);
    const live = await startOn(dir, [], '1');
    try {
      const query = (first: number) =>
        `{ contacts(filter: { from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z" }, first: ${first}) { edges { node { contactId } } } }`;
      const ids = async (first: number) =>
        (await postQuery<{ contacts: { edges: { node: { contactId: string } }[] } }>(live.url, query(first))).body.data!.contacts.edges.map((e) => e.node.contactId);
      expect(await ids(500)).not.toContain('landed-later');
      const template = readRawRecords<Record<string, unknown>>(good, 'ctr').find((r) => r.partition === '2026-11-19')!.record;
      const landed = { ...template, ContactId: 'landed-later', InitiationTimestamp: '2026-11-19T00:00:01Z', InitialContactId: null, PreviousContactId: null, NextContactId: null };
      const day = path.join(dir, 'ctr', 'year=2026', 'month=11', 'day=19');
      fs.writeFileSync(path.join(day, 'AmazonConnectDataAnalyticsSample-CTR-2-2026-11-19-23-59-00-0badc0de-0000-4000-a000-00000000000f.gz'), zlib.gzipSync(`${JSON.stringify(landed)}\n`));
      // Each poll asks a different page size, so the result cache never answers it.
      let seen = false;
      for (let attempt = 0; attempt < 40 && !seen; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        seen = (await ids(499 - attempt)).includes('landed-later');
      }
      expect(seen).toBe(true);
    } finally {
      await live.stop();
    }
  });
});
