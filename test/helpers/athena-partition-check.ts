import { Parser } from 'node-sql-parser';
import { catalog, PARTITION_KEYS, rollupCatalog } from '../../src/history/catalog';

/**
 * Checks that a statement reads every partitioned table with a partition predicate, the way the
 * local Athena endpoint enforces it: on Athena a read of a projected table without one lists and
 * scans every partition (about 30,000 days over 2017–2099).
 *
 * The statement (its `?` already replaced by literals) is parsed with node-sql-parser's `athena`
 * dialect. For every SELECT — CTEs, subqueries in FROM or WHERE and UNION branches included — each
 * reference to a catalog table must be bounded by its WHERE (or its JOIN's ON): one of the
 * top-level AND terms must name `year`, `month` and `day` of that table (unqualified, or qualified
 * by its alias) in every branch of an OR, as `partitionPredicate` writes it; `FALSE` (no day at all)
 * also bounds. `TRUE`, a predicate on some days' branches only, or a predicate on `year` alone does not.
 */

const parser = new Parser();

/** The catalog tables whose reads must carry a partition predicate (every table is partitioned by UTC day, the rollups too). */
export const PARTITIONED_TABLES: ReadonlySet<string> = new Set([...catalog, ...rollupCatalog].map((t) => t.name.toLowerCase()));

const DAY_COLUMNS: readonly string[] = PARTITION_KEYS;

interface Node {
  readonly type?: string;
  readonly [key: string]: unknown;
}

