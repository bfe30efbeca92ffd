import { DIRECTORY_LOOKBACK_DAYS } from '../../../src/domain/agent-directory';
import { RequestStats } from '../../../src/domain/request-stats';
import type { QueryEngine, QueryResult, SqlQuery } from '../../../src/history/query-engine';
import type { PartitionListing } from '../../../src/history/files/partition-days';
import { AgentDirectoryReader } from '../../../src/history/readers/agent-directory.reader';
import { ALL_INSTANCES } from '../../../src/history/sql/scope';
import { AgentDirectoryService, DirectoryMemo } from '../../../src/services/agent-directory.service';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/i-1';

const agentRow = (id: string, username: string) => ({
  agent_arn: `${INSTANCE}/agent/${id}`,
  instance_arn: INSTANCE,
  last_event_timestamp: '2020-01-02T03:04:05.000Z',
  username,
  first_name: 'First',
  last_name: 'Last',
  routing_profile_arn: `${INSTANCE}/routing-profile/rp`,
  routing_profile_name: 'Profile',
  inbound_queues: `${INSTANCE}/queue/agent/${id}|;${INSTANCE}/queue/q-sales|Sales`,
  hierarchy_level_1_arn: `${INSTANCE}/agent-group/g1`,
  hierarchy_level_1_name: 'Site',
  hierarchy_level_2_arn: null,
  hierarchy_level_2_name: null,
  hierarchy_level_3_arn: null,
  hierarchy_level_3_name: null,
  hierarchy_level_4_arn: null,
  hierarchy_level_4_name: null,
  hierarchy_level_5_arn: null,
  hierarchy_level_5_name: null,
});

/** The one day the history of these tests holds (11 days before "now"). */
const DATA_DAY = { year: 2026, month: 11, day: 10 };

/** True when a statement's bound parameters select `day` (partition predicates bind year, month, day in a row). */
function selects(query: SqlQuery, day: { year: number; month: number; day: number }): boolean {
  return query.params.some((p, i) => p === day.year && query.params[i + 1] === day.month && query.params[i + 2] === day.day);
}

/** The distinct days a statement's partition predicates select (each `year = ? AND month = ? AND day = ?` triple binds the first parameters). */
function daysOf(query: SqlQuery): string[] {
  const count = (query.sql.match(/\(year = \? AND month = \? AND day = \?\)/g) ?? []).length;
  const out = new Set<string>();
  for (let i = 0; i < count * 3; i += 3) out.add(`${String(query.params[i])}-${String(query.params[i + 1])}-${String(query.params[i + 2])}`);
  return [...out];
}

/**
 * A history engine holding data on {@link DATA_DAY} only: a statement finds rows only when its
 * partition predicate selects that day. Records what ran; every statement must carry a predicate.
 */
class OneDayEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  readonly ran: SqlQuery[] = [];
  constructor(private readonly agents: ReturnType<typeof agentRow>[]) {}
  async query<Row>(query: SqlQuery): Promise<QueryResult<Row>> {
    this.ran.push(query);
    if (!/\byear = \?/.test(query.sql)) throw new Error(`unbounded statement ${query.id}`);
    const hit = selects(query, DATA_DAY);
    const rows =
      query.id === 'directory_newest_day'
        ? [{ newest_day: hit ? 20261110 : null }]
        : !hit
          ? []
          : query.id === 'agent_directory'
            ? this.agents
            : [{ queue_arn: `${INSTANCE}/queue/q-billing`, queue_name: 'Billing', last_initiation_timestamp: '2026-11-10T00:00:00Z' }];
    return { rows: rows as Row[], stats: { engine: 'duckdb', engineTimeMs: 1, rowsReturned: rows.length } };
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

/** A data folder listing whose newest day is {@link DATA_DAY} (what DuckDB's file index answers). */
const listing: PartitionListing = { newestDay: () => DATA_DAY };

describe('AgentDirectoryService', () => {
  const agents = ['d', 'b', 'e', 'a', 'c'].map((x, i) => agentRow(`id-${i}`, `user.${x}`));
  let now = Date.parse('2026-11-21T12:00:00Z');
  const service = (engine: OneDayEngine, memo = new DirectoryMemo(60_000), stats = new RequestStats()) =>
    new AgentDirectoryService(new AgentDirectoryReader(engine, stats, listing), ALL_INSTANCES, { maxPageSize: 3, memo, now: () => new Date(now) });

  it(`reads the ${DIRECTORY_LOOKBACK_DAYS} days ending at the newest day of the listing, with no probe and whatever the clock says`, async () => {
    const engine = new OneDayEngine(agents);
    const directory = await service(engine).directory();
    expect(engine.ran.map((q) => q.id)).toEqual(['agent_directory', 'queue_directory']);
    for (const q of engine.ran) {
      const days = daysOf(q);
      expect(days).toHaveLength(DIRECTORY_LOOKBACK_DAYS);
      expect(days[days.length - 1]).toBe('2026-11-10');
    }
    expect(directory.agents.map((a) => a.username)).toEqual(['user.a', 'user.b', 'user.c', 'user.d', 'user.e']);
    expect(directory.queues.map((q) => q.name)).toEqual(['Billing', 'Sales']);
    expect(directory.agents[0]).toMatchObject({ agentId: 'id-3', firstName: 'First', hierarchy: [{ arn: `${INSTANCE}/agent-group/g1`, name: 'Site' }, null, null, null, null] });
  });

  it('without a listing (Athena) finds the newest day with bounded probes of 1, 2, 4 … days back from today', async () => {
    const engine = new OneDayEngine(agents);
    const directory = await new AgentDirectoryService(new AgentDirectoryReader(engine, new RequestStats()), ALL_INSTANCES, {
      maxPageSize: 3,
      directoryLookbackDays: 7,
      memo: new DirectoryMemo(),
      now: () => new Date(now),
    }).directory();
    expect(engine.ran.map((q) => [q.id, daysOf(q).length])).toEqual([
      ['directory_newest_day', 1],
      ['directory_newest_day', 2],
      ['directory_newest_day', 4],
      ['directory_newest_day', 8],
      ['agent_directory', 7],
      ['queue_directory', 7],
    ]);
    // The probes tile the days back from today without gaps or overlaps.
    const probed = engine.ran.slice(0, 4).flatMap(daysOf);
    expect(probed).toHaveLength(15);
    expect(new Set(probed)).toEqual(new Set(Array.from({ length: 15 }, (_, i) => `2026-11-${21 - i}`)));
    expect(daysOf(engine.ran[4]!)).toEqual(['2026-11-4', '2026-11-5', '2026-11-6', '2026-11-7', '2026-11-8', '2026-11-9', '2026-11-10']);
    expect(directory.agents).toHaveLength(5);
  });

  it('never searches further back than the configured maximum: older data gives an empty directory', async () => {
    const engine = new OneDayEngine(agents);
    const directory = await new AgentDirectoryService(new AgentDirectoryReader(engine, new RequestStats()), ALL_INSTANCES, {
      maxPageSize: 3,
      directorySearchDays: 10,
      memo: new DirectoryMemo(),
      now: () => new Date(now),
    }).directory();
    expect(engine.ran.map((q) => [q.id, daysOf(q).length])).toEqual([
      ['directory_newest_day', 1],
      ['directory_newest_day', 2],
      ['directory_newest_day', 4],
      ['directory_newest_day', 3],
    ]);
    expect(directory.agents).toEqual([]);
    expect(directory.queues).toEqual([]);
  });

  it('shares the built directory across requests within the TTL, and reads again after it', async () => {
    const engine = new OneDayEngine(agents);
    const memo = new DirectoryMemo(60_000);
    const first = new RequestStats();
    const second = new RequestStats();
    await Promise.all([service(engine, memo, first).directory(), service(engine, memo, second).directory()]);
    expect(engine.ran).toHaveLength(2);
    expect(first.snapshot().backendCalls).toEqual({ duckdb: 2 });
    expect(second.snapshot().backendCalls).toEqual({});
    now += 59_000;
    await service(engine, memo).directory();
    expect(engine.ran).toHaveLength(2);
    now += 2_000;
    await service(engine, memo).directory();
    expect(engine.ran).toHaveLength(4);
  });

  it('does not keep a failed build', async () => {
    const memo = new DirectoryMemo(60_000);
    const failing = new OneDayEngine(agents);
    failing.query = async () => {
      throw new Error('engine down');
    };
    await expect(service(failing, memo).directory()).rejects.toThrow('engine down');
    const engine = new OneDayEngine(agents);
    expect((await service(engine, memo).directory()).agents).toHaveLength(5);
  });

  it('pages agents by username with keyset cursors and checks the page size', async () => {
    const s = service(new OneDayEngine(agents));
    const one = await s.listAgents(3);
    expect(one.edges.map((e) => e.node.username)).toEqual(['user.a', 'user.b', 'user.c']);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const two = await s.listAgents(3, one.pageInfo.endCursor);
    expect(two.edges.map((e) => e.node.username)).toEqual(['user.d', 'user.e']);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    await expect(s.listAgents(4)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('the maximum page size is 3') });
    await expect(s.listAgents(2, 'bogus')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('looks agents up by id, ARN or username and queues by id, ARN or name — exactly one key', async () => {
    const s = service(new OneDayEngine(agents));
    expect((await s.getAgent({ id: 'id-0' }))?.username).toBe('user.d');
    expect((await s.getAgent({ id: `${INSTANCE}/agent/id-0` }))?.username).toBe('user.d');
    expect((await s.getAgent({ username: 'user.e' }))?.agentId).toBe('id-2');
    expect(await s.getAgent({ username: 'nobody' })).toBeNull();
    await expect(s.getAgent({})).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(s.getAgent({ id: 'id-0', username: 'user.d' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await s.getQueue({ name: 'Sales' }))?.queueId).toBe('q-sales');
    expect((await s.getQueue({ id: `${INSTANCE}/queue/q-billing` }))?.name).toBe('Billing');
    await expect(s.getQueue({ id: 'q-sales', name: 'Sales' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
