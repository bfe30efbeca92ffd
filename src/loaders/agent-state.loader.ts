import DataLoader from 'dataloader';
import { agentKeyString, type AgentKey, type AgentState } from '../domain/agent-state';
import { operatorDetail, UpstreamError } from '../domain/errors';
import { ALL_INSTANCES, scopeIncludes, type InstanceScope } from '../domain/principal';
import type { RequestStats } from '../domain/request-stats';

/** What the loader needs from the agent-state store: BatchGetItem by key (the DynamoDB repository's `getMany`). */
export interface AgentStateBatchReader {
  /** States in key order, null where an agent has no item; BatchGetItem in chunks of 100 keys. */
  getMany(keys: readonly AgentKey[]): Promise<(AgentState | null)[]>;
}

/** BatchGetItem takes at most this many keys; the repository splits larger batches. */
const BATCH_GET_MAX_KEYS = 100;

/**
 * Loads live agent state by key: every key asked for in one tick goes to one `getMany` call, which is
 * one DynamoDB BatchGetItem per 100 agents. An agent without state resolves to `null`; when DynamoDB
 * fails, every key of the batch holds an UPSTREAM_FAILED error. Create one per request. A key of an
 * instance outside `scope` resolves to `null` without being read (as an agent without state does).
 */
export function createAgentStateLoader(reader: AgentStateBatchReader, stats: RequestStats, scope: InstanceScope = ALL_INSTANCES): DataLoader<AgentKey, AgentState | null, string> {
  return new DataLoader<AgentKey, AgentState | null, string>(
    async (allKeys) => {
      const keys = allKeys.filter((k) => scopeIncludes(scope, k.instanceArn));
      if (keys.length === 0) return allKeys.map(() => null);
      try {
        const read = await reader.getMany(keys);
        const byKey = new Map(keys.map((k, i) => [agentKeyString(k), read[i] ?? null]));
        const states = allKeys.map((k) => byKey.get(agentKeyString(k)) ?? null);
        const found = read.filter((s) => s !== null).length;
        const calls = Math.ceil(keys.length / BATCH_GET_MAX_KEYS);
        for (let i = 0; i < calls; i++) stats.recordCall('dynamodb', { rows: i === 0 ? found : 0 });
        return states;
      } catch (error) {
        const failure = error instanceof UpstreamError ? error : new UpstreamError('dynamodb', `reading the live state of ${keys.length} agents: ${operatorDetail(error)}`, error);
        return allKeys.map(() => failure);
      }
    },
    { cacheKeyFn: agentKeyString },
  );
}
