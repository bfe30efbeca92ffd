import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latestCtrPerContact } from '../../src/domain/records';
import { generateDemoData } from '../../src/local/demo-data';
import { postQuery, type GraphQLResponse } from '../helpers/graphql-client';
import { readRaw, readRawRecords } from '../helpers/raw-records';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

interface RawCtr {
  ContactId: string;
  LastUpdateTimestamp: string;
  InitiationTimestamp: string;
  DisconnectTimestamp: string | null;
  NextContactId: string | null;
  Agent: {
    ARN: string;
    Username: string;
    ConnectedToAgentTimestamp: string | null;
    AgentInteractionDuration: number | null;
    CustomerHoldDuration: number | null;
    AfterContactWorkDuration: number | null;
  } | null;
  Queue: { ARN: string; Name: string; EnqueueTimestamp: string | null; DequeueTimestamp: string | null; Duration: number | null } | null;
}

interface RawAgentEvent {
  EventId: string;
  EventType: string;
  EventTimestamp: string;
  AgentARN: string;
  CurrentAgentSnapshot: { Configuration: { Username: string } };
}

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);
const inRange = (iso: string | null | undefined, r: { from: string; to: string }): boolean => ms(iso) >= ms(r.from) && ms(iso) < ms(r.to);

/** POSTs a query and fails the test on GraphQL errors. */
async function query<T>(url: string, document: string, variables?: Record<string, unknown>): Promise<{ data: T; body: GraphQLResponse<T> }> {
  const { body } = await postQuery<T>(url, document, variables);
  expect(body.errors).toBeUndefined();
  return { data: body.data as T, body };
}

interface Interval {
  status: string;
  start: string;
  end: string;
  durationSeconds: number;
  activities: { activity: string; start: string; end: string }[];
}

