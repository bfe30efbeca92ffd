import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SourceFolder } from '../../src/history/catalog';
import { generateDemoData } from '../../src/local/demo-data';

/**
 * Every record of one source folder on disk (newline-delimited JSON, as the generator writes it),
 * read without any engine, in file order, each with the day partition its file is in — so tests check
 * what the API answers against the raw data.
 */
export function readRawRecords<T>(dataDir: string, source: SourceFolder): { record: T; partition: string }[] {
  const out: { record: T; partition: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.json')) {
        const m = /year=(\d{4})\/month=(\d{2})\/day=(\d{2})/.exec(p);
        const partition = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
        for (const line of fs.readFileSync(p, 'utf8').split('\n')) if (line.trim()) out.push({ record: JSON.parse(line) as T, partition });
      }
    }
  };
  walk(path.join(dataDir, source));
  return out;
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
