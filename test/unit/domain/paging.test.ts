import { agentKeyString } from '../../../src/domain/agent-state';
import { BadUserInputError } from '../../../src/domain/errors';
import { lookaheadLimit, pageOf } from '../../../src/domain/paging';

const cursorOf = (row: { id: string }): string => `c:${row.id}`;
const rows = (n: number): { id: string }[] => Array.from({ length: n }, (_, i) => ({ id: String(i + 1) }));

describe('pageOf: the one keyset paging step', () => {
  it('reads one row more than the page holds', () => {
    expect(lookaheadLimit(1)).toBe(2);
    expect(lookaheadLimit(50)).toBe(51);
  });

  it('an empty list: no edges, no next page, null cursors', () => {
    expect(pageOf([], 10, undefined, cursorOf)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('an empty page after a cursor has a previous page', () => {
    expect(pageOf([], 10, 'c:9', cursorOf).pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('exactly `first` rows: every row is an edge and no page follows', () => {
    const page = pageOf(rows(3), 3, null, cursorOf);
    expect(page.edges.map((e) => e.node.id)).toEqual(['1', '2', '3']);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: 'c:1', endCursor: 'c:3' });
  });

  it('`first + 1` rows: the extra row is not returned and tells that another page follows', () => {
    const page = pageOf(rows(4), 3, 'c:0', cursorOf);
    expect(page.edges.map((e) => e.node.id)).toEqual(['1', '2', '3']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: 'c:1', endCursor: 'c:3' });
  });

  it('more rows than `first + 1` (an in-memory list): the page still stops at `first`', () => {
    const page = pageOf(rows(10), 2, undefined, cursorOf);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('each edge carries the cursor of its row; endCursor is the cursor of the last row of the page', () => {
    const page = pageOf(rows(5), 4, undefined, cursorOf);
    expect(page.edges.map((e) => e.cursor)).toEqual(['c:1', 'c:2', 'c:3', 'c:4']);
    expect(page.pageInfo.endCursor).toBe(cursorOf(page.edges.at(-1)!.node));
    expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
  });

  it('a bad `first` is BAD_USER_INPUT on `first`', () => {
    for (const first of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      let thrown: unknown;
      try {
        pageOf(rows(3), first, undefined, cursorOf);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(BadUserInputError);
      expect((thrown as BadUserInputError).code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('agentKeyString: the one string form of an agent key', () => {
  it('is equal for equal keys and different for keys that only concatenate alike', () => {
    const a = agentKeyString({ instanceArn: 'arn:aws:connect:eu-west-1:1:instance/i', agentId: 'a1' });
    expect(agentKeyString({ instanceArn: 'arn:aws:connect:eu-west-1:1:instance/i', agentId: 'a1' })).toBe(a);
    expect(agentKeyString({ instanceArn: 'x', agentId: 'yz' })).not.toBe(agentKeyString({ instanceArn: 'xy', agentId: 'z' }));
  });
});
