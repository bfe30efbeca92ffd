import fc from 'fast-check';
import type { AgentActivity, AgentState } from '../../../src/domain/agent-state';
import {
  AgentStateError,
  agentIdFromArn,
  agentKeyOf,
  applyEvents,
  compareCodePoints,
  compareEventOrder,
  deriveActivity,
  instanceArnFromAgentArn,
  isUnknownContactState,
  normalizeTimestamp,
  stateFromEvent,
  statusClassOf,
  visiblyEqual,
} from '../../../src/domain/agent-state.reducer';
import { parseAgentEvent, type AgentEventRecord } from '../../../src/domain/records';
import { fixtureJson, fixtureText, stripPublishingArtifacts } from './records/published-fixtures';

// --- the published examples -------------------------------------------------------------------

const blogEvent = (): AgentEventRecord => parseAgentEvent(fixtureJson('seed-examples/agent-event-blog-example.json'));

/** An AWS doc example, after the documented minimal repair (comments and trailing commas removed). */
const docEvent = (file: string): AgentEventRecord => parseAgentEvent(JSON.parse(stripPublishingArtifacts(fixtureText(`real/${file}`))));

/** The HEART_BEAT doc example also closes CurrentAgentSnapshot one brace early; that brace is dropped (as in the record test). */
const heartbeatDocEvent = (): AgentEventRecord =>
  parseAgentEvent(
    JSON.parse(
      stripPublishingArtifacts(fixtureText('real/ae-heart-beat-aws-docs-sample-agent-event-stream.as-published.txt')).replace(
        /\}\s*\}\s*,\s*"Configuration"/,
        '},\n"Configuration"',
      ),
    ),
  );

/** The same event with another type, time and id (and optionally the previous snapshot as current). */
function variant(event: AgentEventRecord, change: { type?: AgentEventRecord['EventType']; timestamp: string; id: string; usePrevious?: boolean }): AgentEventRecord {
  return parseAgentEvent({
    ...event,
    EventType: change.type ?? event.EventType,
    EventTimestamp: change.timestamp,
    EventId: change.id,
    CurrentAgentSnapshot: change.usePrevious ? event.PreviousAgentSnapshot : event.CurrentAgentSnapshot,
  });
}

