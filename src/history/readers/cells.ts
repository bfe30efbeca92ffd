/**
 * The one set of cell coercion helpers of the readers: numbers and instants as either engine returns
 * them (numbers or numeric text, ISO-8601 text), and the JSON text cells the SQL builders return (objects stored in `string` columns, typed
 * arrays rendered as JSON). Both engines' renderings are accepted: keys in Connect's casing (DuckDB)
 * or lower-cased (Athena's JSON SerDe), and a struct as an object or, from older Trino versions, as a
 * positional array. Malformed text reads as absent; nothing here throws.
 */

type Json = Record<string, unknown>;

/** Parses JSON text; undefined when the cell is null or not JSON. */
export function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True for a plain JSON object. */
export function isJsonObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON text cell holding an object; null when absent, malformed or not an object. */
export function jsonObjectOrNull(text: string | null | undefined): Json | null {
  const value = parseJson(text);
  return isJsonObject(value) ? value : null;
}

/** A JSON text cell holding an array; `[]` when absent, malformed or not an array. */
export function jsonArray(text: string | null | undefined): unknown[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value : [];
}

/** The value of `name` in an object, matching the key exactly first, then without regard to case. */
export function fieldIgnoringCase(object: Json, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(object, name)) return object[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : object[key];
}

/**
 * Reads a struct rendered as JSON into an object keyed by `fieldNames` (the catalog's field order):
 * from an object (any key casing) or from a positional array. Unknown shapes give all-undefined.
 */
export function structFields<K extends string>(element: unknown, fieldNames: readonly K[]): Record<K, unknown> {
  const out = {} as Record<K, unknown>;
  fieldNames.forEach((name, i) => {
    out[name] = Array.isArray(element) ? element[i] : isJsonObject(element) ? fieldIgnoringCase(element, name) : undefined;
  });
  return out;
}

/** A string, or null for anything else (numbers become their text: JSON scalars may come back as either). */
export function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** A finite number (numeric text included), or null. */
export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A count or sum cell: a finite number (numeric text included), 0 when absent or unreadable. */
export function numberOrZero(value: unknown): number {
  return numberOrNull(value) ?? 0;
}

/** An ISO-8601 instant (text) as a Date, or null when absent or unparsable. */
export function dateOrNull(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An ISO-8601 instant (text) as epoch milliseconds, or null when absent or unparsable. */
export function epochMsOrNull(value: unknown): number | null {
  return dateOrNull(value)?.getTime() ?? null;
}

/**
 * A single-precision (`float`) value as the shortest decimal that is the same float: the catalog's
 * `float` columns hold e.g. 96.67 as 96.66999816894531 once widened to a double; this gives 96.67
 * back, as Athena prints it. Null stays null.
 */
export function float32Value(value: unknown): number | null {
  const n = numberOrNull(value);
  if (n === null) return null;
  const single = Math.fround(n);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}
