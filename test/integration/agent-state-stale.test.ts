/**
 * `AgentState.stale` through the real server: an agent Connect has not reported for more than twice
 * the heartbeat period while logged in is flagged, computed when read; one heard from recently, one
 * who logged out, and one Offline are not. Events are POSTed to /ingest/agent-events with times
 * relative to now (the flag is about the server's clock).
 */
import { postQuery } from '../helpers/graphql-client';
import { agentEventRecord } from '../helpers/kinesis-factories';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ AGENT_HEARTBEAT_PERIOD_SECONDS: '120', AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS: '90' });
});
afterAll(async () => {
  await server?.stop();
});

function event(username: string, secondsAgo: number, type = 'STATE_CHANGE', statusName = 'Available') {
  const timestamp = new Date(Date.now() - secondsAgo * 1000).toISOString();
  return agentEventRecord({ agentId: `stale-test-${username}`, username, statusName, contacts: [], EventId: `${username}-${type}-${secondsAgo}`, EventTimestamp: timestamp, EventType: type });
}

it('flags exactly the logged-in agents not heard from for more than 2 × AGENT_HEARTBEAT_PERIOD_SECONDS', async () => {
  const records = [
    event('fresh', 30),
    event('silent', 300),
    event('beating', 400),
    event('beating', 100, 'HEART_BEAT'), // a heartbeat counts as being heard from
    event('gone', 900, 'LOGOUT'),
    event('offline', 900, 'STATE_CHANGE', 'Offline'),
  ];
  const res = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records) });
  expect(res.status).toBe(200);

  const { body } = await postQuery<{ agentStates: { username: string; stale: boolean }[] }>(server.url, '{ agentStates { username stale } }');
  expect(body.errors).toBeUndefined();
  const stale = Object.fromEntries(body.data!.agentStates.filter((s) => ['fresh', 'silent', 'beating', 'gone', 'offline'].includes(s.username)).map((s) => [s.username, s.stale]));
  expect(stale).toEqual({ fresh: false, silent: true, beating: false, gone: false, offline: false });
});
