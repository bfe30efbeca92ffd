import { RecordError, parseAgentEvent } from '../../../src/domain/records';
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

  it('rejects an unknown event type or contact state', () => {
    const event = fixtureJson('seed-examples/agent-event-blog-example.json') as Record<string, unknown>;
    expect(() => parseAgentEvent({ ...event, EventType: 'LOGGED_IN' })).toThrow(RecordError);
    const snapshot = event.CurrentAgentSnapshot as { Contacts: Record<string, unknown>[] };
    const badContact = { ...snapshot, Contacts: [{ ...snapshot.Contacts[0], State: 'RINGING' }] };
    expect(() => parseAgentEvent({ ...event, CurrentAgentSnapshot: badContact })).toThrow(/Contacts\.0\.State/);
  });
});
