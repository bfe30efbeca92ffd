import { AGENT_CONTACT_STATES, AGENT_EVENT_TYPES, AGENT_STATUS_TYPES, RecordError, parseAgentEvent } from '../../../../src/domain/records';
import { fixtureFiles, fixtureJson, fixtureText, stripPublishingArtifacts } from './published-fixtures';

describe('parseAgentEvent reads the published agent events', () => {
  it('reads the blog STATE_CHANGE example (CONNECTING → CONNECTED)', () => {
    const event = parseAgentEvent(fixtureJson('seed-examples/agent-event-blog-example.json'));
    expect(event.EventType).toBe('STATE_CHANGE');
    expect(event.CurrentAgentSnapshot.Contacts[0]?.State).toBe('CONNECTED');
    expect(event.PreviousAgentSnapshot?.Contacts[0]?.State).toBe('CONNECTING');
    expect(event.CurrentAgentSnapshot.Configuration.AgentHierarchyGroups).toBeNull();
  });

  const published = fixtureFiles('real', /^ae-.*\.as-published\.txt$/);

  it('has the three AWS doc examples, none of them valid JSON as published', () => {
    expect(published).toHaveLength(3);
    for (const file of published) expect(() => JSON.parse(fixtureText(file))).toThrow(SyntaxError);
  });

  it('accepts the shapes of the ACW examples once comments are stripped (ENDED, OUTBOUND, QueueTimestamp null, no Concurrency)', () => {
    const ended = parseAgentEvent(JSON.parse(stripPublishingArtifacts(fixtureText('real/ae-state-change-aws-docs-acw-contact-ended.as-published.txt'))));
    expect(ended.CurrentAgentSnapshot.Contacts[0]).toMatchObject({ State: 'ENDED', InitiationMethod: 'OUTBOUND', QueueTimestamp: null });
    expect(ended.CurrentAgentSnapshot.Configuration.RoutingProfile.Concurrency).toBeUndefined();
    const cleared = parseAgentEvent(JSON.parse(stripPublishingArtifacts(fixtureText('real/ae-state-change-aws-docs-acw-cleared.as-published.txt'))));
    expect(cleared.CurrentAgentSnapshot.Contacts).toEqual([]);
    expect(cleared.PreviousAgentSnapshot?.Contacts[0]?.State).toBe('ENDED');
  });

  it('accepts the HEART_BEAT example shape: NextAgentStatus object, agent queue Name null, Version 2017-10-01', () => {
    // Besides comments and trailing commas, this example closes CurrentAgentSnapshot one brace too early
    // (`} ,` after NextAgentStatus); that one stray brace is dropped.
    const text = stripPublishingArtifacts(fixtureText('real/ae-heart-beat-aws-docs-sample-agent-event-stream.as-published.txt'));
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const event = parseAgentEvent(JSON.parse(text.replace(/\}\s*\}\s*,\s*"Configuration"/, '},\n"Configuration"')));
    expect(event.EventType).toBe('HEART_BEAT');
    expect(event.Version).toBe('2017-10-01');
    expect(event.CurrentAgentSnapshot.NextAgentStatus).toMatchObject({ Name: 'Lunch', EnqueuedTimestamp: '2019-08-13T20:58:00.004Z' });
    expect(event.CurrentAgentSnapshot.Configuration.RoutingProfile.InboundQueues[0]?.Name).toBeNull();
    expect(event.CurrentAgentSnapshot.Configuration.RoutingProfile.Concurrency).toHaveLength(2);
  });

  // Reference connect-schemas.md §7 quirk 12 ("Enumerations grow"): an unknown value is data, not an
  // error. The base record is the AWS blog's STATE_CHANGE example (fixtures/seed-examples); the
  // values swapped in are today's documented values that are newer than it, and made-up future ones.
  describe('accepts every value Connect sends in its enumerations, and keeps it as sent', () => {
    const blog = () => fixtureJson('seed-examples/agent-event-blog-example.json') as { CurrentAgentSnapshot: Record<string, unknown> & { AgentStatus: Record<string, unknown>; Contacts: Record<string, unknown>[] } } & Record<string, unknown>;
    const withStatus = (status: Record<string, unknown>) => {
      const event = blog();
      return { ...event, CurrentAgentSnapshot: { ...event.CurrentAgentSnapshot, AgentStatus: { ...event.CurrentAgentSnapshot.AgentStatus, ...status } } };
    };
    const withContact = (contact: Record<string, unknown>) => {
      const event = blog();
      const snapshot = event.CurrentAgentSnapshot;
      return { ...event, CurrentAgentSnapshot: { ...snapshot, Contacts: [{ ...snapshot.Contacts[0], ...contact }] } };
    };

    it('reads a custom status typed CUSTOM (Break), as Connect types custom statuses', () => {
      expect(parseAgentEvent(withStatus({ Name: 'Break', Type: 'CUSTOM' })).CurrentAgentSnapshot.AgentStatus).toMatchObject({ Name: 'Break', Type: 'CUSTOM' });
    });

    it('reads every documented status type, the legacy NOT_ROUTABLE, a status type Connect may add, and none at all', () => {
      for (const type of [...AGENT_STATUS_TYPES, 'NOT_ROUTABLE', 'ROUTABLE_LIMITED']) {
        expect(parseAgentEvent(withStatus({ Type: type })).CurrentAgentSnapshot.AgentStatus.Type).toBe(type);
      }
      // The blog example itself carries no Type, like every AWS example of its time.
      expect(blog().CurrentAgentSnapshot.AgentStatus).not.toHaveProperty('Type');
      expect(parseAgentEvent(blog()).CurrentAgentSnapshot.AgentStatus.Type).toBeUndefined();
      expect(parseAgentEvent(withStatus({ Type: null })).CurrentAgentSnapshot.AgentStatus.Type).toBeNull();
    });

    it('reads documented and unknown contact states, channels and initiation methods unchanged', () => {
      const values = [
        { State: 'PAUSED', Channel: 'EMAIL', InitiationMethod: 'AGENT_REPLY' },
        { State: 'CONNECTED', Channel: 'VOICE', InitiationMethod: 'WEBRTC_API' },
        { State: 'RINGING', Channel: 'VIDEO', InitiationMethod: 'SOMETHING_NEW' },
      ];
      for (const contact of values) expect(parseAgentEvent(withContact(contact)).CurrentAgentSnapshot.Contacts[0]).toMatchObject(contact);
      for (const state of AGENT_CONTACT_STATES) expect(parseAgentEvent(withContact({ State: state })).CurrentAgentSnapshot.Contacts[0]?.State).toBe(state);
    });

    it('reads an event type Connect may add', () => {
      expect(parseAgentEvent({ ...blog(), EventType: 'SESSION_RESUMED' }).EventType).toBe('SESSION_RESUMED');
      expect(AGENT_EVENT_TYPES).toEqual(['LOGIN', 'LOGOUT', 'STATE_CHANGE', 'HEART_BEAT']);
    });

    it('still rejects a value of the wrong kind: the shape is checked, not the vocabulary', () => {
      expect(() => parseAgentEvent(withContact({ State: 3 }))).toThrow(/Contacts\.0\.State/);
      expect(() => parseAgentEvent(withStatus({ Type: ['CUSTOM'] }))).toThrow(/AgentStatus\.Type/);
      expect(() => parseAgentEvent({ ...blog(), EventType: null })).toThrow(RecordError);
    });
  });
});
