import fs from 'node:fs';
import path from 'node:path';
import { RECORD_SOURCES } from '../../domain/records/record-source';
import type { SourceFolder } from '../catalog';
import { sniffFiles } from './sniff-files';
import type { FileContent, FileVerdict, SkipReason } from './file-verdict';


/** The readable files of one source, by content kind; absolute paths, sorted. */
export interface SourceFiles {
  readonly json: readonly string[];
  readonly jsonGzip: readonly string[];
  readonly parquet: readonly string[];
}

/** A file (or its last record) that is not read, with why. */
export interface SkippedFile {
  readonly source: SourceFolder;
  /** Absolute path. */
  readonly path: string;
  readonly reason: Exclude<SkipReason, 'not-data'>;
  /** What exactly was wrong, for operators (may quote the engine). */
  readonly detail: string;
}

/** Progress of a scan: files examined so far out of those found. */
export type ScanProgress = (done: number, total: number) => void;

/** Options of {@link PartitionFileIndex}. */
export interface PartitionFileIndexOptions {
  /** Called once per file and reason the first time a file (or its last record) is skipped. */
  readonly onSkip?: (skipped: SkippedFile) => void;
  /** Files examined at once (gzip streams are decompressed on libuv's pool); @default 4 */
  readonly concurrency?: number;
  /**
   * Where verdicts are remembered between runs (Firehose objects never change once written, so a
   * restart examines only new files); `false` keeps them in memory only.
   * @default `<dataDir>/.connect-analytics-file-index.json` (a hidden file the layout ignores)
   */
  readonly verdictCacheFile?: string | false;
}

/** The default name of the verdict cache inside the data folder. */
export const VERDICT_CACHE_FILE = '.connect-analytics-file-index.json';

let saveCount = 0;

/** Version of the verdict cache's format; a file of another version is ignored. */
const VERDICT_CACHE_VERSION = 1;

interface CachedVerdict {
  readonly source: SourceFolder;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
  readonly verdict: FileVerdict;
}

interface Entry {
  readonly source: SourceFolder;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
  verdict: FileVerdict;
}

const PARTITION_LEVELS = [/^year=\d{4}$/, /^month=\d{1,2}$/, /^day=\d{1,2}$/] as const;

const EMPTY_FILES: SourceFiles = Object.freeze({ json: [], jsonGzip: [], parquet: [] });

/**
 * The files of a data folder in the hive layout (`<source>/year=YYYY/month=MM/day=DD/**`), each
 * classified by its content once (see `sniffFile`) and remembered by path, size and mtime so a
 * rescan only examines new or changed files. Files a query finds unreadable are quarantined and never
 * handed out again until they change. Not thread-safe across overlapping scans: callers serialise them.
 */
