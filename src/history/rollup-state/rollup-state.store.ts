import fs from 'node:fs';
import path from 'node:path';
import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import { parseRollupManifest, type RollupManifest, type SourceObjectStamp } from './rollup-manifest';

/**
 * Where rollup state lives: the source partitions' current objects, the rollup of each day and its
 * manifest. One implementation per storage (a local data folder; S3 for the Athena job).
 */
export interface RollupStateStore {
  /**
   * The source partition days that hold at least one object, oldest first; within `range` (inclusive)
   * when given (a store on S3 then lists one prefix per day instead of the whole table).
   */
  sourceDays(range?: { readonly from: DayPartition; readonly to: DayPartition }): Promise<DayPartition[]>;
  /** The objects of one source partition now, sorted by path (empty when the partition is missing). */
  sourceObjects(day: DayPartition): Promise<SourceObjectStamp[]>;
  /** The manifest of a day's rollup; undefined when there is none (or it is unreadable). */
  readManifest(day: DayPartition): Promise<RollupManifest | undefined>;
  /** Stores a day's manifest, replacing the previous one atomically. */
  writeManifest(manifest: RollupManifest): Promise<void>;
  /** Whether the day's rollup has at least one object. */
  rollupExists(day: DayPartition): Promise<boolean>;
}

/** The folder, under the data root, of the rollup manifests (outside every table's location, so no engine reads them as rows). */
export const ROLLUP_MANIFEST_FOLDER = 'rollups/_manifests/ctr';

/** Options of {@link LocalRollupStateStore}. */
export interface LocalRollupStateOptions {
  /** The data root (`DATA_DIR`). */
  readonly dataDir: string;
  /** Source folder under the root. @default 'ctr' */
  readonly sourceFolder?: string;
  /** Rollup folder under the root (the rollup table's folder). @default 'rollups/ctr' */
  readonly rollupFolder?: string;
}

const LEVELS = [/^year=(\d{4})$/, /^month=(\d{1,2})$/, /^day=(\d{1,2})$/] as const;

async function readDir(dir: string): Promise<fs.Dirent[]> {
  try {
    return await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Names of the partition folders at one level whose number is `value` (`month=3` and `month=03` alike). */
async function levelFolders(dir: string, level: number, value: number): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readDir(dir)) {
    const m = LEVELS[level].exec(e.name);
    if (e.isDirectory() && m && Number(m[1]) === value) out.push(path.join(dir, e.name));
  }
  return out;
}

/** Every folder of one day partition under a table root (usually one). */
async function dayFolders(root: string, day: DayPartition): Promise<string[]> {
  const out: string[] = [];
  for (const y of await levelFolders(root, 0, day.year)) for (const m of await levelFolders(y, 1, day.month)) out.push(...(await levelFolders(m, 2, day.day)));
  return out;
}

/** Every regular file below a folder, at any depth (Firehose may add its own `YYYY/MM/dd/HH/` prefixes). */
async function filesBelow(dir: string): Promise<{ file: string; stat: fs.Stats }[]> {
  const out: { file: string; stat: fs.Stats }[] = [];
  for (const e of await readDir(dir)) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesBelow(full)));
    else {
      const stat = await fs.promises.stat(full).catch(() => undefined);
      if (stat?.isFile()) out.push({ file: full, stat });
    }
  }
  return out;
}

/**
 * Rollup state in a local data folder (the embedded stack, and the folder the local Athena endpoint
 * serves). Source objects are every file of the partition whatever its name (Firehose objects have
 * none; files are data by content), stamped with size and mtime; a marker file that is not data
 * also makes the day dirty, which only costs a rebuild. Manifests are JSON files under
 * {@link ROLLUP_MANIFEST_FOLDER}, written to a temporary name and renamed.
 */
export class LocalRollupStateStore implements RollupStateStore {
  private readonly sourceRoot: string;
  private readonly rollupRoot: string;
  private readonly manifestRoot: string;

  constructor(options: LocalRollupStateOptions) {
    this.sourceRoot = path.join(options.dataDir, options.sourceFolder ?? 'ctr');
    this.rollupRoot = path.join(options.dataDir, options.rollupFolder ?? 'rollups/ctr');
    this.manifestRoot = path.join(options.dataDir, ROLLUP_MANIFEST_FOLDER);
  }

  async sourceDays(): Promise<DayPartition[]> {
    const days = new Map<string, DayPartition>();
    for (const y of await readDir(this.sourceRoot)) {
      const year = LEVELS[0].exec(y.name);
      if (!y.isDirectory() || !year) continue;
      for (const m of await readDir(path.join(this.sourceRoot, y.name))) {
        const month = LEVELS[1].exec(m.name);
        if (!m.isDirectory() || !month) continue;
        for (const d of await readDir(path.join(this.sourceRoot, y.name, m.name))) {
          const dayMatch = LEVELS[2].exec(d.name);
          if (!d.isDirectory() || !dayMatch) continue;
          const day = { year: Number(year[1]), month: Number(month[1]), day: Number(dayMatch[1]) };
          if ((await filesBelow(path.join(this.sourceRoot, y.name, m.name, d.name))).length > 0) days.set(partitionDayKey(day), day);
        }
      }
    }
    return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, day]) => day);
  }

  async sourceObjects(day: DayPartition): Promise<SourceObjectStamp[]> {
    const out: SourceObjectStamp[] = [];
    for (const folder of await dayFolders(this.sourceRoot, day)) {
      for (const { file, stat } of await filesBelow(folder)) {
        const relative = path.relative(this.sourceRoot, file).split(path.sep).join('/');
        out.push({ path: relative, sizeBytes: stat.size, version: String(Math.trunc(stat.mtimeMs)) });
      }
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  async readManifest(day: DayPartition): Promise<RollupManifest | undefined> {
    const file = this.manifestFile(day);
    // A day never rolled up (the common case on a folder without rollups) costs one stat, not a trip
    // through the thread pool: the metrics planner asks before every statement it starts.
    if (!fs.existsSync(file)) return undefined;
    const text = await fs.promises.readFile(file, 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseRollupManifest(text);
  }

  async writeManifest(manifest: RollupManifest): Promise<void> {
    const file = path.join(this.manifestRoot, `${manifest.day}.json`);
    await fs.promises.mkdir(this.manifestRoot, { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.promises.writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    await fs.promises.rename(temporary, file);
  }

  async rollupExists(day: DayPartition): Promise<boolean> {
    for (const folder of await dayFolders(this.rollupRoot, day)) {
      if ((await filesBelow(folder)).some(({ file }) => !/^[._]/.test(path.basename(file)))) return true;
    }
    return false;
  }

  private manifestFile(day: DayPartition): string {
    return path.join(this.manifestRoot, `${partitionDayKey(day)}.json`);
  }
}
