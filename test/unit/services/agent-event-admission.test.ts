import { instanceScopeOf, ALL_INSTANCES } from '../../../src/domain/principal';
import { refuseAgentEvent, strictTimestampMs } from '../../../src/services/agent-event-admission';
import { agentEventRecord, TEST_INSTANCE_ARN } from '../../helpers/kinesis-factories';

const NOW_MS = Date.parse('2026-12-06T12:00:00.000Z');
const policy = { scope: ALL_INSTANCES, nowMs: NOW_MS, maxFutureSkewSeconds: 300 };

describe('strictTimestampMs', () => {
  it('reads real dates, with or without milliseconds', () => {
    expect(strictTimestampMs('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(strictTimestampMs('2026-12-06T12:00:00Z')).toBe(NOW_MS);
  });

  it('refuses dates and times that do not exist instead of rolling them over', () => {
    for (const timestamp of ['2026-02-30T10:00:00.000Z', '2025-02-29T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-01-01T10:60:00.000Z', '2026-01-01T10:00:60.000Z', '2026-00-10T00:00:00.000Z']) {
      expect(strictTimestampMs(timestamp)).toBeUndefined();
    }
  });

  it('refuses other formats (offsets, no zone, text)', () => {
    for (const timestamp of ['2026-01-01T10:00:00+02:00', '2026-01-01T10:00:00', 'yesterday', '']) expect(strictTimestampMs(timestamp)).toBeUndefined();
  });
});

describe('refuseAgentEvent', () => {
  const at = (EventTimestamp: string) => agentEventRecord({ EventTimestamp });

  it('admits events up to the allowed skew ahead of the server clock', () => {
    expect(refuseAgentEvent(at('2026-12-06T12:05:00.000Z'), policy)).toBeUndefined();
    expect(refuseAgentEvent(at('2026-12-06T12:05:00.001Z'), policy)).toEqual({ rule: 'future_timestamp', reason: expect.stringContaining('more than 300 s ahead of the server clock (2026-12-06T12:00:00.000Z)') });
  });

  it('refuses events before 2017 and impossible dates', () => {
    expect(refuseAgentEvent(at('2016-12-31T23:59:59.999Z'), policy)?.rule).toBe('before_2017');
    expect(refuseAgentEvent(at('2017-01-01T00:00:00.000Z'), policy)).toBeUndefined();
    expect(refuseAgentEvent(at('2026-02-30T10:00:00.000Z'), policy)).toEqual({ rule: 'impossible_date', reason: 'EventTimestamp 2026-02-30T10:00:00.000Z is not a real date and time' });
  });

  it('checks the snapshots\' timestamps too, naming the field', () => {
    const event = at('2026-12-06T11:00:00.000Z');
    event.PreviousAgentSnapshot!.Contacts[0]!.StateStartTimestamp = '2099-01-01T00:00:00.000Z';
    expect(refuseAgentEvent(event, policy)?.reason).toMatch(/^PreviousAgentSnapshot\.Contacts\[0\]\.StateStartTimestamp 2099/);
  });

  it('refuses an instance outside the scope before looking at dates', () => {
    const other = 'arn:aws:connect:us-west-2:111122223333:instance/other';
    expect(refuseAgentEvent(at('2026-12-06T11:00:00.000Z'), { ...policy, scope: instanceScopeOf([other]) })?.rule).toBe('out_of_scope');
    expect(refuseAgentEvent(at('2026-12-06T11:00:00.000Z'), { ...policy, scope: instanceScopeOf([TEST_INSTANCE_ARN]) })).toBeUndefined();
  });
});
