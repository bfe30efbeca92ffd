import type { EventBridgeEvent } from 'aws-lambda';
import { ContactEventError, createContactEventsHandler, handler } from '../../src/lambda/contact-events.handler';
import type { QueueRealtimeChangedPayload } from '../../src/realtime/topics';
import { QueueLiveRepository } from '../../src/state/queue-live.repository';
import { deployedLambdaEnvironment } from '../helpers/deployed-lambda-env';
import { lambdaContext, TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

const TABLE = 'contact-events-lambda-test';
const QUEUE = `${TEST_INSTANCE_ARN}/queue/lambda-q`;
const iso = (ms: number) => new Date(ms).toISOString();

/** An EventBridge contact event as the rule delivers it to the function. */
function eventBridgeEvent(detail: Record<string, unknown>, id: string): EventBridgeEvent<string, unknown> {
  return { version: '0', id, 'detail-type': 'Amazon Connect Contact Event', source: 'aws.connect', account: '111122223333', time: iso(Date.now() - 1000), region: 'us-east-1', resources: [], detail };
}

describe('the contactEvents Lambda handler (EventBridge, one event per invocation, dynalite as DynamoDB)', () => {
  const lambdaEnv = deployedLambdaEnvironment(TABLE);

  it('the deployed handler stores a contact event in the configured table; a retried (duplicate) delivery is a no-op', async () => {
    const t = Date.now() - 60_000;
    const queued = eventBridgeEvent({ eventType: 'QUEUED', contactId: 'lambda-c1', instanceArn: TEST_INSTANCE_ARN, channel: 'CHAT', queueInfo: { queueArn: QUEUE, enqueueTimestamp: iso(t) } }, 'eb-1');
    await expect(handler(queued, lambdaContext())).resolves.toEqual({ applied: true, changedQueues: 1 });
    await expect(handler(queued, lambdaContext())).resolves.toEqual({ applied: true, changedQueues: 0 });
    const contacts = await new QueueLiveRepository({ client: lambdaEnv.client, tableName: TABLE }).listLiveContacts(TEST_INSTANCE_ARN);
    expect(contacts).toEqual([expect.objectContaining({ contactId: 'lambda-c1', phase: 'QUEUED', queueArn: QUEUE, channel: 'CHAT', enqueuedAt: iso(t) })]);
  });

  it('fails the invocation (throws MALFORMED_EVENT) for a malformed event: the failure that Lambda retries and then dead-letters', async () => {
    const bad = eventBridgeEvent({ eventType: 'QUEUED', instanceArn: TEST_INSTANCE_ARN }, 'eb-bad');
    const failure = handler(bad, lambdaContext());
    await expect(failure).rejects.toBeInstanceOf(ContactEventError);
    await expect(handler(bad, lambdaContext())).rejects.toMatchObject({ code: 'MALFORMED_EVENT', eventId: 'eb-bad', message: expect.stringMatching(/contactId/) });
  });

  it('fails the invocation with WRITE_FAILED when DynamoDB cannot be written, and publishes each changed queue otherwise', async () => {
    const published: QueueRealtimeChangedPayload[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const working = createContactEventsHandler({ repository: new QueueLiveRepository({ client: lambdaEnv.client, tableName: TABLE }), publish: (c) => void published.push(c), logger });
    const t = Date.now() - 30_000;
    const connected = eventBridgeEvent(
      { eventType: 'CONNECTED_TO_AGENT', contactId: 'lambda-c2', instanceArn: TEST_INSTANCE_ARN, channel: 'VOICE', queueInfo: { queueArn: QUEUE, enqueueTimestamp: iso(t) }, agentInfo: { connectedToAgentTimestamp: iso(t + 5000) } },
      'eb-2',
    );
    await working(connected, lambdaContext());
    expect(published).toEqual([{ instanceArn: TEST_INSTANCE_ARN, queueArn: QUEUE }]);

    const broken = createContactEventsHandler({ repository: new QueueLiveRepository({ client: lambdaEnv.client, tableName: 'no-such-table' }), publish: () => undefined, logger });
    await expect(broken(connected, lambdaContext())).rejects.toMatchObject({ name: 'ContactEventError', code: 'WRITE_FAILED', eventId: 'eb-2' });
  });
});