describe('stateFromEvent and applyEvents on the published examples', () => {
  it('blog STATE_CHANGE: CONNECTING → CONNECTED in BasicQueue while "Available" is ON_CONTACT', () => {
    const event = blogEvent();
    const state = stateFromEvent(event);
    expect(state).toMatchObject({
      instanceArn: 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e',
      agentId: '6ce798d2-7fa8-4578-827a-5b43ae17b33f',
      username: 'dan',
      firstName: 'Dan',
      lastName: 'Bloy',
      status: { name: 'Available', type: 'ROUTABLE', since: '2019-02-13T11:11:38.038Z' },
      nextStatus: null,
      activity: 'ON_CONTACT',
      lastEvent: { id: 'fd663051-a2bf-4d33-8ea0-1e9443abfb3a', type: 'STATE_CHANGE', timestamp: '2019-02-13T11:11:53.053Z' },
      lastHeartbeatAt: null,
    });
    expect(state.contacts).toEqual([
      {
        contactId: 'e7919b58-9a32-4c48-a3a8-9521fa2dec2c',
        initialContactId: null,
        channel: 'VOICE',
        state: 'CONNECTED',
        stateSince: '2019-02-13T11:11:53.053Z',
        queue: { arn: 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e/queue/121588f7-596c-4147-9248-6858ed704a73', name: 'BasicQueue' },
        initiationMethod: 'INBOUND',
        connectedToAgentAt: '2019-02-13T11:11:53.053Z',
        queuedAt: '2019-02-13T11:11:46.046Z',
      },
    ]);
    expect(state.routingProfile).toEqual({
      arn: 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e/routing-profile/12e39435-6c3d-468d-975f-08ad53fc4f9d',
      name: 'Basic Routing Profile',
      inboundQueues: [{ arn: 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e/queue/121588f7-596c-4147-9248-6858ed704a73', name: 'BasicQueue', channels: [] }],
      concurrency: [],
    });
    expect(state.hierarchy).toEqual([null, null, null, null, null]);
  });

  it('blog: the CONNECTING snapshot is INCOMING; CONNECTED wins in either delivery order', () => {
    const connected = blogEvent();
    const connecting = variant(connected, { timestamp: '2019-02-13T11:11:47.047Z', id: 'connecting-event', usePrevious: true });
    expect(stateFromEvent(connecting).activity).toBe('INCOMING');

    const inOrder = applyEvents(applyEvents(null, [connecting]).state, [connected]);
    expect(inOrder.change).toBe('changed');
    expect(inOrder.state?.activity).toBe('ON_CONTACT');

    const first = applyEvents(null, [connected]);
    const late = applyEvents(first.state, [connecting]);
    expect(late.change).toBe('none');
    expect(late.state).toBe(first.state);
    expect(late.state?.activity).toBe('ON_CONTACT');
  });

  it('doc ACW examples: ENDED is AFTER_CONTACT_WORK, then AVAILABLE when ACW is cleared', () => {
    const ended = docEvent('ae-state-change-aws-docs-acw-contact-ended.as-published.txt');
    const cleared = docEvent('ae-state-change-aws-docs-acw-cleared.as-published.txt');
    const acw = applyEvents(null, [ended]);
    expect(acw.change).toBe('changed');
    expect(acw.state).toMatchObject({ activity: 'AFTER_CONTACT_WORK', status: { name: 'Available', type: 'ROUTABLE' } });
    expect(acw.state?.contacts).toMatchObject([{ contactId: 'ContactId-1', state: 'ENDED', initiationMethod: 'OUTBOUND', queuedAt: null }]);
    expect(acw.state?.routingProfile?.inboundQueues.map((q) => q.name)).toEqual(['BasicQueue', 'PrimaryQueue']);

    const free = applyEvents(acw.state, [cleared]);
    expect(free.change).toBe('changed');
    expect(free.state).toMatchObject({ activity: 'AVAILABLE', contacts: [], lastEvent: { id: '477f2c4f-cd1a-4785-b1a8-97023dc1229d' } });

    // The previous snapshot of the ENDED event is the call itself.
    expect(stateFromEvent(variant(ended, { timestamp: '2019-05-25T18:55:21.011Z', id: 'call', usePrevious: true })).activity).toBe('ON_CONTACT');
    // Delivered the other way round, the older ENDED event changes nothing.
    const reversed = applyEvents(applyEvents(null, [cleared]).state, [ended]);
    expect(reversed.change).toBe('none');
    expect(reversed.state?.activity).toBe('AVAILABLE');
  });

  it('doc HEART_BEAT example: AVAILABLE with next status Lunch, liveness set, agent queue without a name', () => {
    const state = stateFromEvent(heartbeatDocEvent());
    expect(state).toMatchObject({
      activity: 'AVAILABLE',
      nextStatus: 'Lunch',
      status: { name: 'Available', type: 'ROUTABLE', arn: 'example-ARN' },
      lastEvent: { id: 'EventId-1', type: 'HEART_BEAT', timestamp: '2019-08-13T20:58:44.031Z' },
      lastHeartbeatAt: '2019-08-13T20:58:44.031Z',
      username: 'aestest',
      agentId: 'agent-ARN',
    });
    expect(state.routingProfile?.inboundQueues[0]).toEqual({
      arn: 'arn:aws:connect:us-west-2:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/queue/agent/agent-ARN',
      name: null,
      channels: ['VOICE', 'CHAT'],
    });
    expect(state.routingProfile?.concurrency).toEqual([
      { channel: 'CHAT', maximumSlots: 3, availableSlots: 3 },
      { channel: 'VOICE', maximumSlots: 1, availableSlots: 1 },
    ]);
  });

  it('visiblyEqual ignores only liveness, counts array order, and takes an undefined field as absent', () => {
    const state = applyEvents(null, [heartbeatDocEvent()]).state!;
    const copy = JSON.parse(JSON.stringify(state)) as AgentState;
    expect(visiblyEqual(state, { ...copy, lastEvent: { id: 'other', type: 'STATE_CHANGE', timestamp: '2030-01-01T00:00:00.000Z' }, lastHeartbeatAt: null })).toBe(true);
    expect(visiblyEqual(state, { ...copy, extra: undefined } as AgentState)).toBe(true);
    expect(visiblyEqual({ ...copy, extra: undefined } as AgentState, state)).toBe(true);
    expect(visiblyEqual(state, { ...copy, extra: 0 } as AgentState)).toBe(false);
    expect(visiblyEqual({ ...copy, extra: null } as AgentState, state)).toBe(false);
    expect(visiblyEqual(state, { ...copy, status: { ...copy.status, since: '2030-01-01T00:00:00.000Z' } })).toBe(false);
    const queues = copy.routingProfile!.inboundQueues;
    expect(queues.length).toBeGreaterThan(1);
    expect(visiblyEqual(state, { ...copy, routingProfile: { ...copy.routingProfile!, inboundQueues: [...queues].reverse() } })).toBe(false);
    expect(visiblyEqual(state, { ...copy, hierarchy: [...copy.hierarchy, null] })).toBe(false);
  });

  it('a heartbeat showing the same state only moves liveness (heartbeat); one showing another state is a change', () => {
    const heartbeat = heartbeatDocEvent();
    const setLunchNext = variant(heartbeat, { type: 'STATE_CHANGE', timestamp: '2019-08-13T20:58:00.004Z', id: 'next-status-set' });
    const before = applyEvents(null, [setLunchNext]);
    expect(before.state?.lastHeartbeatAt).toBeNull();

    const beat = applyEvents(before.state, [heartbeat]);
    expect(beat.change).toBe('heartbeat');
    expect(visiblyEqual(beat.state!, before.state!)).toBe(true);
    expect(beat.state).toMatchObject({ lastHeartbeatAt: '2019-08-13T20:58:44.031Z', lastEvent: { id: 'EventId-1', type: 'HEART_BEAT' } });

    // The heartbeat's snapshot says Offline while the state says Available: an event was missed.
    const offlineBeat = variant(heartbeat, { timestamp: '2019-08-13T21:00:44.031Z', id: 'EventId-2', usePrevious: true });
    const missed = applyEvents(beat.state, [offlineBeat]);
    expect(missed.change).toBe('changed');
    expect(missed.state).toMatchObject({ activity: 'OFFLINE', status: { name: 'Offline', type: 'OFFLINE' }, lastHeartbeatAt: '2019-08-13T21:00:44.031Z' });
  });

  it('a stale heartbeat still raises lastHeartbeatAt, without touching the state', () => {
    const heartbeat = heartbeatDocEvent();
    const later = variant(heartbeat, { type: 'STATE_CHANGE', timestamp: '2019-08-13T21:30:00.000Z', id: 'later' });
    const current = applyEvents(null, [later]).state!;
    const result = applyEvents(current, [heartbeat]);
    expect(result.change).toBe('heartbeat');
    expect(result.state).toEqual({ ...current, lastHeartbeatAt: '2019-08-13T20:58:44.031Z' });
    expect(applyEvents(result.state, [heartbeat])).toEqual({ state: result.state, change: 'none' });
  });

  it('LOGOUT is OFFLINE with no contacts, whatever the snapshot still lists', () => {
    const logout = variant(blogEvent(), { type: 'LOGOUT', timestamp: '2019-02-13T12:00:00.000Z', id: 'logout' });
    const state = stateFromEvent(logout);
    expect(state.activity).toBe('OFFLINE');
    expect(state.contacts).toEqual([]);
    expect(applyEvents(stateFromEvent(blogEvent()), [logout]).change).toBe('changed');
  });

  it('duplicates are no-ops that return the current state object', () => {
    const event = blogEvent();
    const first = applyEvents(null, [event, event]);
    expect(first.change).toBe('changed');
    expect(applyEvents(first.state, [event, event])).toEqual({ state: first.state, change: 'none' });
    expect(applyEvents(first.state, [])).toEqual({ state: first.state, change: 'none' });
    expect(applyEvents(null, [])).toEqual({ state: null, change: 'none' });
  });

  it('refuses events of another agent', () => {
    const dan = blogEvent();
    const other = parseAgentEvent({ ...dan, AgentARN: dan.AgentARN.replace(/agent\/.*$/, 'agent/someone-else') });
    expect(() => applyEvents(stateFromEvent(dan), [other])).toThrow(expect.objectContaining({ code: 'AGENT_MISMATCH' }));
    expect(() => applyEvents(null, [dan, other])).toThrow(AgentStateError);
  });
});

// --- values Connect adds later ------------------------------------------------------------------

// Reference connect-schemas.md §7 quirk 12 ("Enumerations grow"): custom statuses are typed CUSTOM,
// older events carry no Type, and channels, initiation methods, contact states and event types gain
// values. The events are the AWS blog's STATE_CHANGE example (fixtures/seed-examples) with those
// fields changed; the reducer keeps every value as sent and applies its documented rules.
describe('stateFromEvent with values Connect adds (quirk 12)', () => {
  const withSnapshot = (change: { status?: Record<string, unknown>; contacts?: Record<string, unknown>[] }, eventType?: string): AgentEventRecord => {
    const event = fixtureJson('seed-examples/agent-event-blog-example.json') as { CurrentAgentSnapshot: { AgentStatus: object; Contacts: object[] } };
    const snapshot = event.CurrentAgentSnapshot;
    return parseAgentEvent({
      ...event,
      ...(eventType ? { EventType: eventType } : {}),
      CurrentAgentSnapshot: {
        ...snapshot,
        AgentStatus: { ...snapshot.AgentStatus, ...change.status },
        Contacts: change.contacts ? change.contacts.map((contact) => ({ ...snapshot.Contacts[0], ...contact })) : snapshot.Contacts,
      },
    });
  };

  it('a custom status typed CUSTOM (Break) reports statusType CUSTOM and is NON_PRODUCTIVE', () => {
    const state = stateFromEvent(withSnapshot({ status: { Name: 'Break', Type: 'CUSTOM' }, contacts: [] }));
    expect(state.status).toMatchObject({ name: 'Break', type: 'CUSTOM' });
    expect(state.activity).toBe('NON_PRODUCTIVE');
  });

  it('a custom status without Type (older events) is typed CUSTOM from its name; Available and Offline by theirs', () => {
    expect(stateFromEvent(withSnapshot({ status: { Name: 'Lunch' }, contacts: [] })).status.type).toBe('CUSTOM');
    expect(stateFromEvent(withSnapshot({ status: { Name: 'Offline' }, contacts: [] }))).toMatchObject({ status: { type: 'OFFLINE' }, activity: 'OFFLINE' });
    expect(stateFromEvent(blogEvent()).status.type).toBe('ROUTABLE');
  });

  it('a status type it does not know is reported as sent, and the agent is not routable', () => {
    const state = stateFromEvent(withSnapshot({ status: { Name: 'Coaching', Type: 'SUPERVISED' }, contacts: [] }));
    expect(state.status).toMatchObject({ name: 'Coaching', type: 'SUPERVISED' });
    expect(state.activity).toBe('NON_PRODUCTIVE');
    expect(statusClassOf(state.status)).toBe('UNKNOWN');
  });

  it('an unknown contact state, channel and initiation method are listed as sent, and the contact occupies the agent', () => {
    const state = stateFromEvent(withSnapshot({ contacts: [{ State: 'RINGING_V2', Channel: 'VIDEO', InitiationMethod: 'WEBRTC_API' }] }));
    expect(state.contacts).toEqual([expect.objectContaining({ state: 'RINGING_V2', channel: 'VIDEO', initiationMethod: 'WEBRTC_API' })]);
    expect(state.activity).toBe('ON_CONTACT');
    expect(isUnknownContactState('RINGING_V2')).toBe(true);
    expect(isUnknownContactState('PAUSED')).toBe(false);
  });

  it('an EMAIL contact in a documented state counts like any other channel', () => {
    const state = stateFromEvent(withSnapshot({ contacts: [{ State: 'CONNECTED', Channel: 'EMAIL', InitiationMethod: 'AGENT_REPLY' }] }));
    expect(state).toMatchObject({ activity: 'ON_CONTACT', contacts: [{ channel: 'EMAIL', initiationMethod: 'AGENT_REPLY' }] });
  });

  it('an event type it does not know is read like a STATE_CHANGE: its snapshot is the state, its type is kept', () => {
    const state = stateFromEvent(withSnapshot({}, 'SESSION_RESUMED'));
    expect(state).toMatchObject({ activity: 'ON_CONTACT', lastEvent: { type: 'SESSION_RESUMED' }, lastHeartbeatAt: null });
    expect(state.contacts).toHaveLength(1);
  });
});

// --- the activity table -----------------------------------------------------------------------

describe('deriveActivity', () => {
  const available = { name: 'Available', type: 'ROUTABLE', since: '2026-01-01T10:00:00.000Z' };
  const offline = { name: 'Offline', type: 'OFFLINE', since: '2026-01-01T10:00:00.000Z' };
  const lunch = { name: 'Lunch', type: 'CUSTOM', since: '2026-01-01T10:00:00.000Z' };
  const c = (state: string, stateSince = '2026-01-01T10:05:00.000Z') => ({ state, stateSince });

  const rows: [string, { name: string; type: string; since?: string }, ReturnType<typeof c>[], AgentActivity][] = [
    ['CONNECTED while Available', available, [c('CONNECTED')], 'ON_CONTACT'],
    ['one chat CONNECTED, another ENDED', available, [c('ENDED'), c('CONNECTED')], 'ON_CONTACT'],
    ['CONNECTED beats on hold and incoming', available, [c('CONNECTED_ONHOLD'), c('CONNECTING'), c('CONNECTED')], 'ON_CONTACT'],
    ['CONNECTED while Offline (status changed during the call)', offline, [c('CONNECTED')], 'ON_CONTACT'],
    ['CONNECTED_ONHOLD', available, [c('CONNECTED_ONHOLD')], 'ON_HOLD'],
    ['a PAUSED task', available, [c('PAUSED')], 'ON_HOLD'],
    ['on hold beats incoming and ACW', available, [c('ENDED'), c('INCOMING'), c('CONNECTED_ONHOLD')], 'ON_HOLD'],
    ['CONNECTING', available, [c('CONNECTING')], 'INCOMING'],
    ['INCOMING', available, [c('INCOMING')], 'INCOMING'],
    ['PENDING (callback)', available, [c('PENDING')], 'INCOMING'],
    ['incoming beats ACW', available, [c('ENDED'), c('CONNECTING')], 'INCOMING'],
    ['ENDED', available, [c('ENDED')], 'AFTER_CONTACT_WORK'],
    ['ENDED while Offline (ACW survives the status change)', offline, [c('ENDED')], 'AFTER_CONTACT_WORK'],
    ['ENDED while Lunch', lunch, [c('ENDED')], 'AFTER_CONTACT_WORK'],
    ['ACW beats a missed contact', available, [c('MISSED'), c('ENDED')], 'AFTER_CONTACT_WORK'],
    ['MISSED, status unchanged since', available, [c('MISSED')], 'MISSED'],
    ['REJECTED, status unchanged since', available, [c('REJECTED')], 'MISSED'],
    ['ERROR (failed connection), status unchanged since', available, [c('ERROR')], 'MISSED'],
    ['MISSED without a status time', { name: 'Available', type: 'ROUTABLE' }, [c('MISSED')], 'MISSED'],
    ['MISSED, then the agent chose Lunch', { ...lunch, since: '2026-01-01T10:06:00.000Z' }, [c('MISSED')], 'NON_PRODUCTIVE'],
    ['MISSED, then the agent chose Available again', { ...available, since: '2026-01-01T10:06:00.000Z' }, [c('MISSED')], 'AVAILABLE'],
    ['Offline, no contacts', offline, [], 'OFFLINE'],
    ['status named Offline whatever its type', { name: 'Offline', type: 'CUSTOM' }, [], 'OFFLINE'],
    ['Available, no contacts', available, [], 'AVAILABLE'],
    ['custom status (Lunch, type CUSTOM)', lunch, [], 'NON_PRODUCTIVE'],
    ['custom status typed NOT_ROUTABLE (stored by earlier versions)', { ...lunch, type: 'NOT_ROUTABLE' }, [], 'NON_PRODUCTIVE'],
    // Quirk 12, the documented rules for values Connect adds later:
    ['unknown status type: not routable unless ROUTABLE', { name: 'Coaching', type: 'SOMETHING_NEW' }, [], 'NON_PRODUCTIVE'],
    ['unknown status type on a status named Available: only the type ROUTABLE routes', { name: 'Available', type: 'ROUTABLE_LIMITED' }, [], 'NON_PRODUCTIVE'],
    ['unknown status type on a status named Offline', { name: 'Offline', type: 'SOMETHING_NEW' }, [], 'OFFLINE'],
    ['unknown contact state while Available: the agent holds it', available, [c('RINGING_V2')], 'ON_CONTACT'],
    ['unknown contact state while Offline or in a custom status', lunch, [c('RINGING_V2')], 'ON_CONTACT'],
    ['unknown contact state never overrides a documented one (hold)', available, [c('RINGING_V2'), c('CONNECTED_ONHOLD')], 'ON_HOLD'],
    ['unknown contact state never overrides a documented one (incoming)', available, [c('RINGING_V2'), c('CONNECTING')], 'INCOMING'],
    ['unknown contact state never overrides a documented one (ACW)', available, [c('ENDED'), c('RINGING_V2')], 'AFTER_CONTACT_WORK'],
    ['unknown contact state never overrides a documented one (missed)', available, [c('RINGING_V2'), c('MISSED')], 'MISSED'],
    ['unknown contact state decides once a missed contact is stale', { ...available, since: '2026-01-01T10:06:00.000Z' }, [c('MISSED'), c('RINGING_V2')], 'ON_CONTACT'],
  ];

  it.each(rows)('%s', (_label, status, contacts, expected) => {
    expect(deriveActivity(status, contacts)).toBe(expected);
  });
});

// --- ordering and ARNs ------------------------------------------------------------------------

describe('event order and ARNs', () => {
  it('orders by instant, then by event id', () => {
    expect(compareEventOrder({ timestamp: '2026-01-01T10:00:00.000Z', id: 'b' }, { timestamp: '2026-01-01T10:00:00.001Z', id: 'a' })).toBeLessThan(0);
    expect(compareEventOrder({ timestamp: '2026-01-01T10:00:00.000Z', id: 'b' }, { timestamp: '2026-01-01T10:00:00.000Z', id: 'a' })).toBeGreaterThan(0);
    expect(compareEventOrder({ timestamp: '2026-01-01T10:00:00.000Z', id: 'a' }, { timestamp: '2026-01-01T10:00:00.000Z', id: 'a' })).toBe(0);
    // Same instant written two ways: the id decides.
    expect(compareEventOrder({ timestamp: '2026-01-01T12:00:00.000+02:00', id: 'a' }, { timestamp: '2026-01-01T10:00:00.000Z', id: 'b' })).toBeLessThan(0);
    expect(normalizeTimestamp('2026-01-01T12:00:00+02:00')).toBe('2026-01-01T10:00:00.000Z');
    expect(() => normalizeTimestamp('yesterday')).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP' }));
  });

  it('accepts exactly the instants of years 0000 to 9999, in ordering as in normalising', () => {
    expect(normalizeTimestamp('0000-01-01T00:00:00.000Z')).toBe('0000-01-01T00:00:00.000Z');
    expect(normalizeTimestamp('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
    for (const outside of ['-000001-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', '2026-13-01T00:00:00.000Z']) {
      expect(() => normalizeTimestamp(outside)).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP' }));
      expect(() => compareEventOrder({ timestamp: outside, id: 'a' }, { timestamp: '2026-01-01T10:00:00.000Z', id: 'a' })).toThrow(
        expect.objectContaining({ code: 'INVALID_TIMESTAMP' }),
      );
    }
    // Ordering compares the instants the normalised forms name, whatever the offset or precision written.
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (a, b) => {
        const ta = new Date(a).toISOString();
        const tb = new Date(b).toISOString();
        expect(Math.sign(compareEventOrder({ timestamp: ta, id: 'x' }, { timestamp: tb, id: 'x' }))).toBe(Math.sign(a - b));
        expect(normalizeTimestamp(ta)).toBe(ta);
      }),
    );
  });

  it('compares ids by code point (UTF-8 byte order, as DynamoDB does), not by UTF-16 unit', () => {
    expect('\u{1F600}' < '\uFF61').toBe(true); // UTF-16 units say smaller …
    expect(compareCodePoints('\u{1F600}', '\uFF61')).toBe(1); // … code points say larger
    expect(compareCodePoints('ab', 'abc')).toBe(-1);
    expect(compareCodePoints('abc', 'ab')).toBe(1);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const bytes = Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
        expect(Math.sign(compareCodePoints(a, b))).toBe(bytes);
      }),
    );
  });

  it('reads agent ids and instance ARNs from agent ARNs', () => {
    const arn = 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e/agent/6ce798d2-7fa8-4578-827a-5b43ae17b33f';
    expect(agentIdFromArn(arn)).toBe('6ce798d2-7fa8-4578-827a-5b43ae17b33f');
    expect(instanceArnFromAgentArn(arn)).toBe('arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e');
    expect(agentKeyOf(blogEvent())).toEqual({ instanceArn: instanceArnFromAgentArn(arn), agentId: '6ce798d2-7fa8-4578-827a-5b43ae17b33f' });
    expect(() => agentIdFromArn('arn:aws:connect:us-west-2:111122223333:instance/x/queue/y')).toThrow(expect.objectContaining({ code: 'INVALID_AGENT_ARN' }));
    expect(() => instanceArnFromAgentArn('agent/6ce798d2')).toThrow(AgentStateError);
  });
});

