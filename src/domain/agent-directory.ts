import type { AgentRoutingProfile, ResourceRef } from './agent-state';

/**
 * The directory of agents and queues (pure): who exists, by id, ARN, username or name. Built from
 * the newest agent-event snapshot of each agent (configuration: username, names, routing profile,
 * hierarchy) and, for queues, from the routing profiles' inbound queues plus the queues contacts
 * waited in (CTR `Queue`).
 */

/** An agent as the directory knows it (its newest snapshot). */
export interface AgentDirectoryEntry {
  /** The agent id: the last part of the agent ARN. */
  readonly agentId: string;
  readonly agentArn: string;
  readonly instanceArn: string;
  readonly username: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** Routing profile with its inbound queues (concurrency is not part of the directory). */
  readonly routingProfile: AgentRoutingProfile | null;
  /** Hierarchy groups level 1 to 5 (null where not set). */
  readonly hierarchy: readonly (ResourceRef | null)[];
  /** Time of the agent's newest event in the directory's window, epoch ms. */
  readonly lastSeenMs: number;
}

/** A queue as the directory knows it. */
export interface QueueDirectoryEntry {
  /** The queue id: the last part of the queue ARN. */
  readonly queueId: string;
  readonly queueArn: string;
  readonly name: string;
}

/** How far back the directory looks for agent events and contacts, in days (Connect keeps 35 days behind `DAY` metrics). */
export const DIRECTORY_LOOKBACK_DAYS = 35;
/** How long a process reuses a built directory before reading it again, ms. */
export const DIRECTORY_TTL_MS = 5 * 60_000;

/** The last segment of an ARN (`…/queue/<id>` → `<id>`). */
export function lastArnSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** True for an agent's personal queue (`…/queue/agent/<agentId>`), which has no name and is not listed. */
export function isAgentQueueArn(arn: string): boolean {
  return /\/queue\/agent\/[^/]+$/.test(arn);
}

/** Agents and queues with lookups. Lists are ordered by username (agents) and name (queues). Immutable. */
export class AgentDirectory {
  readonly agents: readonly AgentDirectoryEntry[];
  readonly queues: readonly QueueDirectoryEntry[];
  private readonly agentsByKey = new Map<string, AgentDirectoryEntry>();
  private readonly agentsByUsername = new Map<string, AgentDirectoryEntry>();
  private readonly queuesByKey = new Map<string, QueueDirectoryEntry>();
  private readonly queuesByName = new Map<string, QueueDirectoryEntry>();

  constructor(agents: readonly AgentDirectoryEntry[], queues: readonly QueueDirectoryEntry[]) {
    this.agents = [...agents].sort((a, b) => compareText(a.username, b.username) || compareText(a.agentId, b.agentId));
    this.queues = [...queues].sort((a, b) => compareText(a.name, b.name) || compareText(a.queueArn, b.queueArn));
    for (const agent of this.agents) {
      this.agentsByKey.set(agent.agentId, agent);
      this.agentsByKey.set(agent.agentArn, agent);
      if (!this.agentsByUsername.has(agent.username)) this.agentsByUsername.set(agent.username, agent);
    }
    for (const queue of this.queues) {
      this.queuesByKey.set(queue.queueId, queue);
      this.queuesByKey.set(queue.queueArn, queue);
      if (!this.queuesByName.has(queue.name)) this.queuesByName.set(queue.name, queue);
    }
  }

  /** The agent with this agent id or ARN, or undefined. */
  agentById(idOrArn: string): AgentDirectoryEntry | undefined {
    return this.agentsByKey.get(idOrArn);
  }

  /** The agent with this username (exact), or undefined. */
  agentByUsername(username: string): AgentDirectoryEntry | undefined {
    return this.agentsByUsername.get(username);
  }

  /** The queue with this queue id or ARN, or undefined. */
  queueById(idOrArn: string): QueueDirectoryEntry | undefined {
    return this.queuesByKey.get(idOrArn);
  }

  /** The queue with this name (exact), or undefined. */
  queueByName(name: string): QueueDirectoryEntry | undefined {
    return this.queuesByName.get(name);
  }
}

/** Orders strings by code unit, the same way on every machine (no locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges the queues seen in routing profiles and in contacts into one entry per ARN. The routing
 * profiles' names win (they are the current configuration); agent queues are left out.
 */
export function mergeQueues(fromProfiles: readonly { arn: string; name: string | null }[], fromContacts: readonly { arn: string; name: string }[]): QueueDirectoryEntry[] {
  const byArn = new Map<string, string>();
  for (const q of fromContacts) if (!isAgentQueueArn(q.arn)) byArn.set(q.arn, q.name);
  for (const q of fromProfiles) if (q.name !== null && q.name !== '' && !isAgentQueueArn(q.arn)) byArn.set(q.arn, q.name);
  return [...byArn].map(([queueArn, name]) => ({ queueId: lastArnSegment(queueArn), queueArn, name }));
}
