import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import type { Context } from 'aws-lambda';
import type { AgentKey, AgentState } from '../../../src/domain/agent-state';
import { applyEvents } from '../../../src/domain/agent-state.reducer';
import { AgentEventRecordError, createAgentEventsHandler, type AgentEventsLogger } from '../../../src/lambda/agent-events.handler';
import type { AgentStateApplier, AgentStateChange, MalformedRecord } from '../../../src/services/agent-event-ingest.service';
import { agentEventRecord, kinesisEvent, kinesisRecord, lambdaContext, sequenceNumber } from '../../helpers/kinesis-factories';

const keyOf = (key: AgentKey): string => `${key.instanceArn}|${key.agentId}`;

/** The repository contract in memory, reduced with the real reducer; agents in `failing` fail their write. */
class InMemoryRepository implements AgentStateApplier {
  readonly states = new Map<string, AgentState>();
  readonly failing = new Set<string>();
  calls = 0;

  async apply(batch: Parameters<AgentStateApplier['apply']>[0]): ReturnType<AgentStateApplier['apply']> {
    this.calls++;
    return batch.map(({ key, events }) => {
      const before = this.states.get(keyOf(key)) ?? null;
      if (this.failing.has(key.agentId)) {
        return { key, change: 'none' as const, state: before, before, error: new Error('ProvisionedThroughputExceededException: rate exceeded') };
      }
      const { state, change } = applyEvents(before, events);
      if (state !== null) this.states.set(keyOf(key), state);
      return { key, change, state, before };
    });
  }

  stateOf(agentId: string): AgentState | undefined {
    return [...this.states.values()].find((state) => state.agentId === agentId);
  }
}

interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly details: Record<string, unknown>;
}

function recordingLogger(): AgentEventsLogger & { lines: LogLine[]; contexts: Context[] } {
  const lines: LogLine[] = [];
  const contexts: Context[] = [];
  return {
    lines,
    contexts,
    info: (message, details) => lines.push({ level: 'info', message, details }),
    warn: (message, details) => lines.push({ level: 'warn', message, details }),
    error: (message, details) => lines.push({ level: 'error', message, details }),
    addContext: (context) => contexts.push(context),
  };
}

function setup() {
  const repository = new InMemoryRepository();
  const published: AgentStateChange[] = [];
  const malformed: MalformedRecord[] = [];
  const logger = recordingLogger();
  const handler = createAgentEventsHandler({
    repository,
    publish: (change) => {
      published.push(change);
    },
    logger,
    onMalformed: (record) => malformed.push(record),
  });
  return { repository, published, malformed, logger, handler };
}

const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] }): string[] =>
  response.batchItemFailures.map((failure) => failure.itemIdentifier).sort();