// --- order independence -----------------------------------------------------------------------

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const STATUSES = {
  Available: { Name: 'Available', Type: 'ROUTABLE' },
  Lunch: { Name: 'Lunch', Type: 'CUSTOM' },
  /** A status type Connect might add (quirk 12). */
  Coaching: { Name: 'Coaching', Type: 'SUPERVISED' },
  Offline: { Name: 'Offline', Type: 'OFFLINE' },
} as const;

interface Step {
  readonly type: AgentEventRecord['EventType'];
  readonly status: keyof typeof STATUSES;
  readonly contacts: readonly { readonly id: string; readonly state: string; readonly channel: 'VOICE' | 'CHAT' }[];
  readonly routingProfile: 0 | 1;
  /** Milliseconds after the previous event (0: same instant, ordered by id). */
  readonly gapMs: number;
  readonly idSeed: string;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  type: fc.constantFrom('LOGIN', 'LOGOUT', 'STATE_CHANGE', 'STATE_CHANGE', 'HEART_BEAT', 'HEART_BEAT'),
  status: fc.constantFrom('Available', 'Lunch', 'Offline', 'Coaching'),
  contacts: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('c1', 'c2', 'c3'),
      // RINGING_V2: a contact state Connect might add (quirk 12).
      state: fc.constantFrom('INCOMING', 'CONNECTING', 'CONNECTED', 'CONNECTED_ONHOLD', 'MISSED', 'ENDED', 'PAUSED', 'RINGING_V2'),
      channel: fc.constantFrom('VOICE', 'CHAT'),
    }),
    { maxLength: 2, selector: (c) => c.id },
  ),
  routingProfile: fc.constantFrom(0, 1),
  gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 180_000 })),
  idSeed: fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme-ascii' }),
});

