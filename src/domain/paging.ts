import { BadUserInputError } from './errors';

/** Relay page information of one page of a forward-paged list (`first` / `after`). */
export interface PageInfo {
  /** True when more items follow this page. */
  readonly hasNextPage: boolean;
  /** True when the page was requested with `after` (items precede it). */
  readonly hasPreviousPage: boolean;
  /** Cursor of the first item of the page; null for an empty page. */
  readonly startCursor: string | null;
  /** Cursor of the last item of the page (the next page's `after`); null for an empty page. */
  readonly endCursor: string | null;
}

/** An item of a page with the cursor that points at it. */
export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

/** One page of a list (a Relay connection): the edges and where the page stands. */
export interface Page<T> {
  readonly edges: Edge<T>[];
  readonly pageInfo: PageInfo;
}

/**
 * How many rows to read for a page of `first`: one more than the page holds, so that
 * {@link pageOf} can tell whether another page follows without a count query.
 */
export function lookaheadLimit(first: number): number {
  return first + 1;
}

/**
 * The one keyset paging step of every connection: turns the rows that follow the `after` position
 * (at least `first + 1` of them when more exist, see {@link lookaheadLimit}) into a page of at most
 * `first` edges. Pure: no I/O, no validation of the cursor (decode `after` before reading the rows).
 *
 * - `hasNextPage` is true when more than `first` rows were given (the extra row is not returned);
 * - `hasPreviousPage` is true when the page was requested with a (non-empty) `after`;
 * - `startCursor` / `endCursor` are the cursors of the first / last edge, null for an empty page.
 *
 * @param rows - the rows after the position, in list order; rows beyond `first + 1` are ignored.
 * @param first - the page size, already checked against the maximum (`assertPageSize`).
 * @param after - the cursor the page was requested with, if any.
 * @param cursorOf - the opaque cursor of a row (`encodeCursor` of its sort key).
 * @throws BadUserInputError when `first` is not a positive integer.
 */
export function pageOf<T>(rows: readonly T[], first: number, after: string | null | undefined, cursorOf: (row: T) => string): Page<T> {
  if (!Number.isInteger(first) || first < 1) throw new BadUserInputError("'first' must be a positive integer.", 'first');
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
