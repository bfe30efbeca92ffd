import DataLoader from 'dataloader';
import { loadGrouped, type GroupedKey } from '../../../src/loaders/range-batch';
import { createAgentStateLoader } from '../../../src/loaders/agent-state.loader';
import { RequestStats } from '../../../src/domain/request-stats';
import { agentState } from '../../helpers/agent-states';
import type { AgentKey } from '../../../src/domain/agent-state';

describe('loadGrouped', () => {
  const key = (id: string, group: string): GroupedKey => ({ id, group });

  it('loads each group with one call per chunk, fills unanswered ids, and fails only the keys of a failing group', async () => {
    const calls: string[][] = [];
    const keys = [key('a', 'g1'), key('b', 'g2'), key('c', 'g1'), key('d', 'g1'), key('e', 'g2')];
    const results = await loadGrouped(
      keys,
      2,
      async (group) => {
        calls.push(group.map((k) => `${k.group}:${k.id}`));
        if (group[0]?.group === 'g2') throw new Error('g2 failed');
        return new Map(group.filter((k) => k.id !== 'd').map((k) => [k.id, k.id.toUpperCase()]));
      },
      () => 'missing',
    );
    expect(calls).toEqual([['g1:a', 'g1:c'], ['g1:d'], ['g2:b', 'g2:e']]);
    expect(results.map((r) => (r instanceof Error ? `error: ${r.message}` : r))).toEqual(['A', 'error: g2 failed', 'C', 'missing', 'error: g2 failed']);
  });
});

describe('createAgentStateLoader', () => {
  const key = (username: string): AgentKey => ({ instanceArn: agentState({ username, activity: 'AVAILABLE' }).instanceArn, agentId: username });

  it('sends every key of a tick in one getMany call and records one DynamoDB call per 100 keys', async () => {
    const batches: number[] = [];
    const reader = {
      getMany: async (keys: readonly AgentKey[]) => {
        batches.push(keys.length);
        return keys.map((k) => (k.agentId.endsWith('0') ? null : agentState({ username: k.agentId, activity: 'AVAILABLE' })));
      },
    };
    const stats = new RequestStats();
    const loader = createAgentStateLoader(reader, stats);
    const states = await Promise.all(Array.from({ length: 150 }, (_, i) => loader.load(key(`agent${i}`))));
    expect(batches).toEqual([150]);
    expect(stats.snapshot().backendCalls).toEqual({ dynamodb: 2 });
    expect(states.filter((s) => s === null)).toHaveLength(15);
    expect(states[1]?.username).toBe('agent1');
  });

  it('answers every key of a failed batch with UPSTREAM_FAILED', async () => {
    const loader: DataLoader<AgentKey, unknown, string> = createAgentStateLoader({ getMany: async () => Promise.reject(new Error('throttled')) }, new RequestStats());
    await expect(loader.load(key('a'))).rejects.toMatchObject({ code: 'UPSTREAM_FAILED', data: { source: 'dynamodb' }, reason: expect.stringContaining('throttled') });
  });
});
