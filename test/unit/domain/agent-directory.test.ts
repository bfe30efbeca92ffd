import { AgentDirectory, isAgentQueueArn, lastArnSegment, mergeQueues, type AgentDirectoryEntry } from '../../../src/domain/agent-directory';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/i-1';
const agent = (agentId: string, username: string): AgentDirectoryEntry => ({
  agentId,
  agentArn: `${INSTANCE}/agent/${agentId}`,
  instanceArn: INSTANCE,
  username,
  firstName: null,
  lastName: null,
  routingProfile: null,
  hierarchy: [null, null, null, null, null],
  lastSeenMs: 0,
});

describe('AgentDirectory', () => {
  const directory = new AgentDirectory(
    [agent('b-2', 'zoe'), agent('a-1', 'adam'), agent('c-3', 'Bea')],
    mergeQueues([{ arn: `${INSTANCE}/queue/q-2`, name: 'Sales' }], [{ arn: `${INSTANCE}/queue/q-1`, name: 'Billing' }]),
  );

  it('orders agents by username (code units, no locale) and queues by name', () => {
    expect(directory.agents.map((a) => a.username)).toEqual(['Bea', 'adam', 'zoe']);
    expect(directory.queues.map((q) => q.name)).toEqual(['Billing', 'Sales']);
  });

  it('finds agents by id, ARN or username, and queues by id, ARN or name', () => {
    expect(directory.agentById('a-1')?.username).toBe('adam');
    expect(directory.agentById(`${INSTANCE}/agent/b-2`)?.username).toBe('zoe');
    expect(directory.agentByUsername('Bea')?.agentId).toBe('c-3');
    expect(directory.agentById('nobody')).toBeUndefined();
    expect(directory.queueById('q-2')?.name).toBe('Sales');
    expect(directory.queueById(`${INSTANCE}/queue/q-1`)?.name).toBe('Billing');
    expect(directory.queueByName('Sales')?.queueId).toBe('q-2');
  });
});

describe('mergeQueues', () => {
  it('keeps one queue per ARN, prefers routing-profile names, and leaves agent queues out', () => {
    const merged = mergeQueues(
      [
        { arn: `${INSTANCE}/queue/q-1`, name: 'Sales (renamed)' },
        { arn: `${INSTANCE}/queue/agent/a-1`, name: null },
      ],
      [
        { arn: `${INSTANCE}/queue/q-1`, name: 'Sales' },
        { arn: `${INSTANCE}/queue/q-9`, name: 'Old queue' },
      ],
    );
    expect(merged).toEqual([
      { queueId: 'q-1', queueArn: `${INSTANCE}/queue/q-1`, name: 'Sales (renamed)' },
      { queueId: 'q-9', queueArn: `${INSTANCE}/queue/q-9`, name: 'Old queue' },
    ]);
  });

  it('recognises agent queue ARNs and takes the last ARN segment as the id', () => {
    expect(isAgentQueueArn(`${INSTANCE}/queue/agent/a-1`)).toBe(true);
    expect(isAgentQueueArn(`${INSTANCE}/queue/q-1`)).toBe(false);
    expect(lastArnSegment(`${INSTANCE}/queue/q-1`)).toBe('q-1');
  });
});