/** One agent's log in event order: the published shape, validated by the record reader. */
function buildLog(agent: number, steps: readonly Step[]): AgentEventRecord[] {
  const agentArn = `${INSTANCE_ARN}/agent/agent-${agent}`;
  let ms = Date.parse('2026-03-02T08:00:00.000Z');
  return steps.map((step, index) => {
    ms += step.gapMs;
    const at = new Date(ms).toISOString();
    const rp = `${INSTANCE_ARN}/routing-profile/rp-${step.routingProfile}`;
    const queue = (name: string) => ({ ARN: `${INSTANCE_ARN}/queue/${name}`, Name: name });
    return parseAgentEvent({
      AWSAccountId: '111122223333',
      AgentARN: agentArn,
      EventId: `${step.idSeed}-${agent}-${index}`,
      EventTimestamp: at,
      EventType: step.type,
      InstanceARN: INSTANCE_ARN,
      Version: '2019-05-25',
      PreviousAgentSnapshot: null,
      CurrentAgentSnapshot: {
        AgentStatus: { ARN: `${INSTANCE_ARN}/agent-state/${step.status}`, ...STATUSES[step.status], StartTimestamp: at },
        NextAgentStatus: null,
        Configuration: {
          AgentHierarchyGroups: null,
          FirstName: 'Agent',
          LastName: String(agent),
          Username: `agent${agent}`,
          RoutingProfile: {
            ARN: rp,
            Name: `Profile ${step.routingProfile}`,
            InboundQueues: step.routingProfile === 0 ? [queue('Sales')] : [queue('Sales'), queue('Support')],
            DefaultOutboundQueue: queue('Sales'),
          },
        },
        Contacts: step.contacts.map((c) => ({
          Channel: c.channel,
          ConnectedToAgentTimestamp: c.state.startsWith('CONNECTED') || c.state === 'ENDED' ? at : null,
          ContactId: c.id,
          InitialContactId: null,
          InitiationMethod: 'INBOUND',
          Queue: queue('Sales'),
          QueueTimestamp: at,
          State: c.state,
          StateStartTimestamp: at,
        })),
      },
    });
  });
}

