import { handler } from '../../src/lambda/agent-events.handler';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { deployedLambdaEnvironment } from '../helpers/deployed-lambda-env';
import { agentEventRecord, kinesisEvent, kinesisRecord, lambdaContext, sequenceNumber, snapshotContact, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

const TABLE = 'agent-events-lambda-test';

describe('the deployed agent-events handler (configuration from the environment, dynalite as DynamoDB)', () => {
  const lambdaEnv = deployedLambdaEnvironment(TABLE);

  it('stores the valid records in the configured table and reports the malformed one', async () => {
    const event = kinesisEvent([
      kinesisRecord(agentEventRecord({ agentId: 'lambda-a', username: 'ann' }), 1),
      kinesisRecord('{"not": "an agent event"}', 2),
      kinesisRecord(agentEventRecord({ agentId: 'lambda-b', username: 'bob', statusName: 'Break', contacts: [] }), 3),
    ]);

    const response = await handler(event, lambdaContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
    const repository = new AgentStateRepository({ client: lambdaEnv.client, tableName: TABLE });
    const [a, b] = await repository.getMany([
      { instanceArn: TEST_INSTANCE_ARN, agentId: 'lambda-a' },
      { instanceArn: TEST_INSTANCE_ARN, agentId: 'lambda-b' },
    ]);
    expect(a).toMatchObject({ username: 'ann', activity: 'ON_CONTACT' });
    expect(b).toMatchObject({ username: 'bob', activity: 'NON_PRODUCTIVE', status: { name: 'Break' } });
  });

  // Reference quirk 12 ("Enumerations grow"): values Connect adds are data, never a batch item failure.
  it('stores events with a CUSTOM status, without Type, and with contact values it does not know, reporting no failure', async () => {
    const noType = agentEventRecord({ agentId: 'lambda-c', username: 'cleo', statusName: 'Lunch', contacts: [] });
    const { Type: _dropped, ...untyped } = noType.CurrentAgentSnapshot.AgentStatus;
    const event = kinesisEvent([
      kinesisRecord(agentEventRecord({ agentId: 'lambda-b', username: 'bob', statusName: 'Break', contacts: [], EventId: 'custom-1', EventTimestamp: '2019-02-13T11:20:00.000Z' }), 20),
      kinesisRecord({ ...noType, CurrentAgentSnapshot: { ...noType.CurrentAgentSnapshot, AgentStatus: untyped } }, 21),
      kinesisRecord(
        agentEventRecord({
          agentId: 'lambda-d',
          username: 'dora',
          contacts: [snapshotContact({ State: 'RINGING_V2', Channel: 'VIDEO', InitiationMethod: 'WEBRTC_API' })],
        }),
        22,
      ),
    ]);

    await expect(handler(event, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });

    const repository = new AgentStateRepository({ client: lambdaEnv.client, tableName: TABLE });
    const [b, c, d] = await repository.getMany(['lambda-b', 'lambda-c', 'lambda-d'].map((agentId) => ({ instanceArn: TEST_INSTANCE_ARN, agentId })));
    expect(b).toMatchObject({ activity: 'NON_PRODUCTIVE', status: { name: 'Break', type: 'CUSTOM' } });
    expect(c).toMatchObject({ activity: 'NON_PRODUCTIVE', status: { name: 'Lunch', type: 'CUSTOM' } });
    expect(d).toMatchObject({ activity: 'ON_CONTACT', contacts: [{ state: 'RINGING_V2', channel: 'VIDEO', initiationMethod: 'WEBRTC_API' }] });
  });

  it('accepts a duplicate delivery on the next invocation as a no-op', async () => {
    const record = agentEventRecord({ agentId: 'lambda-a', username: 'ann' });
    await expect(handler(kinesisEvent([kinesisRecord(record, 10)]), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
  });
});
