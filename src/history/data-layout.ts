import fs from 'node:fs';
import path from 'node:path';
import { rollupCatalog, type SourceFolder } from './catalog';
import { RECORD_SOURCES } from '../domain/records/record-source';

/** The five source folders of the layout. */
export const SOURCE_FOLDERS: readonly SourceFolder[] = RECORD_SOURCES;

/** Human-readable description of the expected layout, used in start-up errors. */
export const EXPECTED_LAYOUT =
  '<DATA_DIR>/{ctr,ae,cfl,cl,ef}/year=YYYY/month=MM/day=DD/<files, any name: JSON, gzip JSON or Parquet, recognised by content>';

const PARTITION_PATH = /^year=\d{4}$/;

/** Top-level folders the service writes itself beside the sources (`rollups/`), allowed in a data folder. */
export const DERIVED_FOLDERS: readonly string[] = [...new Set(rollupCatalog.map((table) => table.folder.split('/')[0]))];

/** What a data folder holds. */
export type DataDirState =
  | { readonly kind: 'empty' }
  | { readonly kind: 'layout'; readonly sources: readonly SourceFolder[] }
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
 * Inspects a data folder's top two levels: missing or empty, in the hive layout (which sources), or
 * not. Reads two directory listings per source; which files are data is decided later, by content
 * (see `PartitionFileIndex`).
 */
export function inspectDataDir(dir: string): DataDirState {
  if (!fs.existsSync(dir)) return { kind: 'empty' };
  if (!fs.statSync(dir).isDirectory()) return { kind: 'invalid', reason: 'it is a file, not a folder' };
  const every = fs.readdirSync(dir).filter((e) => !e.startsWith('.'));
  if (every.length === 0) return { kind: 'empty' };
  // Rollups are derived from the sources: allowed beside them, never enough on their own.
  const entries = every.filter((e) => !DERIVED_FOLDERS.includes(e));
  const unknown = entries.filter((e) => !(SOURCE_FOLDERS as readonly string[]).includes(e));
  if (unknown.length > 0) return { kind: 'invalid', reason: `unexpected entries: ${unknown.slice(0, 5).join(', ')}` };
  if (!entries.includes('ctr')) return { kind: 'invalid', reason: 'there is no ctr/ folder' };
  for (const source of entries) {
    const root = path.join(dir, source);
    if (!fs.statSync(root).isDirectory()) return { kind: 'invalid', reason: `${source} is a file, not a folder` };
    const bad = fs.readdirSync(root, { withFileTypes: true }).find((e) => e.isDirectory() && !e.name.startsWith('.') && !PARTITION_PATH.test(e.name));
    if (bad) return { kind: 'invalid', reason: `${source}/${bad.name} is not a year=YYYY partition` };
  }
  return { kind: 'layout', sources: entries as SourceFolder[] };
}
