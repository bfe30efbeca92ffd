import { BadUserInputError } from './errors';

/** Position of a row in a keyset-paginated list: the sort key values of the last row seen. */
export type KeysetPosition = readonly (string | number)[];

/** Encodes a keyset position as an opaque cursor (base64url JSON). */
export function encodeCursor(kind: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([kind, ...position]), 'utf8').toString('base64url');
}

/** What a cursor position holds at one place: an ISO-8601 instant, any string, or a number. */
export type CursorField = 'instant' | 'string' | 'number';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function fits(value: unknown, field: CursorField | 'any'): boolean {
  switch (field) {
    case 'instant':
      return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'any':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  }
}

/**
 * Decodes a cursor made by {@link encodeCursor} for the same list kind.
 * @param shape - the position's fields (an instant is checked to be a valid ISO-8601 instant), or
 *   only their number when any string or number will do.
 * @throws BadUserInputError when the cursor is malformed, belongs to another list, or a field does
 *   not have its kind (a forged or fuzzed cursor never reaches a query).
 */
export function decodeCursor(kind: string, cursor: string, shape: number | readonly CursorField[]): KeysetPosition {
  const fields: readonly (CursorField | 'any')[] = typeof shape === 'number' ? Array.from({ length: shape }, () => 'any' as const) : shape;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== kind || parsed.length !== fields.length + 1 || !fields.every((field, i) => fits(parsed[i + 1], field))) {
    throw new BadUserInputError("'after' is not a cursor returned by this list; pass a pageInfo.endCursor or edges.cursor value unchanged.", 'after');
  }
  return parsed.slice(1) as KeysetPosition;
}

/**
 * Checks a page size (`first`) against the configured maximum.
 * @throws BadUserInputError naming the maximum when `first` is not an integer in 1…maxPageSize.
 */
export function assertPageSize(first: number, maxPageSize: number): void {
  if (!Number.isInteger(first) || first < 1) throw new BadUserInputError(`'first' must be between 1 and ${maxPageSize}.`, 'first');
  if (first > maxPageSize) {
    throw new BadUserInputError(`'first' is ${first}; the maximum page size is ${maxPageSize}. Page with 'after' instead.`, 'first');
  }
}
