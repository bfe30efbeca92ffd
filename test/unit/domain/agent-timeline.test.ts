import { buildStatusHistory, countNonResponses, orderEvents, type AgentEventPoint, type TimelineContact } from '../../../src/domain/agent-timeline';

const T = (hhmmss: string): number => Date.parse(`2026-11-19T${hhmmss}Z`);
const AVAILABLE = { name: 'Available', type: 'ROUTABLE', arn: 'arn:status/available' };
const OFFLINE = { name: 'Offline', type: 'OFFLINE', arn: 'arn:status/offline' };
const LUNCH = { name: 'Lunch', type: 'NOT_ROUTABLE', arn: 'arn:status/lunch' };
const BREAK = { name: 'Break', type: 'NOT_ROUTABLE', arn: 'arn:status/break' };

/** An agent event at `at` carrying `status` (started at `since`) and `contacts`. */
function ev(id: string, type: string, at: string, status: typeof AVAILABLE, since: string, contacts: TimelineContact[] = []): AgentEventPoint {
  return { eventId: id, eventType: type, timestampMs: T(at), status, statusStartMs: T(since), contacts };
}
const contact = (contactId: string, state: string, since: string, initiationMethod = 'INBOUND'): TimelineContact => ({ contactId, state, stateSinceMs: T(since), initiationMethod });
const DAY = { fromMs: T('00:00:00'), toMs: T('23:59:59') + 1000 };

/** A session: LOGIN, Available, a call with hold and ACW, Lunch, Available, Offline, LOGOUT, then a heartbeat after logout. */
const session: AgentEventPoint[] = [
  ev('e01', 'LOGIN', '08:00:00', OFFLINE, '08:00:00'),
  ev('e02', 'STATE_CHANGE', '08:00:10', AVAILABLE, '08:00:10'),
  ev('e03', 'STATE_CHANGE', '08:10:00', AVAILABLE, '08:00:10', [contact('c1', 'CONNECTING', '08:10:00')]),
  ev('e04', 'STATE_CHANGE', '08:10:05', AVAILABLE, '08:00:10', [contact('c1', 'CONNECTED', '08:10:05')]),
  ev('e05', 'HEART_BEAT', '08:12:05', AVAILABLE, '08:00:10', [contact('c1', 'CONNECTED', '08:10:05')]),
  ev('e06', 'STATE_CHANGE', '08:13:00', AVAILABLE, '08:00:10', [contact('c1', 'CONNECTED_ONHOLD', '08:13:00')]),
  ev('e07', 'STATE_CHANGE', '08:14:00', AVAILABLE, '08:00:10', [contact('c1', 'CONNECTED', '08:14:00')]),
  ev('e08', 'STATE_CHANGE', '08:20:00', AVAILABLE, '08:00:10', [contact('c1', 'ENDED', '08:20:00')]),
  ev('e09', 'STATE_CHANGE', '08:21:00', AVAILABLE, '08:00:10'),
  ev('e10', 'STATE_CHANGE', '12:00:00', LUNCH, '12:00:00'),
  ev('e11', 'STATE_CHANGE', '12:30:00', AVAILABLE, '12:30:00'),
  ev('e12', 'STATE_CHANGE', '17:00:00', OFFLINE, '17:00:00'),
  ev('e13', 'LOGOUT', '17:00:12', OFFLINE, '17:00:00'),
  ev('e14', 'HEART_BEAT', '17:02:12', OFFLINE, '17:00:00'),
];

const shape = (history: ReturnType<typeof buildStatusHistory>) =>
  history.map((i) => ({
    status: i.status.name,
    start: new Date(i.startMs).toISOString().slice(11, 19),
    end: new Date(i.endMs).toISOString().slice(11, 19),
    activities: i.activities.map((a) => `${a.activity}@${new Date(a.startMs).toISOString().slice(11, 19)}`),
  }));

