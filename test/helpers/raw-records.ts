import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { SourceFolder } from '../../src/history/catalog';
import { generateDemoData } from '../../src/local/demo-data';

/**
 * The JSON values in a text, however Firehose framed them: one per line, or concatenated without a
 * delimiter. Independent of the engine's reader on purpose: it tracks object depth and strings itself.
 */
export function jsonValuesIn(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

/**
 * Every record of one source folder on disk, read without any engine and by content, as Firehose
 * writes them (any file name; gzip by its magic bytes; newline-delimited or concatenated), in file
 * order, each with the day partition its file is in: so tests check what the API answers against the
 * raw data.
 */
export function readRawRecords<T>(dataDir: string, source: SourceFolder): { record: T; partition: string }[] {
  const out: { record: T; partition: string }[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('_')) {
        const m = /year=(\d{4})\/month=(\d{2})\/day=(\d{2})/.exec(p);
        const partition = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
        const bytes = fs.readFileSync(p);
        const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? zlib.gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
        for (const record of jsonValuesIn(text)) out.push({ record: record as T, partition });
      }
    }
  };
  walk(path.join(dataDir, source));
  return out;
}

/** Every record of one source folder on disk (see {@link readRawRecords}), without partitions. */
export function readRaw<T>(dataDir: string, source: SourceFolder): T[] {
  return readRawRecords<T>(dataDir, source).map((r) => r.record);
}

/**
 * A data set with contacts whose Contact Lens row lies in the UTC day after their CTR's partition
 * (calls initiated before midnight and answered after it). The shared integration data set (2 days,
 * 6 agents) happens to have none; this seed and size do (the tests check that they still do).
 */
export const CROSS_DAY_DATA = { days: 3, agents: 8, seed: 'contact-details', start: '2026-11-19' } as const;

let crossDayDir: Promise<string> | undefined;

/** Writes {@link CROSS_DAY_DATA} once per test process and returns its folder. */
export function crossDayDataDir(): Promise<string> {
  crossDayDir ??= (async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-cross-day-')), 'data');
    await generateDemoData({ outDir: dir, ...CROSS_DAY_DATA, progress: false });
    return dir;
  })();
  return crossDayDir;
}
