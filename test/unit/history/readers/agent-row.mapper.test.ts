import { parseQueues, toAgentDirectoryEntry, toAgentEventPoint, toContactSpan } from '../../../../src/history/readers/agent-row.mapper';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/i-1';

describe('agent row mappers', () => {
  it('reads an event row: status type inferred when absent, contacts from the joined list', () => {
    const point = toAgentEventPoint({
      agent_arn: `${INSTANCE}/agent/a-1`,
      event_id: 'e-1',
      event_type: 'STATE_CHANGE',
      event_timestamp: '2026-11-19T10:00:05.000Z',
      status_name: 'Lunch',
      status_type: null,
      status_arn: null,
      status_start: '2026-11-19T10:00:00.000Z',
      contacts: 'c-1|CONNECTED|2026-11-19T09:58:00.000Z|INBOUND;c-2|ENDED|2026-11-19T09:59:00.000Z|',
    });
    expect(point).toEqual({
      eventId: 'e-1',
      eventType: 'STATE_CHANGE',
      timestampMs: Date.parse('2026-11-19T10:00:05.000Z'),
      status: { name: 'Lunch', type: 'CUSTOM', arn: null },
      statusStartMs: Date.parse('2026-11-19T10:00:00.000Z'),
      contacts: [
        { contactId: 'c-1', state: 'CONNECTED', stateSinceMs: Date.parse('2026-11-19T09:58:00.000Z'), initiationMethod: 'INBOUND' },
        { contactId: 'c-2', state: 'ENDED', stateSinceMs: Date.parse('2026-11-19T09:59:00.000Z'), initiationMethod: null },
      ],
    });
  });

  it('reads an empty contact list (Athena returns the empty string) and skips a row without a time', () => {
    const row = { agent_arn: 'x', event_id: 'e', event_type: 'HEART_BEAT', event_timestamp: '2026-11-19T10:00:00.000Z', status_name: 'Available', status_type: 'ROUTABLE', status_arn: 'arn:s', status_start: null, contacts: '' };
    expect(toAgentEventPoint(row)?.contacts).toEqual([]);
    expect(toAgentEventPoint(row)?.statusStartMs).toBe(Date.parse('2026-11-19T10:00:00.000Z'));
    expect(toAgentEventPoint({ ...row, event_timestamp: 'not a time' })).toBeNull();
  });

  it('reads inbound queues, an agent queue having no name', () => {
    expect(parseQueues(`${INSTANCE}/queue/agent/a-1|;${INSTANCE}/queue/q-1|Sales`)).toEqual([
      { arn: `${INSTANCE}/queue/agent/a-1`, name: null },
      { arn: `${INSTANCE}/queue/q-1`, name: 'Sales' },
    ]);
    expect(parseQueues(null)).toEqual([]);
  });

  it('leaves out a directory row without a readable agent ARN or username', () => {
    const row = {
      agent_arn: 'not-an-arn',
      instance_arn: null,
      last_event_timestamp: '2026-11-19T10:00:00.000Z',
      username: 'ann',
      first_name: null,
      last_name: null,
      routing_profile_arn: null,
      routing_profile_name: null,
      inbound_queues: null,
      hierarchy_level_1_arn: null,
      hierarchy_level_1_name: null,
      hierarchy_level_2_arn: null,
      hierarchy_level_2_name: null,
      hierarchy_level_3_arn: null,
      hierarchy_level_3_name: null,
      hierarchy_level_4_arn: null,
      hierarchy_level_4_name: null,
      hierarchy_level_5_arn: null,
      hierarchy_level_5_name: null,
    };
    expect(toAgentDirectoryEntry(row)).toBeNull();
    expect(toAgentDirectoryEntry({ ...row, agent_arn: `${INSTANCE}/agent/a-1`, username: null })).toBeNull();
    expect(toAgentDirectoryEntry({ ...row, agent_arn: `${INSTANCE}/agent/a-1` })).toMatchObject({ agentId: 'a-1', instanceArn: INSTANCE, routingProfile: null });
  });

  it('makes talk connected → disconnect and wrap-up ACW start → end, dropping empty or missing spans', () => {
    const base = { agent_arn: 'a', contact_id: 'c', channel: 'VOICE', connected_to_agent_timestamp: '2026-11-19T10:00:00Z', disconnect_timestamp: '2026-11-19T10:05:00Z', after_contact_work_start_timestamp: '2026-11-19T10:05:00Z', after_contact_work_end_timestamp: '2026-11-19T10:06:00Z' };
    expect(toContactSpan(base)).toEqual({
      contactId: 'c',
      talk: { startMs: Date.parse('2026-11-19T10:00:00Z'), endMs: Date.parse('2026-11-19T10:05:00Z') },
      wrapUp: { startMs: Date.parse('2026-11-19T10:05:00Z'), endMs: Date.parse('2026-11-19T10:06:00Z') },
    });
    expect(toContactSpan({ ...base, disconnect_timestamp: null, after_contact_work_end_timestamp: '2026-11-19T10:05:00Z' })).toMatchObject({ talk: null, wrapUp: null });
  });
});