/** A deterministic shuffle (so the test is reproducible). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('buildStatusHistory', () => {
  const expected = [
    { status: 'Offline', start: '08:00:00', end: '08:00:10', activities: ['OFFLINE@08:00:00'] },
    {
      status: 'Available',
      start: '08:00:10',
      end: '12:00:00',
      activities: ['AVAILABLE@08:00:10', 'INCOMING@08:10:00', 'ON_CONTACT@08:10:05', 'ON_HOLD@08:13:00', 'ON_CONTACT@08:14:00', 'AFTER_CONTACT_WORK@08:20:00', 'AVAILABLE@08:21:00'],
    },
    { status: 'Lunch', start: '12:00:00', end: '12:30:00', activities: ['NON_PRODUCTIVE@12:00:00'] },
    { status: 'Available', start: '12:30:00', end: '17:00:00', activities: ['AVAILABLE@12:30:00'] },
    { status: 'Offline', start: '17:00:00', end: '17:00:12', activities: ['OFFLINE@17:00:00'] },
  ];

  it('rebuilds status intervals from LOGIN to LOGOUT, each from its start to the next status, with the activities inside', () => {
    expect(shape(buildStatusHistory(session, DAY))).toEqual(expected);
  });

  it('gives the same history for out-of-order, duplicated deliveries', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const delivered = shuffled([...session, ...session.slice(2, 9), session[0] as AgentEventPoint, session[12] as AgentEventPoint], seed);
      expect(shape(buildStatusHistory(delivered, DAY))).toEqual(expected);
    }
  });

  it('leaves no gaps or overlaps between LOGIN and LOGOUT, and activities cover each interval exactly', () => {
    const history = buildStatusHistory(shuffled(session, 7), DAY);
    for (let i = 1; i < history.length; i++) expect(history[i]?.startMs).toBe(history[i - 1]?.endMs);
    expect(history[0]?.startMs).toBe(T('08:00:00'));
    expect(history.at(-1)?.endMs).toBe(T('17:00:12'));
    for (const interval of history) {
      expect(interval.activities[0]?.startMs).toBe(interval.startMs);
      expect(interval.activities.at(-1)?.endMs).toBe(interval.endMs);
      for (let i = 1; i < interval.activities.length; i++) expect(interval.activities[i]?.startMs).toBe(interval.activities[i - 1]?.endMs);
    }
  });

  it('clips to the range and starts with the status in force at its start (set by an earlier event)', () => {
    const history = buildStatusHistory(session, { fromMs: T('08:15:00'), toMs: T('12:10:00') });
    expect(shape(history)).toEqual([
      { status: 'Available', start: '08:15:00', end: '12:00:00', activities: ['ON_CONTACT@08:15:00', 'AFTER_CONTACT_WORK@08:20:00', 'AVAILABLE@08:21:00'] },
      { status: 'Lunch', start: '12:00:00', end: '12:10:00', activities: ['NON_PRODUCTIVE@12:00:00'] },
    ]);
  });

  it('orders two events of the same millisecond by the status they carry (pending status applied when ACW clears)', () => {
    const events = [
      ev('e1', 'STATE_CHANGE', '10:00:00', AVAILABLE, '09:00:00', [contact('c1', 'ENDED', '10:00:00')]),
      // Same instant: "ACW cleared, still Available with Lunch pending" and "Lunch applied"; the ids sort the wrong way round.
      ev('zz', 'STATE_CHANGE', '10:05:00', AVAILABLE, '09:00:00'),
      ev('aa', 'STATE_CHANGE', '10:05:00', LUNCH, '10:05:00'),
      ev('e4', 'STATE_CHANGE', '10:35:00', AVAILABLE, '10:35:00'),
    ];
    expect(shape(buildStatusHistory(events, { fromMs: T('09:30:00'), toMs: T('11:00:00') }))).toEqual([
      { status: 'Available', start: '09:30:00', end: '10:05:00', activities: ['AFTER_CONTACT_WORK@09:30:00'] },
      { status: 'Lunch', start: '10:05:00', end: '10:35:00', activities: ['NON_PRODUCTIVE@10:05:00'] },
      { status: 'Available', start: '10:35:00', end: '11:00:00', activities: ['AVAILABLE@10:35:00'] },
    ]);
  });

  it('treats an agent first seen in a routable or custom status as logged in since that status started', () => {
    // The heartbeat's status started the evening before (Date.parse of 2026-11-18T22:27:04Z).
    const heartbeat = { ...ev('h1', 'HEART_BEAT', '00:01:04', AVAILABLE, '00:00:00'), statusStartMs: Date.parse('2026-11-18T22:27:04Z') };
    const events = [heartbeat, ev('s1', 'STATE_CHANGE', '01:00:00', BREAK, '01:00:00')];
    expect(shape(buildStatusHistory(events, { fromMs: T('00:00:00'), toMs: T('01:30:00') }))).toEqual([
      { status: 'Available', start: '00:00:00', end: '01:00:00', activities: ['AVAILABLE@00:00:00'] },
      { status: 'Break', start: '01:00:00', end: '01:30:00', activities: ['NON_PRODUCTIVE@01:00:00'] },
    ]);
  });

  it('gives nothing for an agent logged out (heartbeats in Offline after a logout, or Offline with no login seen)', () => {
    expect(buildStatusHistory([ev('h', 'HEART_BEAT', '17:30:00', OFFLINE, '17:00:00')], DAY)).toEqual([]);
    expect(buildStatusHistory(session, { fromMs: T('17:01:00'), toMs: T('18:00:00') })).toEqual([]);
  });

  it('ends the status in force at the newest event at the end of the range, or now when that is earlier', () => {
    const events = [ev('l', 'LOGIN', '08:00:00', OFFLINE, '08:00:00'), ev('a', 'STATE_CHANGE', '08:00:10', AVAILABLE, '08:00:10')];
    expect(buildStatusHistory(events, { fromMs: T('08:00:00'), toMs: T('09:00:00') }).at(-1)?.endMs).toBe(T('09:00:00'));
    expect(buildStatusHistory(events, { fromMs: T('08:00:00'), toMs: T('09:00:00') }, T('08:30:00')).at(-1)?.endMs).toBe(T('08:30:00'));
  });

  it('keeps the newer status when a stale snapshot of an older status arrives later at a later timestamp', () => {
    const events = [
      ev('a', 'STATE_CHANGE', '09:00:00', AVAILABLE, '09:00:00'),
      ev('b', 'STATE_CHANGE', '09:10:00', BREAK, '09:10:00'),
      ev('c', 'HEART_BEAT', '09:12:00', AVAILABLE, '09:00:00'),
      ev('d', 'STATE_CHANGE', '09:20:00', AVAILABLE, '09:20:00'),
    ];
    expect(shape(buildStatusHistory(events, { fromMs: T('09:00:00'), toMs: T('09:30:00') })).map((i) => [i.status, i.start, i.end])).toEqual([
      ['Available', '09:00:00', '09:10:00'],
      ['Break', '09:10:00', '09:20:00'],
      ['Available', '09:20:00', '09:30:00'],
    ]);
  });

  it('shows a missed contact as MISSED until the agent picks a status', () => {
    const events = [
      ev('a', 'STATE_CHANGE', '09:00:00', AVAILABLE, '09:00:00'),
      ev('b', 'STATE_CHANGE', '09:05:00', AVAILABLE, '09:00:00', [contact('c1', 'CONNECTING', '09:05:00')]),
      ev('c', 'STATE_CHANGE', '09:05:20', AVAILABLE, '09:00:00', [contact('c1', 'MISSED', '09:05:20')]),
      ev('d', 'STATE_CHANGE', '09:06:00', AVAILABLE, '09:06:00', [contact('c1', 'MISSED', '09:05:20')]),
    ];
    expect(shape(buildStatusHistory(events, { fromMs: T('09:00:00'), toMs: T('09:10:00') }))).toEqual([
      { status: 'Available', start: '09:00:00', end: '09:06:00', activities: ['AVAILABLE@09:00:00', 'INCOMING@09:05:00', 'MISSED@09:05:20'] },
      { status: 'Available', start: '09:06:00', end: '09:10:00', activities: ['AVAILABLE@09:06:00'] },
    ]);
  });
});

describe('orderEvents', () => {
  it('drops duplicate event ids and orders by time, status start, then id', () => {
    const a = ev('b', 'STATE_CHANGE', '09:00:00', AVAILABLE, '08:00:00');
    const b = ev('a', 'STATE_CHANGE', '09:00:00', LUNCH, '09:00:00');
    const c = ev('c', 'STATE_CHANGE', '08:00:00', AVAILABLE, '08:00:00');
    expect(orderEvents([b, a, c, a, c]).map((e) => e.eventId)).toEqual(['c', 'b', 'a']);
  });
});

describe('buildStatusHistory with values Connect adds (quirk 12)', () => {
  it('keeps a status type it does not know as sent, and an unknown contact state shows as ON_CONTACT', () => {
    const coaching = { name: 'Coaching', type: 'SUPERVISED', arn: 'arn:status/coaching' };
    const history = buildStatusHistory(
      [
        ev('u1', 'LOGIN', '08:00:00', OFFLINE, '08:00:00'),
        ev('u2', 'STATE_CHANGE', '08:00:10', AVAILABLE, '08:00:10'),
        ev('u3', 'STATE_CHANGE', '08:05:00', AVAILABLE, '08:00:10', [contact('c1', 'RINGING_V2', '08:05:00', 'WEBRTC_API')]),
        ev('u4', 'STATE_CHANGE', '08:06:00', AVAILABLE, '08:00:10'),
        ev('u5', 'SESSION_RESUMED', '08:10:00', coaching, '08:10:00'),
        ev('u6', 'LOGOUT', '08:20:00', OFFLINE, '08:20:00'),
      ],
      DAY,
    );
    expect(shape(history)).toEqual([
      { status: 'Offline', start: '08:00:00', end: '08:00:10', activities: ['OFFLINE@08:00:00'] },
      { status: 'Available', start: '08:00:10', end: '08:10:00', activities: ['AVAILABLE@08:00:10', 'ON_CONTACT@08:05:00', 'AVAILABLE@08:06:00'] },
      { status: 'Coaching', start: '08:10:00', end: '08:20:00', activities: ['NON_PRODUCTIVE@08:10:00'] },
    ]);
    expect(history[2]?.status.type).toBe('SUPERVISED');
  });
});

describe('countNonResponses', () => {
  const base = (id: string, at: string, contacts: TimelineContact[]) => ev(id, 'STATE_CHANGE', at, AVAILABLE, '08:00:00', contacts);

  it('counts offers missed, rejected, or ended/withdrawn before connecting; not answered or outbound ones', () => {
    const events = [
      // c1: offered then MISSED (a non-response), offered again and answered later.
      base('1', '09:00:00', [contact('c1', 'CONNECTING', '09:00:00')]),
      base('2', '09:00:20', [contact('c1', 'MISSED', '09:00:20')]),
      base('3', '09:01:00', [contact('c1', 'MISSED', '09:00:20')]),
      base('4', '09:05:00', [contact('c1', 'CONNECTING', '09:05:00')]),
      base('5', '09:05:05', [contact('c1', 'CONNECTED', '09:05:05')]),
      base('6', '09:09:00', [contact('c1', 'ENDED', '09:09:00')]),
      base('7', '09:10:00', []),
      // c2: the customer hangs up while it rings (the offer disappears).
      base('8', '09:20:00', [contact('c2', 'CONNECTING', '09:20:00')]),
      base('9', '09:20:08', []),
      // c3: an outbound call the customer does not answer (ENDED before CONNECTED): the agent's own call.
      base('10', '09:30:00', [contact('c3', 'CONNECTING', '09:30:00', 'OUTBOUND')]),
      base('11', '09:30:30', [contact('c3', 'ENDED', '09:30:30', 'OUTBOUND')]),
      base('12', '09:31:00', []),
      // c4: REJECTED.
      base('13', '09:40:00', [contact('c4', 'INCOMING', '09:40:00', 'CALLBACK')]),
      base('14', '09:40:10', [contact('c4', 'REJECTED', '09:40:10', 'CALLBACK')]),
    ];
    expect(countNonResponses(shuffled(events, 3), { fromMs: T('00:00:00'), toMs: T('23:00:00') })).toBe(3);
    expect(countNonResponses(events, { fromMs: T('09:10:00'), toMs: T('23:00:00') })).toBe(2);
  });

  // Quirk 12: a contact state Connect adds later means the agent holds the contact (live state reads it
  // as ON_CONTACT); it never makes a non-response on its own. An unknown initiation method is routed.
  it('treats a contact in a state it does not know as held, and an unknown initiation method as routed', () => {
    const events = [
      // c5: offered, then in a new state, then gone: held, not a non-response.
      base('1', '10:00:00', [contact('c5', 'CONNECTING', '10:00:00', 'WEBRTC_API')]),
      base('2', '10:00:05', [contact('c5', 'RINGING_V2', '10:00:05', 'WEBRTC_API')]),
      base('3', '10:03:00', []),
      // c6: an email reply the agent started: not a non-response even when it ends unconnected.
      base('4', '10:10:00', [contact('c6', 'CONNECTING', '10:10:00', 'AGENT_REPLY')]),
      base('5', '10:10:30', []),
      // c7: a method Connect adds later, missed: a non-response like any routed offer.
      base('6', '10:20:00', [contact('c7', 'CONNECTING', '10:20:00', 'SOMETHING_NEW')]),
      base('7', '10:20:20', [contact('c7', 'MISSED', '10:20:20', 'SOMETHING_NEW')]),
    ];
    expect(countNonResponses(events, DAY)).toBe(1);
  });
});
