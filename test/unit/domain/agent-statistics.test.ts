import { agentTimeStatistics, averageOrNull, msToSeconds, occupancyPercent } from '../../../src/domain/agent-statistics';
import type { StatusInterval } from '../../../src/domain/agent-timeline';
import type { AgentActivity } from '../../../src/domain/agent-state';
import { emptyQueueSums, queueStatisticsFromSums, validateServiceLevelThresholds } from '../../../src/domain/queue-statistics';

const MIN = 60_000;
const AVAILABLE = { name: 'Available', type: 'ROUTABLE', arn: null };
const LUNCH = { name: 'Lunch', type: 'NOT_ROUTABLE', arn: null };
const OFFLINE = { name: 'Offline', type: 'OFFLINE', arn: null };

/** A status interval made of consecutive activity stretches of the given minutes. */
function interval(status: typeof AVAILABLE, startMin: number, parts: [AgentActivity, number][]): StatusInterval {
  let t = startMin * MIN;
  const activities = parts.map(([activity, minutes]) => {
    const a = { activity, startMs: t, endMs: t + minutes * MIN };
    t += minutes * MIN;
    return a;
  });
  return { status, startMs: startMin * MIN, endMs: t, activities };
}

describe('agentTimeStatistics', () => {
  const history = [
    interval(OFFLINE, 0, [['OFFLINE', 2]]),
    interval(AVAILABLE, 2, [
      ['AVAILABLE', 10],
      ['INCOMING', 1],
      ['ON_CONTACT', 20],
      ['ON_HOLD', 3],
      ['AFTER_CONTACT_WORK', 4],
      ['MISSED', 2],
      ['AVAILABLE', 8],
    ]),
    // A call carried into Lunch: non-productive, not on-contact time.
    interval(LUNCH, 50, [
      ['ON_CONTACT', 5],
      ['NON_PRODUCTIVE', 25],
    ]),
    // ACW while Offline (before LOGOUT): neither online nor on contact.
    interval(OFFLINE, 80, [['AFTER_CONTACT_WORK', 1]]),
  ];

  it('follows Connect: online excludes Offline; on-contact only while Available; idle includes error time; connecting apart', () => {
    const t = agentTimeStatistics(history);
    expect(t.onlineMs / MIN).toBe(48 + 30);
    expect(t.nonProductiveMs / MIN).toBe(30);
    expect(t.onContactMs / MIN).toBe(20 + 3 + 4);
    expect(t.idleMs / MIN).toBe(10 + 2 + 8);
    expect(t.errorMs / MIN).toBe(2);
    expect(t.connectingMs / MIN).toBe(1);
    // Everything online while Available is idle, connecting or on contact.
    expect((t.idleMs + t.connectingMs + t.onContactMs + t.nonProductiveMs) / MIN).toBe(t.onlineMs / MIN);
  });

  // Quirk 12: a status type Connect adds later counts only where its meaning is defined: it is not
  // Offline, so it is online time; it is not a custom status, nor routable.
  it('counts a status of unknown type as online time only; CUSTOM and the legacy NOT_ROUTABLE as non-productive', () => {
    const coaching = { name: 'Coaching', type: 'SUPERVISED', arn: null };
    const t = agentTimeStatistics([
      interval(coaching, 0, [['NON_PRODUCTIVE', 10], ['ON_CONTACT', 5]]),
      interval({ name: 'Break', type: 'CUSTOM', arn: null }, 15, [['NON_PRODUCTIVE', 7]]),
      interval(LUNCH, 22, [['NON_PRODUCTIVE', 3]]),
    ]);
    expect(t).toEqual({ onlineMs: 25 * MIN, nonProductiveMs: 10 * MIN, onContactMs: 0, idleMs: 0, errorMs: 0, connectingMs: 0 });
  });

  it('computes occupancy as on-contact ÷ (on-contact + idle) × 100, null without either', () => {
    expect(occupancyPercent(agentTimeStatistics(history))).toBeCloseTo((27 / 47) * 100, 10);
    expect(occupancyPercent({ onContactMs: 0, idleMs: 0 })).toBeNull();
    expect(occupancyPercent({ onContactMs: 5, idleMs: 0 })).toBe(100);
  });

  it('is all zeros for an empty history', () => {
    expect(agentTimeStatistics([])).toEqual({ onlineMs: 0, nonProductiveMs: 0, onContactMs: 0, idleMs: 0, errorMs: 0, connectingMs: 0 });
  });
});

describe('averages and units', () => {
  it('averages to null when nothing was counted and rounds ms to seconds with ms precision', () => {
    expect(averageOrNull(10, 0)).toBeNull();
    expect(averageOrNull(10, 4)).toBe(2.5);
    expect(msToSeconds(1234.4)).toBe(1.234);
  });
});

describe('queueStatisticsFromSums', () => {
  it('turns sums into averages and service levels per threshold, in threshold order', () => {
    const stats = queueStatisticsFromSums(
      {
        ...emptyQueueSums(2),
        contactsQueued: 8,
        contactsHandled: 6,
        contactsAbandoned: 2,
        answeredQueueTimeSecondsSum: 60,
        answeredQueuedCount: 5,
        abandonQueueTimeSecondsSum: 90,
        maxQueuedTimeSeconds: 70,
        handleTimeSecondsSum: 1800,
        handleTimeCount: 6,
        afterContactWorkSecondsSum: 120,
        afterContactWorkCount: 4,
        withinThreshold: [4, 7],
      },
      [20, 60],
    );
    expect(stats).toEqual({
      contactsQueued: 8,
      contactsHandled: 6,
      contactsAbandoned: 2,
      averageQueueAnswerTimeSeconds: 12,
      averageAbandonTimeSeconds: 45,
      maxQueuedTimeSeconds: 70,
      averageHandleTimeSeconds: 300,
      averageAfterContactWorkTimeSeconds: 30,
      serviceLevels: [
        { thresholdSeconds: 20, contactsWithinThreshold: 4, percent: 50 },
        { thresholdSeconds: 60, contactsWithinThreshold: 7, percent: 87.5 },
      ],
    });
  });

  it('reports null averages and service levels for a queue without contacts', () => {
    const stats = queueStatisticsFromSums(emptyQueueSums(1), [20]);
    expect(stats.averageQueueAnswerTimeSeconds).toBeNull();
    expect(stats.averageHandleTimeSeconds).toBeNull();
    expect(stats.serviceLevels).toEqual([{ thresholdSeconds: 20, contactsWithinThreshold: 0, percent: null }]);
  });
});

describe('validateServiceLevelThresholds', () => {
  it('accepts 1 to 20 whole-second thresholds up to 7 days and names the limit otherwise', () => {
    expect(validateServiceLevelThresholds([20, 60, 604_800])).toEqual([20, 60, 604_800]);
    expect(() => validateServiceLevelThresholds([])).toThrow(/1 to 20 thresholds/);
    expect(() => validateServiceLevelThresholds(Array.from({ length: 21 }, (_, i) => i + 1))).toThrow(/1 to 20 thresholds/);
    expect(() => validateServiceLevelThresholds([0])).toThrow(/from 1 to 604800/);
    expect(() => validateServiceLevelThresholds([1.5])).toThrow(/whole number/);
  });
});
