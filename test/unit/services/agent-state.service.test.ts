import type { AgentState } from '../../../src/domain/agent-state';
import { RequestStats } from '../../../src/domain/request-stats';
import { createAgentStateLoader } from '../../../src/loaders/agent-state.loader';
import { AgentStateService, type AgentStateListOptions, type AgentStateReader } from '../../../src/services/agent-state.service';
import { agentState } from '../../helpers/agent-states';

const INSTANCE_A = 'arn:aws:connect:us-east-1:111122223333:instance/test';
const INSTANCE_B = 'arn:aws:connect:us-east-1:111122223333:instance/other';

/** A reader that records the options of every call and returns states of both instances (as a store that ignored the scope would). */
function recordingReader(states: AgentState[]): AgentStateReader & { calls: { method: string; options?: AgentStateListOptions }[]; gets: string[][] } {
  const calls: { method: string; options?: AgentStateListOptions }[] = [];
  const gets: string[][] = [];
  return {
    calls,
    gets,
    listAll: (options) => (calls.push({ method: 'listAll', options }), Promise.resolve(states)),
    listByQueues: (queues, options) => (calls.push({ method: 'listByQueues', options }), Promise.resolve(queues.map(() => states))),
    listByRoutingProfile: (_rp, options) => (calls.push({ method: 'listByRoutingProfile', options }), Promise.resolve(states)),
    getMany: (keys) => (gets.push(keys.map((k) => k.instanceArn)), Promise.resolve(keys.map((k) => states.find((s) => s.instanceArn === k.instanceArn && s.agentId === k.agentId) ?? null))),
  };
}

describe('live agent state for a principal scoped to instances', () => {
  const ann = agentState({ username: 'ann', activity: 'AVAILABLE' });
  const bob: AgentState = { ...agentState({ username: 'bob', activity: 'AVAILABLE' }), instanceArn: INSTANCE_B };
  const scopeA = { kind: 'instances', instanceArns: [INSTANCE_A] } as const;

  it('asks the store for the scope\'s instances only and drops any state of another instance', async () => {
    const reader = recordingReader([ann, bob]);
    const service = new AgentStateService(reader, new RequestStats(), scopeA);
    expect((await service.list()).map((s) => s.username)).toEqual(['ann']);
    expect((await service.list({ queue: 'BasicQueue' })).map((s) => s.username)).toEqual(['ann']);
    expect((await service.list({ routingProfile: 'basic' })).map((s) => s.username)).toEqual(['ann']);
    expect(reader.calls.map((c) => [c.method, c.options?.instanceArns])).toEqual([
      ['listAll', [INSTANCE_A]],
      ['listByRoutingProfile', [INSTANCE_A]],
    ]);
  });

  it('reads every instance (a Scan) for a principal of every instance', async () => {
    const reader = recordingReader([ann, bob]);
    const service = new AgentStateService(reader, new RequestStats());
    expect((await service.list()).map((s) => s.username)).toEqual(['ann', 'bob']);
    expect(reader.calls[0]!.options?.instanceArns).toBeUndefined();
  });

  it('resolves Agent.state of another instance to null without reading it', async () => {
    const reader = recordingReader([ann, bob]);
    const loader = createAgentStateLoader(reader, new RequestStats(), scopeA);
    const [a, b] = await Promise.all([loader.load({ instanceArn: INSTANCE_A, agentId: 'ann' }), loader.load({ instanceArn: INSTANCE_B, agentId: 'bob' })]);
    expect(a?.username).toBe('ann');
    expect(b).toBeNull();
    expect(reader.gets).toEqual([[INSTANCE_A]]);
  });
});
