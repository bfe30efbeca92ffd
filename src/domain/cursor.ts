import { BadUserInputError } from './errors';

/** Position of a row in a keyset-paginated list: the sort key values of the last row seen. */
export type KeysetPosition = readonly (string | number)[];

/** Encodes a keyset position as an opaque cursor (base64url JSON). */
export function encodeCursor(kind: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([kind, ...position]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} for the same list kind.
 * @throws BadUserInputError when the cursor is malformed or belongs to another list.
 */
export function decodeCursor(kind: string, cursor: string, arity: number): KeysetPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== kind ||
    parsed.length !== arity + 1 ||
    !parsed.slice(1).every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
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