interface FromItem {
  readonly table?: unknown;
  readonly as?: unknown;
  readonly on?: Node | null;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** The name a column reference spells, lower-cased (node-sql-parser gives a string or `{ expr: { value } }`). */
function columnName(ref: Node): string | undefined {
  const column = ref.column;
  if (typeof column === 'string') return column.toLowerCase();
  const value = isNode(column) && isNode(column.expr) ? column.expr.value : undefined;
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** The partition columns an expression names for a table known as `alias` (or unqualified). */
function dayColumnsOf(expr: unknown, alias: string, out = new Set<string>()): Set<string> {
  if (Array.isArray(expr)) {
    for (const item of expr) dayColumnsOf(item, alias, out);
    return out;
  }
  if (!isNode(expr)) return out;
  // A subquery's columns are its own tables' business.
  if (expr.type === 'select') return out;
  if (expr.type === 'column_ref') {
    const table = typeof expr.table === 'string' ? expr.table.toLowerCase() : null;
    const name = columnName(expr);
    if (name && DAY_COLUMNS.includes(name) && (table === null || table === alias)) out.add(name);
    return out;
  }
  for (const value of Object.values(expr)) dayColumnsOf(value, alias, out);
  return out;
}

const namesEveryDayColumn = (expr: unknown, alias: string): boolean => dayColumnsOf(expr, alias).size === DAY_COLUMNS.length;

/** True when `expr`, as a condition, restricts the table to listed days (see the module comment). */
function bounds(expr: unknown, alias: string): boolean {
  if (!isNode(expr)) return false;
  if (expr.type === 'bool') return expr.value === false;
  if (expr.type === 'binary_expr' && typeof expr.operator === 'string') {
    const operator = expr.operator.toUpperCase();
    if (operator === 'OR') return bounds(expr.left, alias) && bounds(expr.right, alias);
    if (operator === 'AND') return bounds(expr.left, alias) || bounds(expr.right, alias) || namesEveryDayColumn(expr, alias);
  }
  return namesEveryDayColumn(expr, alias);
}

/** Every SELECT of a statement, nested ones included. */
function selectsOf(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) {
    for (const item of node) selectsOf(item, out);
    return out;
  }
  if (!isNode(node)) return out;
  if (node.type === 'select' && Array.isArray(node.from)) out.push(node);
  for (const value of Object.values(node)) selectsOf(value, out);
  return out;
}

/** One read of a partitioned table without a partition predicate. */
export interface UnboundedRead {
  readonly table: string;
  /** Why, for the FAILED state's reason. */
  readonly reason: string;
}

/**
 * The reads of partitioned tables in `sql` that carry no partition predicate; empty when every read
 * is bounded.
 * @throws Error when the statement does not parse as Athena SQL (the caller fails the query with it).
 */
export function unboundedPartitionReads(sql: string, partitioned: ReadonlySet<string> = PARTITIONED_TABLES): UnboundedRead[] {
  const ast = parser.astify(sql, { database: 'athena' });
  const out: UnboundedRead[] = [];
  for (const select of selectsOf(ast)) {
    for (const item of select.from as FromItem[]) {
      if (typeof item.table !== 'string' || !partitioned.has(item.table.toLowerCase())) continue;
      const table = item.table.toLowerCase();
      const alias = typeof item.as === 'string' ? item.as.toLowerCase() : table;
      if (bounds(select.where, alias) || bounds(item.on, alias)) continue;
      out.push({ table, reason: `${table}${alias === table ? '' : ` (as ${alias})`} is read without a partition predicate on year, month and day` });
    }
  }
  return out;
}

/** The leaves of an AND chain (`a AND (b AND c)` → a, b, c). */
function andLeaves(expr: unknown, out: Node[] = []): Node[] {
  if (isNode(expr) && expr.type === 'binary_expr' && typeof expr.operator === 'string' && expr.operator.toUpperCase() === 'AND') {
    andLeaves(expr.left, out);
    andLeaves(expr.right, out);
  } else if (isNode(expr)) out.push(expr);
  return out;
}

/** `year = 2026` (either side) → ['year', 2026] for a partition column of `alias` (or unqualified). */
function dayEquality(leaf: Node, alias: string): [string, number] | undefined {
  if (leaf.type !== 'binary_expr' || leaf.operator !== '=') return undefined;
  for (const [column, value] of [
    [leaf.left, leaf.right],
    [leaf.right, leaf.left],
  ] as const) {
    if (!isNode(column) || column.type !== 'column_ref' || !isNode(value) || value.type !== 'number') continue;
    const table = typeof column.table === 'string' ? column.table.toLowerCase() : null;
    const name = columnName(column);
    if (name && DAY_COLUMNS.includes(name) && (table === null || table === alias)) return [name, Number(value.value)];
  }
  return undefined;
}

/** The `YYYY-MM-DD` days an expression's `year = … AND month = … AND day = …` conjunctions name for `alias` (nested SELECTs aside). */
function daysNamed(expr: unknown, alias: string, out: Set<string>): Set<string> {
  if (Array.isArray(expr)) {
    for (const item of expr) daysNamed(item, alias, out);
    return out;
  }
  if (!isNode(expr) || expr.type === 'select') return out;
  if (expr.type === 'binary_expr' && typeof expr.operator === 'string' && expr.operator.toUpperCase() === 'AND') {
    const found = new Map<string, number>();
    for (const leaf of andLeaves(expr)) {
      const eq = dayEquality(leaf, alias);
      if (eq) found.set(eq[0], eq[1]);
    }
    if (found.size === DAY_COLUMNS.length) {
      out.add(`${String(found.get('year')).padStart(4, '0')}-${String(found.get('month')).padStart(2, '0')}-${String(found.get('day')).padStart(2, '0')}`);
      return out;
    }
  }
  for (const value of Object.values(expr)) daysNamed(value, alias, out);
  return out;
}

/**
 * Per partitioned table a statement reads, the UTC days (`YYYY-MM-DD`) its reads are bounded to, from
 * each read's own WHERE / JOIN ON (not the whole statement's: a rollup statement bounds the rollup
 * and the raw records to different days); `'all'` for a table read at least once without a
 * predicate naming days (Athena would scan every partition). A read bounded by `FALSE` adds no day.
 * @throws Error when the statement does not parse as Athena SQL.
 */
export function partitionDaysByTable(sql: string, partitioned: ReadonlySet<string> = PARTITIONED_TABLES): Map<string, Set<string> | 'all'> {
  const ast = parser.astify(sql, { database: 'athena' });
  const out = new Map<string, Set<string> | 'all'>();
  for (const select of selectsOf(ast)) {
    for (const item of select.from as FromItem[]) {
      if (typeof item.table !== 'string' || !partitioned.has(item.table.toLowerCase())) continue;
      const table = item.table.toLowerCase();
      const alias = typeof item.as === 'string' ? item.as.toLowerCase() : table;
      const previous = out.get(table);
      if (previous === 'all') continue;
      if (!bounds(select.where, alias) && !bounds(item.on, alias)) {
        out.set(table, 'all');
        continue;
      }
      const days = previous ?? new Set<string>();
      daysNamed(select.where, alias, days);
      daysNamed(item.on, alias, days);
      out.set(table, days);
    }
  }
  return out;
}