export class PartitionFileIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly reported = new Set<string>();
  private snapshot: Record<SourceFolder, SourceFiles> = emptySnapshot();
  private signature = '';
  /** Verdicts of earlier runs, by path, loaded on the first scan. */
  private remembered?: Map<string, CachedVerdict>;
  /** Verdicts changed since the cache file was written (a quarantine). */
  private unsaved = false;

  constructor(
    readonly dataDir: string,
    private readonly options: PartitionFileIndexOptions = {},
  ) {}

  /**
   * Lists the folder, examines new or changed files and forgets vanished ones.
   * @returns `changed`: whether the set of readable files differs from the previous scan.
   */
  async scan(onProgress?: ScanProgress): Promise<{ changed: boolean }> {
    const found = await listLayoutFiles(this.dataDir);
    this.remembered ??= await this.loadVerdicts();
    const pending: { file: string; source: SourceFolder; sizeBytes: number; mtimeMs: number }[] = [];
    const present = new Set<string>();
    for (const f of found) {
      present.add(f.file);
      const known = this.entries.get(f.file) ?? this.remembered.get(f.file);
      if (!known || known.sizeBytes !== f.sizeBytes || known.mtimeMs !== f.mtimeMs) pending.push(f);
      else if (!this.entries.has(f.file)) {
        this.entries.set(f.file, { source: f.source, sizeBytes: f.sizeBytes, mtimeMs: f.mtimeMs, verdict: known.verdict });
        this.report(f.file, f.source, known.verdict);
      }
    }
    this.remembered.clear();
    for (const file of [...this.entries.keys()]) if (!present.has(file)) this.entries.delete(file);
    let done = found.length - pending.length;
    onProgress?.(done, found.length);
    const byPath = new Map(pending.map((f) => [f.file, f]));
    await sniffFiles(pending, Math.max(1, this.options.concurrency ?? 4), (file, verdict) => {
      const f = byPath.get(file)!;
      this.entries.set(file, { source: f.source, sizeBytes: f.sizeBytes, mtimeMs: f.mtimeMs, verdict });
      this.report(file, f.source, verdict);
      onProgress?.(++done, found.length);
    });
    if (pending.length > 0 || this.unsaved) await this.saveVerdicts();
    return { changed: this.rebuild() };
  }

  /** Writes verdicts changed since the last scan (quarantines) to the cache file; call before closing. */
  async persist(): Promise<void> {
    if (this.unsaved) await this.saveVerdicts();
  }

  private get cacheFile(): string | undefined {
    const option = this.options.verdictCacheFile;
    return option === false ? undefined : (option ?? path.join(this.dataDir, VERDICT_CACHE_FILE));
  }

  /** Verdicts remembered by an earlier run; none when the file is missing, unreadable or of another version. */
  private async loadVerdicts(): Promise<Map<string, CachedVerdict>> {
    const file = this.cacheFile;
    if (file === undefined) return new Map();
    try {
      const parsed = JSON.parse(await fs.promises.readFile(file, 'utf8')) as { version?: number; files?: Record<string, CachedVerdict> };
      if (parsed.version !== VERDICT_CACHE_VERSION || typeof parsed.files !== 'object' || parsed.files === null) return new Map();
      return new Map(Object.entries(parsed.files));
    } catch {
      return new Map();
    }
  }

  /**
   * Remembers every verdict for the next run (written to a temporary file, then renamed, so a reader
   * never sees half a file). A read-only data folder only costs the next run its examination.
   */
  private async saveVerdicts(): Promise<void> {
    const file = this.cacheFile;
    if (file === undefined) return;
    const files: Record<string, CachedVerdict> = {};
    for (const [p, e] of this.entries) files[p] = { source: e.source, sizeBytes: e.sizeBytes, mtimeMs: e.mtimeMs, verdict: e.verdict };
    this.unsaved = false;
    const temporary = `${file}.${process.pid}.${++saveCount}.tmp`;
    try {
      await fs.promises.writeFile(temporary, JSON.stringify({ version: VERDICT_CACHE_VERSION, files }));
      await fs.promises.rename(temporary, file);
    } catch {
      await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  /** The readable files of a source as of the last scan. */
  files(source: SourceFolder): SourceFiles {
    return this.snapshot[source];
  }

  /** The source a known file belongs to, or undefined for a path the index does not hand out. */
  sourceOf(file: string): SourceFolder | undefined {
    const entry = this.entries.get(file);
    return entry?.verdict.readable ? entry.source : undefined;
  }

  /**
   * Stops handing out a file the engine could not read (until it changes on disk).
   * @returns true when the file was in use (the caller rebuilds what reads it).
   */
  quarantine(file: string, reason: Exclude<SkipReason, 'not-data' | 'partial-record'>, detail: string): boolean {
    const entry = this.entries.get(file);
    if (!entry?.verdict.readable) return false;
    entry.verdict = { readable: false, reason, detail };
    this.report(file, entry.source, entry.verdict);
    this.rebuild();
    this.unsaved = true;
    return true;
  }

  /** Every file skipped (or read without its cut-off last record) as of the last scan, by source and path. */
  skipped(): SkippedFile[] {
    const out: SkippedFile[] = [];
    for (const [file, entry] of this.entries) {
      const v = entry.verdict;
      if (!v.readable && v.reason !== 'not-data') out.push({ source: entry.source, path: file, reason: v.reason, detail: v.detail });
      if (v.readable && v.partialRecord) out.push({ source: entry.source, path: file, reason: 'partial-record', detail: 'the last record is cut off' });
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Counts of files by verdict: readable by content, and skipped markers (`not-data`). */
  counts(source: SourceFolder): { readable: number; markers: number; skipped: number; bytes: number } {
    let readable = 0;
    let markers = 0;
    let skipped = 0;
    let bytes = 0;
    for (const entry of this.entries.values()) {
      if (entry.source !== source) continue;
      if (entry.verdict.readable) {
        readable++;
        bytes += entry.sizeBytes;
      } else if (entry.verdict.reason === 'not-data') markers++;
      else skipped++;
    }
    return { readable, markers, skipped, bytes };
  }

  private report(file: string, source: SourceFolder, verdict: FileVerdict): void {
    const reason = verdict.readable ? (verdict.partialRecord ? 'partial-record' : undefined) : verdict.reason;
    if (reason === undefined || reason === 'not-data') return;
    const key = `${reason}\u0000${file}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const detail = verdict.readable ? 'the last record is cut off' : verdict.detail;
    this.options.onSkip?.({ source, path: file, reason, detail });
  }

  /** Recomputes the per-source lists; returns whether they changed. */
  private rebuild(): boolean {
    const lists = new Map<SourceFolder, Record<FileContent, string[]>>();
    for (const source of RECORD_SOURCES) lists.set(source, { json: [], 'json-gzip': [], parquet: [] });
    for (const [file, entry] of this.entries) if (entry.verdict.readable) lists.get(entry.source)![entry.verdict.content].push(file);
    const next = emptySnapshot();
    for (const source of RECORD_SOURCES) {
      const l = lists.get(source)!;
      next[source] = { json: l.json.sort(), jsonGzip: l['json-gzip'].sort(), parquet: l.parquet.sort() };
    }
    const signature = JSON.stringify(next);
    const changed = signature !== this.signature;
    this.signature = signature;
    this.snapshot = next;
    return changed;
  }
}

function emptySnapshot(): Record<SourceFolder, SourceFiles> {
  return { ctr: EMPTY_FILES, ae: EMPTY_FILES, cfl: EMPTY_FILES, cl: EMPTY_FILES, ef: EMPTY_FILES };
}

async function readDirSafe(dir: string): Promise<fs.Dirent[]> {
  try {
    return await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Every regular file under `<source>/year=…/month=…/day=…/` (at any depth below the day folder, for
 * Firehose's own `YYYY/MM/dd/HH/` prefixes), with size and mtime. Entries that are not partition
 * folders at the three partition levels are ignored.
 */
export async function listLayoutFiles(dataDir: string): Promise<{ file: string; source: SourceFolder; sizeBytes: number; mtimeMs: number }[]> {
  const out: { file: string; source: SourceFolder; sizeBytes: number; mtimeMs: number }[] = [];
  const walkFiles = async (dir: string, source: SourceFolder): Promise<void> => {
    for (const e of await readDirSafe(dir)) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walkFiles(full, source);
      else if (e.isFile() || e.isSymbolicLink()) {
        try {
          const st = await fs.promises.stat(full);
          if (st.isFile()) out.push({ file: full, source, sizeBytes: st.size, mtimeMs: st.mtimeMs });
        } catch {
          // vanished between listing and stat: the next scan decides
        }
      }
    }
  };
  const walkLevel = async (dir: string, level: number, source: SourceFolder): Promise<void> => {
    if (level === PARTITION_LEVELS.length) return walkFiles(dir, source);
    for (const e of await readDirSafe(dir)) {
      if (e.isDirectory() && PARTITION_LEVELS[level].test(e.name)) await walkLevel(path.join(dir, e.name), level + 1, source);
    }
  };
  for (const source of RECORD_SOURCES) await walkLevel(path.join(dataDir, source), 0, source);
  return out;
}