describe('agents, queues and workload over generated data (real DuckDB, dynalite, HTTP)', () => {
  let server: TestServer;
  let ctrs: Map<string, RawCtr>;
  let events: RawAgentEvent[];
  const day = { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-20T00:00:00Z' };
  const secondDay = { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' };

  beforeAll(async () => {
    server = await startTestServer();
    ctrs = latestCtrPerContact(readRaw<RawCtr>(server.dataDir, 'ctr'));
    events = [...new Map(readRaw<RawAgentEvent>(server.dataDir, 'ae').map((e) => [e.EventId, e])).values()];
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the agents of the data set from their newest agent events, and finds one by id, ARN or username', async () => {
    const usernames = [...new Set(events.map((e) => e.CurrentAgentSnapshot.Configuration.Username))].sort();
    const { data } = await query<{ agents: { edges: { node: { id: string; arn: string; username: string; routingProfile: { name: string } | null; hierarchyGroups: { level: number }[] } }[] } }>(
      server.url,
      '{ agents(first: 100) { edges { node { id arn username routingProfile { name } hierarchyGroups { level } } } } }',
    );
    const agents = data.agents.edges.map((e) => e.node);
    expect(agents.map((a) => a.username)).toEqual(usernames);
    expect(agents.every((a) => a.routingProfile !== null && a.hierarchyGroups.length === 3)).toBe(true);
    const one = agents[0]!;
    for (const args of [`id: "${one.id}"`, `id: "${one.arn}"`, `username: "${one.username}"`]) {
      const { data: found } = await query<{ agent: { username: string } | null }>(server.url, `{ agent(${args}) { username } }`);
      expect(found.agent?.username).toBe(one.username);
    }
    const { body: missing } = await postQuery<{ agent: null }>(server.url, '{ agent(username: "no.such.agent") { username } }');
    expect(missing.data?.agent).toBeNull();
    expect(missing.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('rebuilds each agent\'s status history without gaps or overlaps between LOGIN and LOGOUT', async () => {
    const { data, body } = await query<{ agents: { edges: { node: { arn: string; statusHistory: Interval[] } }[] } }>(
      server.url,
      'query($from: DateTimeISO!, $to: DateTimeISO!) { agents(first: 100) { edges { node { arn statusHistory(from: $from, to: $to) { status start end durationSeconds activities { activity start end } } } } } }',
      day,
    );
    // One agent-event query for every agent of the page (plus the directory, unless it is memoized).
    expect(body.extensions?.stats?.backendCalls.duckdb).toBeLessThanOrEqual(3);
    let sessions = 0;
    for (const { node } of data.agents.edges) {
      const history = node.statusHistory;
      for (let i = 1; i < history.length; i++) expect(ms(history[i]!.start)).toBeGreaterThanOrEqual(ms(history[i - 1]!.end));
      for (const interval of history) {
        expect(ms(interval.start)).toBeLessThan(ms(interval.end));
        expect(interval.activities[0]!.start).toBe(interval.start);
        expect(interval.activities.at(-1)!.end).toBe(interval.end);
        expect(interval.durationSeconds).toBeCloseTo((ms(interval.end) - ms(interval.start)) / 1000, 3);
      }
      const marks = events
        .filter((e) => e.AgentARN === node.arn && (e.EventType === 'LOGIN' || e.EventType === 'LOGOUT') && inRange(e.EventTimestamp, day))
        .sort((a, b) => ms(a.EventTimestamp) - ms(b.EventTimestamp));
      for (let i = 0; i + 1 < marks.length; i++) {
        if (marks[i]!.EventType !== 'LOGIN' || marks[i + 1]!.EventType !== 'LOGOUT') continue;
        const login = ms(marks[i]!.EventTimestamp);
        const logout = ms(marks[i + 1]!.EventTimestamp);
        const inside = history.filter((h) => ms(h.end) > login && ms(h.start) < logout);
        expect(ms(inside[0]!.start)).toBe(login);
        expect(ms(inside.at(-1)!.end)).toBe(logout);
        for (let j = 1; j < inside.length; j++) expect(inside[j]!.start).toBe(inside[j - 1]!.end);
        sessions += 1;
      }
    }
    expect(sessions).toBeGreaterThan(0);
  });

  it('counts contacts handled and average handle time like the raw CTRs (latest delivery per contact)', async () => {
    const { data } = await query<{ agents: { edges: { node: { arn: string; statistics: { contactsHandled: number; averageHandleTimeSeconds: number | null; onlineTimeSeconds: number; occupancyPercent: number | null } } }[] } }>(
      server.url,
      'query($from: DateTimeISO!, $to: DateTimeISO!) { agents(first: 100) { edges { node { arn statistics(from: $from, to: $to) { contactsHandled averageHandleTimeSeconds onlineTimeSeconds occupancyPercent } } } } }',
      secondDay,
    );
    let total = 0;
    for (const { node } of data.agents.edges) {
      const handled = [...ctrs.values()].filter((c) => c.Agent?.ARN === node.arn && inRange(c.Agent.ConnectedToAgentTimestamp, secondDay));
      expect(node.statistics.contactsHandled).toBe(handled.length);
      const handleTimes = handled.filter((c) => c.Agent!.AgentInteractionDuration !== null).map((c) => c.Agent!.AgentInteractionDuration! + (c.Agent!.CustomerHoldDuration ?? 0) + (c.Agent!.AfterContactWorkDuration ?? 0));
      if (handleTimes.length === 0) expect(node.statistics.averageHandleTimeSeconds).toBeNull();
      else expect(node.statistics.averageHandleTimeSeconds).toBeCloseTo(handleTimes.reduce((a, b) => a + b, 0) / handleTimes.length, 6);
      total += handled.length;
    }
    expect(total).toBeGreaterThan(100);
  });

  it('computes queue statistics (handled, abandoned, service level at 20 s) like the raw CTRs', async () => {
    const { data, body } = await query<{ queues: { arn: string; name: string; statistics: { contactsQueued: number; contactsHandled: number; contactsAbandoned: number; serviceLevels: { thresholdSeconds: number; contactsWithinThreshold: number; percent: number | null }[] } }[] }>(
      server.url,
      'query($from: DateTimeISO!, $to: DateTimeISO!) { queues { arn name statistics(from: $from, to: $to, serviceLevelThresholds: [20]) { contactsQueued contactsHandled contactsAbandoned serviceLevels { thresholdSeconds contactsWithinThreshold percent } } } }',
      secondDay,
    );
    expect(data.queues.map((q) => q.name)).toEqual(['BasicQueue', 'Billing', 'Sales', 'Support']);
    expect(body.extensions?.stats?.cacheMisses).toBeLessThanOrEqual(3);
    let abandonedSeen = 0;
    for (const q of data.queues) {
      const mine = [...ctrs.values()].filter((c) => c.Queue?.ARN === q.arn);
      const queued = mine.filter((c) => inRange(c.Queue!.EnqueueTimestamp, secondDay));
      const handled = mine.filter((c) => c.Agent !== null && inRange(c.Agent.ConnectedToAgentTimestamp, secondDay));
      const abandoned = mine.filter((c) => c.Queue!.EnqueueTimestamp && c.Agent === null && c.NextContactId === null && inRange(c.Queue!.DequeueTimestamp ?? c.DisconnectTimestamp, secondDay));
      const within20 = queued.filter((c) => c.Queue!.DequeueTimestamp !== null && (c.Queue!.Duration ?? Infinity) <= 20);
      expect(q.statistics).toEqual({
        contactsQueued: queued.length,
        contactsHandled: handled.length,
        contactsAbandoned: abandoned.length,
        serviceLevels: [{ thresholdSeconds: 20, contactsWithinThreshold: within20.length, percent: queued.length === 0 ? null : (within20.length / queued.length) * 100 }],
      });
      abandonedSeen += abandoned.length;
    }
    expect(abandonedSeen).toBeGreaterThan(0);
  });

  it('splits workload at 15-minute edges: per agent, the status time adds up to the status history inside the range, talk time to the CTRs', async () => {
    const range = { from: '2026-11-19T15:07:00Z', to: '2026-11-20T15:07:00Z' };
    const { data } = await query<{
      workload: { agentId: string; username: string; intervalStart: string; intervalEnd: string; localIntervalStart: string; activityTimeSeconds: number; statuses: { activityTimeSeconds: number }[]; talkTimeSeconds: number; parallelConversations: number }[];
      agents: { edges: { node: { id: string; arn: string; statusHistory: Interval[] } }[] };
    }>(
      server.url,
      `query($from: DateTimeISO!, $to: DateTimeISO!) {
        workload(from: $from, to: $to, timeZone: "America/New_York", interval: FIFTEEN_MIN) { agentId username intervalStart intervalEnd localIntervalStart activityTimeSeconds statuses { activityTimeSeconds } talkTimeSeconds parallelConversations }
        agents(first: 100) { edges { node { id arn statusHistory(from: $from, to: $to) { status start end durationSeconds activities { activity start end } } } } }
      }`,
      range,
    );
    expect(data.workload.length).toBeGreaterThan(100);
    for (const row of data.workload) {
      expect(ms(row.intervalEnd) - ms(row.intervalStart)).toBe(15 * 60_000);
      expect(row.localIntervalStart).toMatch(/:(00|15|30|45):00-05:00$/);
      expect(row.activityTimeSeconds).toBeLessThanOrEqual(900);
      expect(row.activityTimeSeconds).toBeCloseTo(row.statuses.reduce((n, s) => n + s.activityTimeSeconds, 0), 3);
    }
    for (const { node } of data.agents.edges) {
      const rows = data.workload.filter((w) => w.agentId === node.id);
      const workloadSeconds = rows.reduce((n, w) => n + w.activityTimeSeconds, 0);
      const historySeconds = node.statusHistory.reduce((n, h) => n + h.durationSeconds, 0);
      expect(workloadSeconds).toBeCloseTo(historySeconds, 2);
      const talkSeconds = [...ctrs.values()]
        .filter((c) => c.Agent?.ARN === node.arn && c.Agent.ConnectedToAgentTimestamp && c.DisconnectTimestamp)
        .reduce((n, c) => n + Math.max(0, Math.min(ms(c.DisconnectTimestamp), ms(range.to)) - Math.max(ms(c.Agent!.ConnectedToAgentTimestamp), ms(range.from))) / 1000, 0);
      expect(rows.reduce((n, w) => n + w.talkTimeSeconds, 0)).toBeCloseTo(talkSeconds, 2);
    }
    expect(data.workload.some((w) => w.parallelConversations >= 2)).toBe(true);
  });

  it('lists an agent\'s contacts and a queue\'s contacts through the contact list', async () => {
    const { data } = await query<{ agent: { username: string; contacts: { edges: { node: { agent: { username: string } | null } }[] } }; queue: { name: string; contacts: { edges: { node: { queue: { name: string } | null } }[] } } }>(
      server.url,
      `query($from: DateTimeISO!, $to: DateTimeISO!) {
        agent(username: "${events[0]!.CurrentAgentSnapshot.Configuration.Username}") { username contacts(from: $from, to: $to, first: 500) { edges { node { agent { username } } } } }
        queue(name: "Sales") { name contacts(from: $from, to: $to, first: 500) { edges { node { queue { name } } } } }
      }`,
      secondDay,
    );
    expect(data.agent.contacts.edges.length).toBeGreaterThan(0);
    expect(data.agent.contacts.edges.every((e) => e.node.agent?.username === data.agent.username)).toBe(true);
    expect(data.queue.contacts.edges.length).toBeGreaterThan(0);
    expect(data.queue.contacts.edges.every((e) => e.node.queue?.name === 'Sales')).toBe(true);
  });

  it.each([
    ['a workload range over the intraday limit', '{ workload(from: "2026-11-17T00:00:00Z", to: "2026-11-21T00:00:00Z") { agentId } }', 'RANGE_TOO_LARGE', /at most 3 days/],
    ['an unknown time zone', '{ workload(from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z", timeZone: "Mars/Olympus") { agentId } }', 'BAD_USER_INPUT', /IANA time zone/],
    ['an unknown agent in agentIds', '{ workload(from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z", agentIds: ["nobody"]) { agentId } }', 'BAD_USER_INPUT', /Unknown agents.*nobody/],
    ['both id and username', '{ agent(id: "x", username: "y") { id } }', 'BAD_USER_INPUT', /exactly one/],
    ['a service-level threshold of 0', '{ queues { statistics(from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z", serviceLevelThresholds: [0]) { contactsQueued } } }', 'BAD_USER_INPUT', /604800/],
    ['a page size over the maximum', '{ agents(first: 100000) { edges { cursor } } }', 'BAD_USER_INPUT', /500/],
  ])('rejects %s with a code and a message', async (_name, document, code, message) => {
    const { body } = await postQuery(server.url, document);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(body.errors?.[0]?.message).toMatch(message);
  });
});

describe('a server with 60 agents and a one-day intraday limit', () => {
  let root: string;
  let server: TestServer;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'agents-state-'));
    const dataDir = path.join(root, 'data');
    await generateDemoData({ outDir: dataDir, days: 2, agents: 60, seed: 'agent-state-batch', start: '2026-11-19', gzip: true, progress: false });
    // A one-day intraday limit, to see workload follow the configuration.
    server = await startTestServer({ DATA_DIR: dataDir, MAX_METRICS_RANGE_DAYS_INTRADAY: '1' });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads the live state of 50 agents with one DynamoDB call', async () => {
    // Live state for three agents of the page: one of their published events each (parsed until found; the file is large).
    const { data: page } = await query<{ agents: { edges: { node: { arn: string } }[] } }>(server.url, '{ agents(first: 50) { edges { node { arn } } } }');
    const wanted = new Set(page.agents.edges.slice(0, 20).map((e) => e.node.arn));
    const live: RawAgentEvent[] = [];
    for (const { record: e, partition } of readRawRecords<RawAgentEvent>(server.dataDir, 'ae')) {
      if (live.length === 3) break;
      if (partition === '2026-11-19' && wanted.has(e.AgentARN) && !live.some((l) => l.AgentARN === e.AgentARN)) live.push(e);
    }
    expect(live).toHaveLength(3);
    const res = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(live) });
    expect(res.status).toBe(200);

    const { data, body } = await query<{ agents: { edges: { node: { username: string; state: { username: string; lastEventId: string } | null } }[] } }>(
      server.url,
      '{ agents(first: 50) { edges { node { username state { username lastEventId } } } } }',
    );
    expect(data.agents.edges).toHaveLength(50);
    expect(body.extensions?.stats?.backendCalls.dynamodb).toBe(1);
    const withState = data.agents.edges.filter((e) => e.node.state !== null).map((e) => e.node);
    expect(withState.map((n) => n.state!.lastEventId).sort()).toEqual(live.map((e) => e.EventId).sort());
    expect(withState.every((n) => n.state!.username === n.username)).toBe(true);
  });

  it('limits workload to the configured intraday range (MAX_METRICS_RANGE_DAYS_INTRADAY)', async () => {
    const { body } = await postQuery(server.url, '{ workload(from: "2026-11-19T00:00:00Z", to: "2026-11-20T12:00:00Z", interval: HOUR) { agentId } }');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'RANGE_TOO_LARGE', maxDays: 1, interval: 'HOUR' });
    expect(body.errors?.[0]?.message).toMatch(/for workload at HOUR intervals at most 1 day may be read in one request \(MAX_METRICS_RANGE_DAYS_INTRADAY\)/);
    const { data } = await query<{ workload: { agentId: string }[] }>(server.url, '{ workload(from: "2026-11-19T12:00:00Z", to: "2026-11-20T12:00:00Z", interval: HOUR) { agentId } }');
    expect(data.workload.length).toBeGreaterThan(0);
  });
});
