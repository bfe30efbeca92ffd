import fs from 'node:fs';
import path from 'node:path';
import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import type { FlatTableDefinition } from '../catalog';

/** The name of the one Parquet file of a rollup partition. */
export const ROLLUP_FILE_NAME = 'rollup15.parquet';

/** One rollup file on disk. */
export interface RollupFile {
  readonly day: DayPartition;
  /** `YYYY-MM-DD`. */
  readonly dayKey: string;
  /** Absolute path. */
  readonly file: string;
  readonly sizeBytes: number;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The folder of one day's rollup partition: `<dataDir>/<table folder>/year=YYYY/month=MM/day=DD`. */
export function rollupPartitionDir(dataDir: string, table: FlatTableDefinition, day: DayPartition): string {
  return path.join(dataDir, ...table.folder.split('/'), `year=${day.year}`, `month=${two(day.month)}`, `day=${two(day.day)}`);
}

/** The Parquet file of one day's rollup. */
export function rollupFilePath(dataDir: string, table: FlatTableDefinition, day: DayPartition): string {
  return path.join(rollupPartitionDir(dataDir, table, day), ROLLUP_FILE_NAME);
}

const LEVELS = [/^year=(\d{4})$/, /^month=(\d{1,2})$/, /^day=(\d{1,2})$/] as const;

function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * The rollup files of a table in a data folder, one per partition day, sorted by day. Only
 * `rollup15.parquet` counts: a writer's temporary file (hidden, another name) is never read.
 * Synchronous: a listing of at most one file per day.
 */
export function listRollupFiles(dataDir: string, table: FlatTableDefinition): RollupFile[] {
  const out: RollupFile[] = [];
  const root = path.join(dataDir, ...table.folder.split('/'));
  for (const y of listDir(root)) {
    const year = LEVELS[0].exec(y.name);
    if (!y.isDirectory() || !year) continue;
    for (const m of listDir(path.join(root, y.name))) {
      const month = LEVELS[1].exec(m.name);
      if (!m.isDirectory() || !month) continue;
      for (const d of listDir(path.join(root, y.name, m.name))) {
        const dd = LEVELS[2].exec(d.name);
        if (!d.isDirectory() || !dd) continue;
        const file = path.join(root, y.name, m.name, d.name, ROLLUP_FILE_NAME);
        try {
          const st = fs.statSync(file);
          if (!st.isFile()) continue;
          const day = { year: Number(year[1]), month: Number(month[1]), day: Number(dd[1]) };
          out.push({ day, dayKey: partitionDayKey(day), file, sizeBytes: st.size });
        } catch {
          // no rollup for this day (yet)
        }
      }
    }
  }
  return out.sort((a, b) => a.dayKey.localeCompare(b.dayKey));
}
