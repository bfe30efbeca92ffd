import { CONTACT_EVENT_TYPES, ContactEventError, contactEventOrderKey, parseContactEvent } from '../../../../src/domain/records/contact-event.record';
import { fixtureText, stripPublishingArtifacts } from './published-fixtures';

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/12345678-1234-1234-1234-123456789012';

/**
 * Reads an AWS documentation example "as published" (the verbatim copies in test/fixtures/connect/real). The examples are not JSON, and the fixes are
 * named here rather than hidden in a lenient parser:
 * 1. placeholders in backticks (`` `your-region` ``, `` `the event ID` ``) → a value (`us-east-1`, the text);
 * 2. ARNs with an empty service slot (`arn:aws::connect:`) → `arn:aws:connect:`;
 * 3. trailing commas before `}` or `]` → removed (`stripPublishingArtifacts`);
 * 4. unbalanced braces: the CONNECTED_TO_AGENT example closes `detail` right after `agentInfo`,
 *    which leaves `queueInfo` and `tags` at the top level and one `}` too many at the end → the
 *    extra `}` after `agentInfo` is dropped, so `queueInfo` and `tags` are inside `detail` and the
 *    braces balance.
 */
function readAsPublished(name: string): unknown {
  let text = fixtureText(`real/${name}`);
  text = text.replace(/`your-region`/g, 'us-east-1').replace(/`([^`]*)`/g, '$1');
  text = text.replace(/arn:aws::connect:/g, 'arn:aws:connect:');
  text = stripPublishingArtifacts(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Fix 4 (only when the text does not parse without it).
    const fixed = text.replace(/\}\s*\},(\s*"queueInfo")/, '},$1');
    return JSON.parse(fixed) as unknown;
  }
}

describe('parseContactEvent', () => {
  it('reads the CONNECTED_TO_AGENT example of the AWS documentation (after the documented fixes)', () => {
    const event = parseContactEvent(readAsPublished('contact-event-eventbridge-connected-to-agent-aws-docs.as-published.txt'));
    expect(event).toMatchObject({
      eventId: 'abcabcab-abca-abca-abca-abcabcabcabc',
      eventType: 'CONNECTED_TO_AGENT',
      contactId: '11111111-1111-1111-1111-111111111111',
      instanceArn: INSTANCE,
      channel: 'VOICE',
      initiationMethod: 'INBOUND',
      queueArn: `${INSTANCE}/queue/12345678-1234-1234-1234-123456789012`,
      queueType: 'type',
      enqueuedAt: '2021-08-04T17:29:04.000Z',
      phase: 'CONNECTED',
      phaseAt: '2021-08-04T17:29:09.000Z',
    });
  });

  it('reads the DISCONNECTED example, upper-casing its channel "Voice"', () => {
    const event = parseContactEvent(readAsPublished('contact-event-eventbridge-disconnected-aws-docs.as-published.txt'));
    expect(event).toMatchObject({ eventType: 'DISCONNECTED', channel: 'VOICE', initiationMethod: 'OUTBOUND', phase: 'ENDED', phaseAt: '2021-08-04T17:18:37.000Z', queueArn: null });
  });

  it('accepts a bare detail as well as the EventBridge envelope', () => {
    const detail = { eventType: 'QUEUED', contactId: 'c-1', instanceArn: INSTANCE, channel: 'CHAT', queueInfo: { queueArn: `${INSTANCE}/queue/q1`, enqueueTimestamp: '2026-01-01T10:00:00Z' } };
    const bare = parseContactEvent(detail);
    const wrapped = parseContactEvent({ id: 'e-1', 'detail-type': 'Amazon Connect Contact Event', source: 'aws.connect', time: '2026-01-01T10:00:01Z', detail });
    expect(bare).toMatchObject({ eventId: null, phase: 'QUEUED', phaseAt: '2026-01-01T10:00:00.000Z', channel: 'CHAT' });
    expect(wrapped).toMatchObject({ eventId: 'e-1', phase: 'QUEUED', phaseAt: '2026-01-01T10:00:00.000Z', publishedAt: '2026-01-01T10:00:01Z' });
  });

  it('keeps unknown event types and channels as data (enumerations grow) and reads the phase from the fields', () => {
    const event = parseContactEvent({
      eventType: 'SOMETHING_NEW',
      contactId: 'c-2',
      instanceArn: INSTANCE,
      channel: 'Video',
      initiationMethod: 'BRAND_NEW_METHOD',
      queueInfo: { queueArn: `${INSTANCE}/queue/q1`, enqueueTimestamp: '2026-01-01T10:00:00Z' },
    });
    expect(event).toMatchObject({ eventType: 'SOMETHING_NEW', channel: 'VIDEO', initiationMethod: 'BRAND_NEW_METHOD', phase: 'QUEUED' });
    expect(CONTACT_EVENT_TYPES).not.toContain('SOMETHING_NEW');
    expect(parseContactEvent({ eventType: 'CONTACT_DATA_UPDATED', contactId: 'c-2', instanceArn: INSTANCE, agentInfo: { connectedToAgentTimestamp: '2026-01-01T10:01:00Z' } }).phase).toBe('CONNECTED');
  });

  it.each([
    [{ eventType: 'QUEUED', instanceArn: INSTANCE, initiationTimestamp: '2026-01-01T10:00:00Z' }, /contactId/],
    [{ eventType: 'QUEUED', contactId: 'c', instanceArn: 'not-an-arn', initiationTimestamp: '2026-01-01T10:00:00Z' }, /instanceArn: must be a Connect instance ARN/],
    [{ contactId: 'c', instanceArn: INSTANCE, initiationTimestamp: '2026-01-01T10:00:00Z' }, /eventType/],
    [{ eventType: 'QUEUED', contactId: 'c', instanceArn: INSTANCE }, /has no timestamp/],
    [{ eventType: 'QUEUED', contactId: 'c', instanceArn: INSTANCE, initiationTimestamp: 'yesterday' }, /initiationTimestamp: "yesterday" is not an ISO timestamp/],
    [{ 'detail-type': 'AWS API Call via CloudTrail', detail: {} }, /detail-type is "AWS API Call via CloudTrail"/],
    [[1, 2], /JSON object/],
  ])('refuses %j, naming what is wrong', (value, message) => {
    expect(() => parseContactEvent(value)).toThrow(ContactEventError);
    expect(() => parseContactEvent(value)).toThrow(message);
  });

  it('orders a contact\'s events by phase time, then phase, so the later phase wins at equal times', () => {
    const at = '2026-01-01T10:00:00.000Z';
    const queued = contactEventOrderKey({ phaseAt: at, phase: 'QUEUED', eventId: 'z', eventType: 'QUEUED' });
    const ended = contactEventOrderKey({ phaseAt: at, phase: 'ENDED', eventId: 'a', eventType: 'DISCONNECTED' });
    const later = contactEventOrderKey({ phaseAt: '2026-01-01T10:00:00.001Z', phase: 'INITIATED', eventId: 'a', eventType: 'INITIATED' });
    expect([later, ended, queued].sort()).toEqual([queued, ended, later]);
  });
});
