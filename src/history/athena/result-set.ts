import type { ColumnInfo, Row as AthenaRow, StatementType } from '@aws-sdk/client-athena';

/** A converted cell: what the DuckDB engine would give for the same column, as far as Athena's text allows. */
export type CellValue = string | number | boolean | null;

/** Significant digits a double holds exactly; decimals with more stay strings. */
const MAX_EXACT_DIGITS = 15;

/** `timestamp(p)` → `timestamp`, `decimal(10,2)` → `decimal`, `timestamp(3) with time zone` → `timestamp with time zone`. */
function baseType(type: string | undefined): string {
  return (type ?? 'varchar').toLowerCase().replace(/\(.*?\)/g, '').replace(/\s+/g, ' ').trim();
}

function significantDigits(text: string): number {
  const digits = text.replace(/^[-+]/, '').replace('.', '').replace(/^0+/, '');
  return digits.length;
}

/** `2024-01-01 10:00:00.000` (Athena's rendering of a UTC wall clock) → `2024-01-01T10:00:00.000Z`. */
function timestampToIso(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(text);
  return m ? `${m[1]}T${m[2]}Z` : text;
}

/** `2024-01-01 10:00:00.000 UTC` or `… +02:00` → ISO with `Z` or the offset; zone names stay text. */
function timestampWithZoneToIso(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) (.+)$/.exec(text);
  if (!m) return text;
  const zone = m[3];
  if (zone === 'UTC' || zone === 'Z' || zone === 'Etc/UTC' || zone === '+00:00') return `${m[1]}T${m[2]}Z`;
  if (/^[+-]\d{2}:\d{2}$/.test(zone)) return `${m[1]}T${m[2]}${zone}`;
  return text;
}

/**
 * Converts one `VarCharValue` by its column's Athena type. A missing value is SQL NULL (Athena sends
 * `{}` for NULL and `""` for the empty string).
 * - varchar, char, date, time, varbinary, uuid …: the text;
 * - tinyint, smallint, integer: number; bigint: number when it is a safe integer, otherwise the text;
 * - double, real/float: number (NaN and ±Infinity stay text: they are not JSON);
 * - decimal: number when its precision (or the value) has at most 15 significant digits, otherwise the text;
 * - boolean: true/false;
 * - timestamp: ISO-8601 instant `YYYY-MM-DDTHH:MM:SS.fffZ` (Athena timestamps here hold UTC wall clocks);
 *   timestamp with time zone: ISO with `Z` or the offset, a named zone stays text;
 * - json: the JSON text (as the DuckDB engine returns JSON columns);
 * - array, row, map: Athena's text rendering (`[a, b]`, `{x=1}`), since Athena does not report
 *   element types and that rendering is not JSON.
 */
export function convertAthenaValue(column: ColumnInfo, text: string | undefined): CellValue {
  if (text === undefined) return null;
  switch (baseType(column.Type)) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
      return Number(text);
    case 'bigint': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'double':
    case 'real':
    case 'float': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'decimal': {
      const exact = column.Precision !== undefined && column.Precision > 0 ? column.Precision <= MAX_EXACT_DIGITS : significantDigits(text) <= MAX_EXACT_DIGITS;
      const n = Number(text);
      return exact && Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return timestampToIso(text);
    case 'timestamp with time zone':
      return timestampWithZoneToIso(text);
    default:
      return text;
  }
}

/**
 * Whether the first row of the first result page is Athena's header row (the column labels), which
 * Athena puts before the data of every SELECT (statement type DML) but not of DDL/UTILITY statements.
 */
export function isHeaderRow(row: AthenaRow | undefined, columns: readonly ColumnInfo[], statementType?: StatementType | string): boolean {
  if (!row || statementType === 'DDL' || statementType === 'UTILITY') return false;
  const data = row.Data ?? [];
  return data.length === columns.length && data.every((d, i) => d.VarCharValue === (columns[i].Label ?? columns[i].Name));
}

/** Converts Athena rows to objects keyed by column name, each cell by {@link convertAthenaValue}. */
export function convertRows(rows: readonly AthenaRow[], columns: readonly ColumnInfo[]): Record<string, CellValue>[] {
  return rows.map((row) => {
    const data = row.Data ?? [];
    const out: Record<string, CellValue> = {};
    columns.forEach((column, i) => {
      out[column.Name ?? `_col${i}`] = convertAthenaValue(column, data[i]?.VarCharValue);
    });
    return out;
  });
}
