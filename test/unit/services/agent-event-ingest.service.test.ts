import { applyEvents } from '../../../src/domain/agent-state.reducer';
import { ingestAgentEvents, type AgentStateApplier, type IngestLogger } from '../../../src/services/agent-event-ingest.service';
import { agentEventRecord } from '../../helpers/kinesis-factories';

type Batch = Parameters<AgentStateApplier['apply']>[0];

const silent: IngestLogger = { warn: () => undefined, error: () => undefined };

/** A repository that reduces every agent from nothing and records what it was given. */
function recordingRepository(): AgentStateApplier & { batches: Batch[] } {
  const batches: Batch[] = [];
  return {
    batches,
    apply: async (batch) => {
      batches.push(batch);
      return batch.map(({ key, events }) => ({ key, before: null, ...applyEvents(null, events) }));
    },
  };
}

describe('ingestAgentEvents', () => {
  it('reads parsed objects, JSON text and UTF-8 bytes alike', async () => {
    const repository = recordingRepository();
    const records = [
      { id: 'object', data: agentEventRecord({ agentId: 'a' }) },
      { id: 'text', data: JSON.stringify(agentEventRecord({ agentId: 'b' })) },
      { id: 'bytes', data: new TextEncoder().encode(JSON.stringify(agentEventRecord({ agentId: 'c' }))) },
    ];

    const result = await ingestAgentEvents({ records }, { repository, publish: () => undefined, logger: silent });

    expect(result.outcomes).toEqual([
      { id: 'object', ok: true },
      { id: 'text', ok: true },
      { id: 'bytes', ok: true },
    ]);
    expect(result.counts).toEqual({ received: 3, applied: 3, malformed: 0, writeFailed: 0, changed: 3, publishFailed: 0 });
  });

  it('groups the events of one agent into one entry of a single repository call', async () => {
    const repository = recordingRepository();
    const records = [
      { id: '0', data: agentEventRecord({ agentId: 'a', EventId: 'a-1' }) },
      { id: '1', data: agentEventRecord({ agentId: 'b', EventId: 'b-1' }) },
      { id: '2', data: agentEventRecord({ agentId: 'a', EventId: 'a-2', EventTimestamp: '2019-02-13T11:20:00.000Z' }) },
    ];

    await ingestAgentEvents({ records }, { repository, publish: () => undefined, logger: silent });

    expect(repository.batches).toHaveLength(1);
    const entries = repository.batches[0]!.map(({ key, events }) => [key.agentId, events.map((event) => event.EventId)]);
    expect(entries).toEqual([
      ['a', ['a-1', 'a-2']],
      ['b', ['b-1']],
    ]);
  });

  it('publishes one change per agent per batch: the newest state, over the state before the batch', async () => {
    const repository = recordingRepository();
    const published: { agentId: string; eventId: string; before: unknown }[] = [];
    const records = [
      { id: '0', data: agentEventRecord({ agentId: 'a', EventId: 'a-2', EventTimestamp: '2019-02-13T11:20:00.000Z', statusName: 'Lunch', contacts: [] }) },
      { id: '1', data: agentEventRecord({ agentId: 'a', EventId: 'a-1' }) },
      { id: '2', data: agentEventRecord({ agentId: 'a', EventId: 'a-3', EventTimestamp: '2019-02-13T11:30:00.000Z', contacts: [] }) },
    ];

    const result = await ingestAgentEvents({ records }, { repository, publish: ({ before, state }) => void published.push({ agentId: state.agentId, eventId: state.lastEvent.id, before }), logger: silent });

    expect(result.counts.changed).toBe(1);
    expect(published).toEqual([{ agentId: 'a', eventId: 'a-3', before: null }]);
  });

  it('keeps outcomes in input order and bounds the length of a reason', async () => {
    const repository = recordingRepository();
    const records = [
      { id: 'bad', data: 'x'.repeat(10_000), malformedReason: `unreadable: ${'x'.repeat(10_000)}` },
      { id: 'good', data: agentEventRecord() },
      { id: 'undecodable', data: undefined, malformedReason: 'kinesis data is not valid base64' },
    ];

    const result = await ingestAgentEvents({ records }, { repository, publish: () => undefined, logger: silent });

    expect(result.outcomes.map((outcome) => [outcome.id, outcome.ok])).toEqual([
      ['bad', false],
      ['good', true],
      ['undecodable', false],
    ]);
    const bad = result.outcomes[0];
    expect(bad).toMatchObject({ kind: 'malformed', reason: expect.stringMatching(/^unreadable: x+…$/) });
    expect(bad?.ok === false ? bad.reason.length : 0).toBe(501);
    expect(result.outcomes[2]).toEqual({ id: 'undecodable', ok: false, kind: 'malformed', reason: 'kinesis data is not valid base64' });
    expect(result.counts).toMatchObject({ received: 3, applied: 1, malformed: 2 });
  });
});
