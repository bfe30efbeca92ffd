import fs from 'node:fs';
import { quotedOrCommentEnd } from '../../src/history/athena/trino-literal';
import { partitionDaysByTable } from './athena-partition-check';

/** A table the local Athena endpoint serves, with the files behind it (absolute paths in the hive layout). */
export interface ScannableTable {
  /** SQL name, e.g. `connect_ctr`. */
  readonly name: string;
  readonly files: readonly string[];
}

/** A UTC day partition as `YYYY-MM-DD`. */
type DayKey = string;

const dayKey = (year: number, month: number, day: number): DayKey =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** `…/year=2026/month=03/day=08/…` → `2026-03-08`; undefined for a path outside the layout. */
export function partitionDayOfPath(file: string): DayKey | undefined {
  const m = /[\\/]year=(\d{4})[\\/]month=(\d{1,2})[\\/]day=(\d{1,2})[\\/]/.exec(file);
  return m ? dayKey(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** The statement's code with string literals, quoted identifiers' contents kept, and comments blanked. */
function codeOnly(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const end = quotedOrCommentEnd(sql, i);
    if (end > i) {
      // Keep double-quoted identifiers (a table may be spelled "connect_ctr"); blank literals and comments.
      out += sql[i] === '"' ? sql.slice(i, end).replace(/"/g, ' ') : ' ';
      i = end;
    } else out += sql[i++];
  }
  return out;
}

/**
 * The day partitions a statement's predicates name, from every `year = Y AND month = M AND day = D`
 * conjunction in it (the shape `partitionPredicate` writes, literals already inlined); undefined when
 * it has none, i.e. no partition pruning.
 */
export function prunedDays(sql: string): Set<DayKey> | undefined {
  const code = codeOnly(sql);
  const days = new Set<DayKey>();
  const triple = /\byear\s*=\s*(\d+)\s+AND\s+month\s*=\s*(\d+)\s+AND\s+day\s*=\s*(\d+)\b/gi;
  for (const m of code.matchAll(triple)) days.add(dayKey(Number(m[1]), Number(m[2]), Number(m[3])));
  return days.size > 0 ? days : undefined;
}

/**
 * What Athena would bill a statement for, approximated the way Athena scans JSON and small Parquet
 * files: the sum of the sizes of every file of every table the statement names, after partition
 * pruning. A table counts when its name appears as an identifier outside literals and comments; its
 * files count when their `year=/month=/day=` partition is one of the days the statement's
 * `year = … AND month = … AND day = …` conjunctions name (see {@link prunedDays}), or all of them when
 * the statement has no such predicate (Athena reads every projected partition). Each file counts once
 * per statement even when the table is named twice (Athena reads a file once per scan; our statements
 * name a table once). Parquet column pruning is not modelled: a Parquet file counts whole, which
 * over-states the rollup's bytes, never under-states them.
 */
export function scannedBytes(sql: string, tables: readonly ScannableTable[]): number {
  const code = codeOnly(sql);
  const statementDays = prunedDays(sql);
  // Each table pruned by its own reads' predicates when the statement parses (a rollup statement
  // bounds the rollup and the raw records to different days); else by the whole statement's.
  let byTable: Map<string, Set<string> | 'all'> | undefined;
  try {
    byTable = partitionDaysByTable(sql, new Set(tables.map((t) => t.name.toLowerCase())));
  } catch {
    byTable = undefined;
  }
  let bytes = 0;
  for (const table of tables) {
    if (!new RegExp(`(?<!\\w)${table.name}(?!\\w)`, 'i').test(code)) continue;
    const own = byTable?.get(table.name.toLowerCase());
    const days = byTable === undefined || own === undefined ? statementDays : own === 'all' ? undefined : own;
    for (const file of table.files) {
      const day = partitionDayOfPath(file);
      if (days && (day === undefined || !days.has(day))) continue;
      try {
        bytes += fs.statSync(file).size;
      } catch {
        // vanished since the scan: Athena would not read it either
      }
    }
  }
  return bytes;
}
