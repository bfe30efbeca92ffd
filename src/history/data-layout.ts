import fs from 'node:fs';
import path from 'node:path';
import type { SourceFolder } from './catalog';

/** The five source folders of the layout. */
export const SOURCE_FOLDERS: readonly SourceFolder[] = ['ctr', 'ae', 'cfl', 'cl', 'ef'];

/** Human-readable description of the expected layout, used in start-up errors. */
export const EXPECTED_LAYOUT =
  '<DATA_DIR>/{ctr,ae,cfl,cl,ef}/year=YYYY/month=MM/day=DD/<files .json, .json.gz or .parquet>';

const PARTITION_PATH = /^year=\d{4}$/;

/** What a data folder holds. */
export type DataDirState =
  | { readonly kind: 'empty' }
  | { readonly kind: 'layout'; readonly sources: Partial<Record<SourceFolder, { format: 'json' | 'parquet'; files: number }>> }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Thrown at start-up when DATA_DIR is neither empty nor in the expected layout. */
export class DataLayoutError extends Error {
  readonly code = 'BAD_DATA_LAYOUT';
  constructor(dir: string, reason: string) {
    super(`DATA_DIR ${dir} is not in the expected layout (${reason}). Expected ${EXPECTED_LAYOUT}. Point DATA_DIR at such a folder, or at an empty or missing folder to get demo data.`);
    this.name = 'DataLayoutError';
  }
}

/**
 * Inspects a data folder: missing or empty, in the hive layout (which sources, which format), or not.
 * Reads directory listings only (bounded by the number of day partitions).
 */
export function inspectDataDir(dir: string): DataDirState {
  if (!fs.existsSync(dir)) return { kind: 'empty' };
  if (!fs.statSync(dir).isDirectory()) return { kind: 'invalid', reason: 'it is a file, not a folder' };
  const entries = fs.readdirSync(dir).filter((e) => !e.startsWith('.'));
  if (entries.length === 0) return { kind: 'empty' };
  const unknown = entries.filter((e) => !(SOURCE_FOLDERS as readonly string[]).includes(e));
  if (unknown.length > 0) return { kind: 'invalid', reason: `unexpected entries: ${unknown.slice(0, 5).join(', ')}` };
  if (!entries.includes('ctr')) return { kind: 'invalid', reason: 'there is no ctr/ folder' };
  const sources: Partial<Record<SourceFolder, { format: 'json' | 'parquet'; files: number }>> = {};
  for (const source of entries as SourceFolder[]) {
    const root = path.join(dir, source);
    const years = fs.readdirSync(root).filter((e) => !e.startsWith('.'));
    const bad = years.find((y) => !PARTITION_PATH.test(y));
    if (bad) return { kind: 'invalid', reason: `${source}/${bad} is not a year=YYYY partition` };
    const files = listPartitionFiles(root);
    const parquet = files.filter((f) => f.endsWith('.parquet')).length;
    sources[source] = { format: parquet > 0 && parquet === files.length ? 'parquet' : 'json', files: files.length };
  }
  return { kind: 'layout', sources };
}

function listPartitionFiles(root: string): string[] {
  const out: string[] = [];
  for (const y of fs.readdirSync(root)) {
    const yp = path.join(root, y);
    if (!fs.statSync(yp).isDirectory()) continue;
    for (const m of fs.readdirSync(yp)) {
      const mp = path.join(yp, m);
      if (!fs.statSync(mp).isDirectory()) continue;
      for (const d of fs.readdirSync(mp)) {
        const dp = path.join(mp, d);
        if (!fs.statSync(dp).isDirectory()) continue;
        for (const f of fs.readdirSync(dp)) if (!f.startsWith('.') && !f.startsWith('_')) out.push(f);
      }
    }
  }
  return out;
}
