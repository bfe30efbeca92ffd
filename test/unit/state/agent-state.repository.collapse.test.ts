import { BatchGetItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { agentKeyOf, applyEvents } from '../../../src/domain/agent-state.reducer';
import type { AgentEventRecord } from '../../../src/domain/records';
import { stateFromItem } from '../../../src/state/agent-state.item';
import { AgentStateRepository } from '../../../src/state/agent-state.repository';
import { agentEventRecord, snapshotContact } from '../../helpers/kinesis-factories';

const event = (id: string, timestamp: string, state: string | null, type = 'STATE_CHANGE'): AgentEventRecord =>
  agentEventRecord({ EventId: id, EventTimestamp: timestamp, EventType: type, contacts: state === null ? [] : [snapshotContact({ State: state, StateStartTimestamp: timestamp })] });

describe('AgentStateRepository.apply collapses an agent\'s events of a batch', () => {
  // The repository sends low-level commands (DynamoDbItems): their inputs hold attribute values.
  const dynamo = mockClient(DynamoDBClient);
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(BatchGetItemCommand).resolves({ Responses: {} });
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(UpdateItemCommand).resolves({});
  });

  const agentPuts = () => dynamo.commandCalls(PutItemCommand).filter((call) => String(call.args[0].input.Item?.sk?.S).startsWith('AGENT#'));

  it('reduces them in memory, in event order whatever the arrival order, into one write of the newest state', async () => {
    const repository = new AgentStateRepository({ client: new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), tableName: 't' });
    const events = [
      event('e2', '2026-11-20T10:00:02.000Z', 'CONNECTED'),
      event('e1', '2026-11-20T10:00:01.000Z', 'CONNECTING'),
      event('e4', '2026-11-20T10:00:04.000Z', null),
      event('e3', '2026-11-20T10:00:03.000Z', 'ENDED'),
      event('h1', '2026-11-20T10:00:03.500Z', 'ENDED', 'HEART_BEAT'),
    ];
    const [result] = await repository.apply([{ key: agentKeyOf(events[0]!), events: events.slice(0, 2) }, { key: agentKeyOf(events[0]!), events: events.slice(2) }]);
    expect((result!.error as { reason?: string } | undefined)?.reason).toBeUndefined();
    const expected = applyEvents(null, events).state!;
    expect(result).toMatchObject({ change: 'changed', state: expected });
    expect(expected.lastEvent.id).toBe('e4');
    expect(expected.lastHeartbeatAt).toBe('2026-11-20T10:00:03.500Z');
    expect(dynamo.commandCalls(BatchGetItemCommand)).toHaveLength(1);
    expect(agentPuts()).toHaveLength(1);
    expect(stateFromItem(unmarshall(agentPuts()[0]!.args[0].input.Item!))).toEqual(expected);
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(0);

    // The next batch: the agent is remembered, so no read, and one UpdateItem of the changed attributes.
    const next = event('e5', '2026-11-20T10:00:05.000Z', 'CONNECTING');
    await repository.apply([{ key: agentKeyOf(next), events: [next] }]);
    expect(dynamo.commandCalls(BatchGetItemCommand)).toHaveLength(1);
    const [update] = dynamo.commandCalls(UpdateItemCommand);
    expect(update!.args[0].input.ConditionExpression).toBe('eventOrderKey = :read AND lastHeartbeatAt = :readHb');
    expect(Object.values(update!.args[0].input.ExpressionAttributeNames ?? {}).sort()).toEqual(['body', 'eventOrderKey', 'expiresAt', 'lastEvent']);
  });
});
