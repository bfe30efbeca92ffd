import { DIRECTORY_LOOKBACK_DAYS } from '../../../src/domain/agent-directory';
import { RequestStats } from '../../../src/domain/request-stats';
import type { QueryEngine, QueryResult, SqlQuery } from '../../../src/history/query-engine';
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

/**
 * A history engine holding only old data: statements restricted to partitions (they bind year
 * values) find nothing; statements over every partition find the rows. Records what ran.
 */
class OldDataEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  readonly ran: SqlQuery[] = [];
  constructor(private readonly agents: ReturnType<typeof agentRow>[]) {}
  async query<Row>(query: SqlQuery): Promise<QueryResult<Row>> {
    this.ran.push(query);
    const windowed = /\byear = \?/.test(query.sql);
    const rows =
      windowed ? [] : query.id === 'agent_directory' ? this.agents : [{ queue_arn: `${INSTANCE}/queue/q-billing`, queue_name: 'Billing', last_initiation_timestamp: '2020-01-02T00:00:00Z' }];
    return { rows: rows as Row[], stats: { engine: 'duckdb', engineTimeMs: 1, rowsReturned: rows.length } };
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

describe('AgentDirectoryService', () => {
  const agents = ['d', 'b', 'e', 'a', 'c'].map((x, i) => agentRow(`id-${i}`, `user.${x}`));
  let now = Date.parse('2026-11-21T12:00:00Z');
  const service = (engine: OldDataEngine, memo = new DirectoryMemo(60_000), stats = new RequestStats()) =>
    new AgentDirectoryService(new AgentDirectoryReader(engine, stats), ALL_INSTANCES, { maxPageSize: 3, memo, now: () => new Date(now) });

  it(`reads the last ${DIRECTORY_LOOKBACK_DAYS} days first, and every partition when those hold nothing (a data set from the past)`, async () => {
    const engine = new OldDataEngine(agents);
    const directory = await service(engine).directory();
    expect(engine.ran.map((q) => [q.id, /\byear = \?/.test(q.sql)])).toEqual([
      ['agent_directory', true],
      ['queue_directory', true],
      ['agent_directory', false],
      ['queue_directory', false],
    ]);
    const windowDays = engine.ran[0]!.params.filter((p) => p === 2026 || p === 2025).length;
    expect(windowDays).toBe(DIRECTORY_LOOKBACK_DAYS + 1);
    expect(directory.agents.map((a) => a.username)).toEqual(['user.a', 'user.b', 'user.c', 'user.d', 'user.e']);
    expect(directory.queues.map((q) => q.name)).toEqual(['Billing', 'Sales']);
    expect(directory.agents[0]).toMatchObject({ agentId: 'id-3', firstName: 'First', hierarchy: [{ arn: `${INSTANCE}/agent-group/g1`, name: 'Site' }, null, null, null, null] });
  });

  it('reads every partition at once when the look-back is 0, and a configured window otherwise', async () => {
    const all = new OldDataEngine(agents);
    await new AgentDirectoryService(new AgentDirectoryReader(all, new RequestStats()), ALL_INSTANCES, { maxPageSize: 3, directoryLookbackDays: 0, memo: new DirectoryMemo(), now: () => new Date(now) }).directory();
    expect(all.ran.map((q) => [q.id, /\byear = \?/.test(q.sql)])).toEqual([
      ['agent_directory', false],
      ['queue_directory', false],
    ]);
    const week = new OldDataEngine(agents);
    await new AgentDirectoryService(new AgentDirectoryReader(week, new RequestStats()), ALL_INSTANCES, { maxPageSize: 3, directoryLookbackDays: 7, memo: new DirectoryMemo(), now: () => new Date(now) }).directory();
    expect(week.ran[0]!.params.filter((p) => p === 2026)).toHaveLength(8);
  });

  it('shares the built directory across requests within the TTL, and reads again after it', async () => {
    const engine = new OldDataEngine(agents);
    const memo = new DirectoryMemo(60_000);
    const first = new RequestStats();
    const second = new RequestStats();
    await Promise.all([service(engine, memo, first).directory(), service(engine, memo, second).directory()]);
    expect(engine.ran).toHaveLength(4);
    expect(first.snapshot().backendCalls).toEqual({ duckdb: 4 });
    expect(second.snapshot().backendCalls).toEqual({});
    now += 59_000;
    await service(engine, memo).directory();
    expect(engine.ran).toHaveLength(4);
    now += 2_000;
    await service(engine, memo).directory();
    expect(engine.ran).toHaveLength(8);
  });

  it('does not keep a failed build', async () => {
    const memo = new DirectoryMemo(60_000);
    const failing = new OldDataEngine(agents);
    failing.query = async () => {
      throw new Error('engine down');
    };
    await expect(service(failing, memo).directory()).rejects.toThrow('engine down');
    const engine = new OldDataEngine(agents);
    expect((await service(engine, memo).directory()).agents).toHaveLength(5);
  });

  it('pages agents by username with keyset cursors and checks the page size', async () => {
    const s = service(new OldDataEngine(agents));
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
    const s = service(new OldDataEngine(agents));
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