describe('agent-events Lambda handler', () => {
  it('applies a batch of valid records in one repository call and reports no failures', async () => {
    // Prepare
    const { handler, repository, published, logger } = setup();
    const event = kinesisEvent([
      kinesisRecord(agentEventRecord({ agentId: 'agent-a', username: 'ann' }), 1),
      kinesisRecord(agentEventRecord({ agentId: 'agent-b', username: 'bob', contacts: [] }), 2),
    ]);
    const context = lambdaContext();

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(repository.calls).toBe(1);
    expect(repository.stateOf('agent-a')).toMatchObject({ username: 'ann', activity: 'ON_CONTACT' });
    expect(repository.stateOf('agent-b')).toMatchObject({ username: 'bob', activity: 'AVAILABLE' });
    expect(published.map((change) => change.state.username).sort()).toEqual(['ann', 'bob']);
    expect(published.every((change) => change.before === null)).toBe(true);
    expect(logger.contexts).toEqual([context]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'info', details: expect.objectContaining({ received: 2, applied: 2, changed: 2 }) }));
  });

  it('reports exactly the malformed records (bad base64, bad JSON, wrong shape, bad UTF-8) and applies the others', async () => {
    // Prepare
    const { handler, repository, malformed, logger } = setup();
    const badBase64 = sequenceNumber(2);
    const badJson = sequenceNumber(4);
    const wrongShape = sequenceNumber(5);
    const badUtf8 = sequenceNumber(7);
    const event = kinesisEvent([
      kinesisRecord(agentEventRecord({ agentId: 'agent-a' }), 1),
      kinesisRecord('eyJBV1NBY2NvdW50SWQiOi*!', badBase64, { dataIs: 'base64' }),
      kinesisRecord(agentEventRecord({ agentId: 'agent-b', EventId: 'b-1' }), 3),
      kinesisRecord('{"AWSAccountId": "111122223333", "AgentARN": ', badJson),
      // Wrong shape: a number where the event type belongs. (An event type Connect adds later, a string, is accepted: quirk 12.)
      kinesisRecord({ ...agentEventRecord({ agentId: 'agent-c' }), EventType: 42 }, wrongShape),
      kinesisRecord(agentEventRecord({ agentId: 'agent-b', EventId: 'b-2', EventTimestamp: '2019-02-13T11:12:30.000Z', contacts: [] }), 6),
      kinesisRecord(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), badUtf8, { dataIs: 'base64' }),
    ]);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(failedIds(response)).toEqual([badBase64, badJson, wrongShape, badUtf8].sort());
    expect(repository.stateOf('agent-a')).toBeDefined();
    expect(repository.stateOf('agent-b')).toMatchObject({ activity: 'AVAILABLE', lastEvent: { id: 'b-2' } });
    expect(repository.stateOf('agent-c')).toBeUndefined();
    expect(malformed.map((record) => record.id).sort()).toEqual([badBase64, badJson, wrongShape, badUtf8].sort());
    const reasons = Object.fromEntries(malformed.map((record) => [record.id, record.reason]));
    expect(reasons[badBase64]).toMatch(/base64/);
    expect(reasons[badJson]).toMatch(/not JSON/);
    expect(reasons[wrongShape]).toMatch(/EventType/);
    expect(reasons[badUtf8]).toMatch(/UTF-8/);
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings.map((line) => line.details.recordId).sort()).toEqual([badBase64, badJson, wrongShape, badUtf8].sort());
  });

  it('throws FullBatchFailureError when every record is malformed, so Lambda retries the batch', async () => {
    // Prepare
    const { handler, repository } = setup();
    const event = kinesisEvent([
      kinesisRecord('not json at all', 1),
      kinesisRecord({ hello: 'world' }, 2),
      kinesisRecord('%%%', 3, { dataIs: 'base64' }),
    ]);

    // Act
    const outcome = handler(event, lambdaContext());

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(FullBatchFailureError);
    const error = (await outcome.catch((e: unknown) => e)) as FullBatchFailureError;
    expect(error.recordErrors).toHaveLength(3);
    for (const recordError of error.recordErrors) {
      expect(recordError).toBeInstanceOf(AgentEventRecordError);
      expect((recordError as AgentEventRecordError).code).toBe('MALFORMED_RECORD');
    }
    expect(repository.calls).toBe(0);
  });

  it('reports only the records of the agent whose write failed', async () => {
    // Prepare
    const { handler, repository, published } = setup();
    repository.failing.add('agent-b');
    const event = kinesisEvent([
      kinesisRecord(agentEventRecord({ agentId: 'agent-a', EventId: 'a-1' }), 1),
      kinesisRecord(agentEventRecord({ agentId: 'agent-b', EventId: 'b-1' }), 2),
      kinesisRecord(agentEventRecord({ agentId: 'agent-c', EventId: 'c-1' }), 3),
      kinesisRecord(agentEventRecord({ agentId: 'agent-b', EventId: 'b-2', EventTimestamp: '2019-02-13T11:13:00.000Z' }), 4),
    ]);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(failedIds(response)).toEqual([sequenceNumber(2), sequenceNumber(4)]);
    expect(repository.stateOf('agent-a')).toBeDefined();
    expect(repository.stateOf('agent-b')).toBeUndefined();
    expect(repository.stateOf('agent-c')).toBeDefined();
    expect(published.map((change) => change.state.agentId).sort()).toEqual(['agent-a', 'agent-c']);
  });

  it('reports every record when the repository call itself rejects (FullBatchFailureError with WRITE_FAILED)', async () => {
    // Prepare
    const logger = recordingLogger();
    const handler = createAgentEventsHandler({
      repository: { apply: () => Promise.reject(new Error('connect ECONNREFUSED')) },
      publish: () => undefined,
      logger,
    });
    const event = kinesisEvent([kinesisRecord(agentEventRecord({ agentId: 'agent-a' }), 1), kinesisRecord('{', 2)]);

    // Act
    const error = (await handler(event, lambdaContext()).catch((e: unknown) => e)) as FullBatchFailureError;

    // Assess
    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(error.recordErrors.map((e) => (e as AgentEventRecordError).code).sort()).toEqual(['MALFORMED_RECORD', 'WRITE_FAILED']);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', details: expect.objectContaining({ reason: expect.stringMatching(/ECONNREFUSED/) }) }));
  });

  it('publishes visible changes only: not duplicates, not stale events, not plain heartbeats', async () => {
    // Prepare
    const { handler, published } = setup();
    const connected = agentEventRecord({ agentId: 'agent-a', EventId: 'e-1', EventTimestamp: '2019-02-13T11:11:53.053Z' });
    await handler(kinesisEvent([kinesisRecord(connected, 1)]), lambdaContext());
    published.length = 0;
    const heartbeat = { ...connected, EventId: 'e-2', EventType: 'HEART_BEAT' as const, EventTimestamp: '2019-02-13T11:13:53.053Z' };
    const stale = agentEventRecord({ agentId: 'agent-a', EventId: 'e-0', EventTimestamp: '2019-02-13T11:11:40.000Z', contacts: [] });

    // Act
    const response = await handler(kinesisEvent([kinesisRecord(connected, 2), kinesisRecord(heartbeat, 3), kinesisRecord(stale, 4)]), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(published).toEqual([]);
  });

  it('passes the state before the change to the publisher, and a failed publish does not fail the records', async () => {
    // Prepare
    const repository = new InMemoryRepository();
    const attempts: AgentStateChange[] = [];
    const logger = recordingLogger();
    const handler = createAgentEventsHandler({
      repository,
      publish: async (change) => {
        attempts.push(change);
        if (attempts.length > 1) throw new Error('redis down');
      },
      logger,
    });
    await handler(kinesisEvent([kinesisRecord(agentEventRecord({ agentId: 'agent-a', EventId: 'e-1' }), 1)]), lambdaContext());
    const acw = agentEventRecord({
      agentId: 'agent-a',
      EventId: 'e-2',
      EventTimestamp: '2019-02-13T11:15:00.000Z',
      contacts: [{ ...agentEventRecord().CurrentAgentSnapshot.Contacts[0]!, State: 'ENDED', StateStartTimestamp: '2019-02-13T11:15:00.000Z' }],
    });

    // Act
    const response = await handler(kinesisEvent([kinesisRecord(acw, 2)]), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(attempts[1]).toMatchObject({ before: { activity: 'ON_CONTACT' }, state: { activity: 'AFTER_CONTACT_WORK' } });
    expect(repository.stateOf('agent-a')?.activity).toBe('AFTER_CONTACT_WORK');
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'agent state change not published' }));
  });

  it('rejects an event whose AgentARN belongs to another instance than InstanceARN', async () => {
    // Prepare
    const { handler, repository } = setup();
    const foreign = agentEventRecord({ agentId: 'agent-x' });
    const event = kinesisEvent([
      kinesisRecord({ ...foreign, InstanceARN: 'arn:aws:connect:us-west-2:111122223333:instance/another-instance' }, 1),
      kinesisRecord(agentEventRecord({ agentId: 'agent-a' }), 2),
    ]);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(failedIds(response)).toEqual([sequenceNumber(1)]);
    expect(repository.stateOf('agent-x')).toBeUndefined();
  });

  it('answers an empty batch without calling the repository', async () => {
    const { handler, repository } = setup();
    await expect(handler(kinesisEvent([]), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(repository.calls).toBe(0);
  });
});

