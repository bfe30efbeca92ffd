import { ageSeconds, countQueueContacts, instanceArnOfQueueArn, queueChangeMatchesFilter, type LiveContact } from '../../../src/domain/queue-live';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/inst-1';
const Q1 = `${INSTANCE}/queue/q1`;
const Q2 = `${INSTANCE}/queue/q2`;
const NOW = Date.parse('2026-01-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

const contact = (over: Partial<LiveContact>): LiveContact => ({
  instanceArn: INSTANCE,
  contactId: 'c',
  phase: 'QUEUED',
  queueArn: Q1,
  channel: 'VOICE',
  initiationMethod: 'INBOUND',
  queueType: null,
  enqueuedAt: minutesAgo(1),
  phaseAt: minutesAgo(1),
  ...over,
});

describe('countQueueContacts', () => {
  it('counts queued contacts per channel, the oldest enqueue time, connected contacts and queued callbacks of one queue', () => {
    const counts = countQueueContacts(
      [
        contact({ contactId: 'a', enqueuedAt: minutesAgo(3), phaseAt: minutesAgo(3) }),
        contact({ contactId: 'b', channel: 'CHAT', enqueuedAt: minutesAgo(7), phaseAt: minutesAgo(7) }),
        contact({ contactId: 'c', initiationMethod: 'CALLBACK' }),
        contact({ contactId: 'd', channel: null }),
        contact({ contactId: 'e', phase: 'CONNECTED', enqueuedAt: minutesAgo(20) }),
        contact({ contactId: 'f', queueArn: Q2, enqueuedAt: minutesAgo(30) }),
        contact({ contactId: 'g', phase: 'ENDED', enqueuedAt: minutesAgo(40) }),
        contact({ contactId: 'h', phase: 'INITIATED', enqueuedAt: null }),
      ],
      Q1,
      NOW,
      3600,
    );
    expect(counts).toEqual({
      contactsInQueue: 4,
      contactsInQueueByChannel: [
        { channel: 'CHAT', count: 1 },
        { channel: 'UNKNOWN', count: 1 },
        { channel: 'VOICE', count: 2 },
      ],
      oldestContactEnqueuedAt: minutesAgo(7),
      contactsConnected: 1,
      contactsScheduled: 1,
    });
  });

  it('stops counting a contact whose phase began the maximum age ago or earlier (a lost DISCONNECTED)', () => {
    const lost = contact({ contactId: 'lost', enqueuedAt: minutesAgo(61), phaseAt: minutesAgo(61) });
    const lostConnected = contact({ contactId: 'lost-2', phase: 'CONNECTED', phaseAt: minutesAgo(60) });
    const fresh = contact({ contactId: 'fresh', enqueuedAt: minutesAgo(59), phaseAt: minutesAgo(59) });
    expect(countQueueContacts([lost, lostConnected, fresh], Q1, NOW, 3600)).toMatchObject({ contactsInQueue: 1, contactsConnected: 0, oldestContactEnqueuedAt: minutesAgo(59) });
    expect(countQueueContacts([lost], Q1, NOW, 3600)).toMatchObject({ contactsInQueue: 0, oldestContactEnqueuedAt: null });
  });
});

describe('queue-live helpers', () => {
  it('computes the age in whole seconds, never negative, null for no contact', () => {
    expect(ageSeconds(minutesAgo(2), NOW + 999)).toBe(120);
    expect(ageSeconds(new Date(NOW + 5_000).toISOString(), NOW)).toBe(0);
    expect(ageSeconds(null, NOW)).toBeNull();
  });

  it('finds the instance of a queue ARN, and nothing for another ARN', () => {
    expect(instanceArnOfQueueArn(Q1)).toBe(INSTANCE);
    expect(instanceArnOfQueueArn(`${INSTANCE}/agent/a1`)).toBeUndefined();
    expect(instanceArnOfQueueArn('q1')).toBeUndefined();
  });

  it('matches subscriber filters by queue ARN or id, list and instance', () => {
    const change = { instanceArn: INSTANCE, queueArn: Q1 };
    expect(queueChangeMatchesFilter(change, {})).toBe(true);
    expect(queueChangeMatchesFilter(change, { queue: 'q1' })).toBe(true);
    expect(queueChangeMatchesFilter(change, { queue: Q2 })).toBe(false);
    expect(queueChangeMatchesFilter(change, { queues: ['q2', Q1] })).toBe(true);
    expect(queueChangeMatchesFilter(change, { queues: [] })).toBe(false);
    expect(queueChangeMatchesFilter(change, { instance: `${INSTANCE}-other` })).toBe(false);
    expect(queueChangeMatchesFilter(change, { instance: INSTANCE, queue: 'q1' })).toBe(true);
  });
});