/** Logs of 1–3 agents with 1–40 events each, then a delivery: a permutation with duplicates, cut into batches. */
const scenarioArb = fc
  .array(fc.array(stepArb, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 3 })
  .chain((agents) => {
    const log = agents.flatMap((steps, agent) => buildLog(agent, steps));
    const indexes = log.map((_, i) => i);
    return fc.record({
      log: fc.constant(log),
      permutation: fc.shuffledSubarray(indexes, { minLength: indexes.length, maxLength: indexes.length }),
      duplicates: fc.array(fc.tuple(fc.nat(indexes.length - 1), fc.nat(indexes.length)), { maxLength: 15 }),
      cuts: fc.array(fc.boolean(), { minLength: indexes.length + 15, maxLength: indexes.length + 15 }),
    });
  });

const byAgent = (events: readonly AgentEventRecord[]): Map<string, AgentEventRecord[]> => {
  const groups = new Map<string, AgentEventRecord[]>();
  for (const e of events) groups.set(e.AgentARN, [...(groups.get(e.AgentARN) ?? []), e]);
  return groups;
};

describe('applyEvents is independent of delivery order, duplicates and batching', () => {
  it('any permutation with duplicates, in any batches, ends in the state of in-order delivery', () => {
    fc.assert(
      fc.property(scenarioArb, ({ log, permutation, duplicates, cuts }) => {
        // In order: one event at a time, oldest first.
        const inOrder = new Map<string, AgentState | null>();
        const sorted = [...log].sort((a, b) => compareEventOrder({ timestamp: a.EventTimestamp, id: a.EventId }, { timestamp: b.EventTimestamp, id: b.EventId }));
        for (const event of sorted) inOrder.set(event.AgentARN, applyEvents(inOrder.get(event.AgentARN) ?? null, [event]).state);

        // Shuffled, with duplicates inserted, cut into batches; each batch applied per agent.
        const delivery = permutation.map((i) => log[i]!);
        for (const [which, at] of duplicates) delivery.splice(Math.min(at, delivery.length), 0, log[which]!);
        const batches: AgentEventRecord[][] = [[]];
        delivery.forEach((event, i) => {
          if (cuts[i] && batches[batches.length - 1]!.length > 0) batches.push([]);
          batches[batches.length - 1]!.push(event);
        });
        const shuffled = new Map<string, AgentState | null>();
        for (const batch of batches) {
          for (const [agent, events] of byAgent(batch)) {
            const before = shuffled.get(agent) ?? null;
            const { state, change } = applyEvents(before, events);
            // A prefix never regresses lastEvent, and the change kind tells the truth.
            if (before !== null) expect(compareEventOrder(state!.lastEvent, before.lastEvent)).toBeGreaterThanOrEqual(0);
            if (change === 'none') expect(state).toBe(before);
            if (change === 'heartbeat') expect(visiblyEqual(state!, before!)).toBe(true);
            if (change === 'changed' && before !== null) expect(visiblyEqual(state!, before)).toBe(false);
            shuffled.set(agent, state);
          }
        }
        expect(shuffled).toEqual(inOrder);
        // And that state is the newest event's snapshot, with the latest heartbeat.
        for (const [agent, events] of byAgent(log)) {
          const newest = events.reduce((a, b) => (compareEventOrder({ timestamp: a.EventTimestamp, id: a.EventId }, { timestamp: b.EventTimestamp, id: b.EventId }) >= 0 ? a : b));
          const beats = events.filter((e) => e.EventType === 'HEART_BEAT').map((e) => e.EventTimestamp).sort();
          expect(shuffled.get(agent)).toEqual({ ...stateFromEvent(newest), lastHeartbeatAt: beats.at(-1) ?? null });
        }
      }),
      { numRuns: 150 },
    );
  });
});
