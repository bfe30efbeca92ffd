import { attributeIgnoringCase, handleTimeSeconds, isAbandoned } from '../../../src/domain/contact';

describe('contact derivations', () => {
  it('abandoned means queued and never connected to an agent', () => {
    expect(isAbandoned({ queueEnqueueTimestamp: '2026-11-20T10:00:00Z', connectedToAgentTimestamp: null, agentArn: null })).toBe(true);
    expect(isAbandoned({ queueEnqueueTimestamp: '2026-11-20T10:00:00Z', connectedToAgentTimestamp: '2026-11-20T10:01:00Z', agentArn: 'arn' })).toBe(false);
    expect(isAbandoned({ queueEnqueueTimestamp: null, connectedToAgentTimestamp: null, agentArn: null })).toBe(false);
  });

  it('handle time is interaction + hold + after-contact work, null without interaction', () => {
    expect(handleTimeSeconds({ interaction: 120, hold: 30, afterContactWork: 45 })).toBe(195);
    expect(handleTimeSeconds({ interaction: 120, hold: null, afterContactWork: null })).toBe(120);
    expect(handleTimeSeconds({ interaction: null, hold: 10, afterContactWork: 10 })).toBeNull();
  });

  it('looks attributes up ignoring case, preferring the exact key', () => {
    const attributes = { greetingPlayed: 'false', GreetingPlayed: 'true', CallReason: 'NewOrder' };
    expect(attributeIgnoringCase(attributes, 'callreason')).toBe('NewOrder');
    expect(attributeIgnoringCase(attributes, 'greetingPlayed')).toBe('false');
    expect(attributeIgnoringCase(attributes, 'GreetingPlayed')).toBe('true');
    expect(attributeIgnoringCase(attributes, 'missing')).toBeNull();
  });
});