describe('agent-events Lambda handler: admission checks (shared with POST /ingest/agent-events)', () => {
  it('reports a future-dated event as a batch item failure, logs it as refused, never applies it, and applies the rest', async () => {
    const { handler, repository, logger, malformed } = setup();
    const forged = agentEventRecord({ agentId: 'agent-f', username: 'fay', statusName: 'Lunch', EventTimestamp: '2099-01-01T00:00:00.000Z', EventId: 'forged' });
    const real = agentEventRecord({ agentId: 'agent-g', username: 'gus', EventTimestamp: new Date().toISOString(), EventId: 'real' });
    const response = await handler(kinesisEvent([kinesisRecord(forged, 1), kinesisRecord(real, 2)]), lambdaContext());
    expect(failedIds(response)).toEqual([sequenceNumber(1)]);
    expect(repository.stateOf('agent-f')).toBeUndefined();
    expect(repository.stateOf('agent-g')?.lastEvent.id).toBe('real');
    expect(malformed).toEqual([{ id: sequenceNumber(1), reason: expect.stringContaining('EventTimestamp 2099-01-01T00:00:00.000Z is more than 300 s ahead'), rejection: 'future_timestamp' }]);
    expect(logger.lines).toContainEqual({ level: 'warn', message: 'agent event refused', details: expect.objectContaining({ recordId: sequenceNumber(1), rejection: 'future_timestamp' }) });
  });
});
