import fs from 'node:fs';
import path from 'node:path';

/** One object under a prefix. */
export interface StoredObject {
  /** Key from the bucket root, `/`-separated. */
  readonly key: string;
  readonly sizeBytes: number;
  /** ETag on S3; modification time (epoch milliseconds) in a local folder. */
  readonly version: string;
}

/**
 * The few object operations the Athena rollup job needs on the data bucket: list a prefix (a
 * partition's objects, for its fingerprint), read and write a manifest, delete a day's old rollup
 * objects before it is rebuilt (UNLOAD refuses a prefix that holds objects). S3 in the cloud
 * (ListObjectsV2, GetObject, PutObject, DeleteObjects); a local folder for tests and the local endpoint.
 */
export interface RollupObjectStore {
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<StoredObject[]>;
  /** The object's text; undefined when it does not exist. */
  get(key: string): Promise<string | undefined>;
  put(key: string, body: string): Promise<void>;
  /** Deletes every object under `prefix`. @returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
}

/** A {@link RollupObjectStore} over a local folder standing for the bucket (keys are relative paths). */
export class LocalFolderObjectStore implements RollupObjectStore {
  constructor(readonly root: string) {}

  async list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    // Walk only the folder the prefix names (a prefix ending inside a name also matches, as on S3).
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    const walk = async (dir: string): Promise<void> => {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => [] as fs.Dirent[]);
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else {
          const key = path.relative(this.root, full).split(path.sep).join('/');
          if (!key.startsWith(prefix)) continue;
          const stat = await fs.promises.stat(full).catch(() => undefined);
          if (stat?.isFile()) out.push({ key, sizeBytes: stat.size, version: String(Math.trunc(stat.mtimeMs)) });
        }
      }
    };
    await walk(path.join(this.root, ...base.split('/').filter(Boolean)));
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async get(key: string): Promise<string | undefined> {
    return fs.promises.readFile(this.file(key), 'utf8').catch(() => undefined);
  }

  async put(key: string, body: string): Promise<void> {
    const file = this.file(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temporary, body);
    await fs.promises.rename(temporary, file);
  }

  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    for (const o of objects) await fs.promises.rm(this.file(o.key), { force: true });
    return objects.length;
  }

  private file(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }
}
