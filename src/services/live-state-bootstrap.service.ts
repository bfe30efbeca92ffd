import type { AgentRoutingProfile, AgentState } from '../domain/agent-state';
import type { AgentStateRepository } from '../state/agent-state.repository';
import type { ConnectCurrentUserDataReader, RoutingProfileQueue, UserDataFilter } from '../state/connect-current-user-data.reader';
import { agentStateFromUserData, type UserDataNames, type UserDataSkipReason } from '../state/connect-user-data.mapper';

/**
 * The live-state warm start: when an instance's partition of the agent-state table is empty (a new
 * deployment, a new region), read Connect's current agent snapshot (`GetCurrentUserData`) and store
 * it, so wallboards show agents before each one's first agent event (heartbeats come every 120 s;
 * an idle agent otherwise stays invisible until then). The stored states are marked
 * `lastEvent.type = 'BOOTSTRAP'` and written with the event path's ordering condition, so agent
 * events newer than the snapshot always win — also one stored while the bootstrap runs.
 */

/**
 * Which agents to read. Every agent has exactly one routing profile, so `routingProfiles` without
 * ids (every profile of `ListRoutingProfiles`) reads each agent once: the default. `queues` reads the
 * agents whose routing profile serves one of the queues (`ListQueues`' STANDARD queues without ids).
 */
export interface BootstrapSelection {
  readonly by: UserDataFilter['by'];
  /** Ids or ARNs; absent: all of the instance. */
  readonly ids?: readonly string[];
}

/** Progress after each page. */
export interface BootstrapProgress {
  readonly chunk: number;
  readonly chunks: number;
  readonly pages: number;
  /** Distinct agents read so far. */
  readonly agents: number;
}

/** What to bootstrap. */
export interface LiveStateBootstrapOptions {
  readonly instanceArn: string;
  readonly selection?: BootstrapSelection;
  /** Bootstrap even when the instance's partition already holds agents (writes still never overwrite newer states). */
  readonly force?: boolean;
  /** Read Connect and convert, but write nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: (progress: BootstrapProgress) => void;
}

/** What a run did. */
export interface LiveStateBootstrapReport {
  readonly instanceArn: string;
  /** 'skipped': the partition holds agents and `force` was not given; nothing was read from Connect. */
  readonly outcome: 'bootstrapped' | 'dry-run' | 'skipped';
  readonly filter: { readonly by: UserDataFilter['by']; readonly ids: number } | null;
  readonly pages: number;
  /** Distinct agents converted. */
  readonly agents: number;
  readonly written: number;
  /** Agents whose stored state was newer than the snapshot (left as they were). */
  readonly kept: number;
  /** UserData entries that could not be converted, by reason. */
  readonly unreadable: Partial<Record<UserDataSkipReason, number>>;
  /** Throttled Connect calls retried by the reader. */
  readonly throttledRetries: number;
}

/** `ListRoutingProfileQueues` entries (one per queue and channel) as a profile's inbound queues: one per queue, its channels together, in the order listed. */
export function inboundQueuesOf(entries: readonly RoutingProfileQueue[], queueNames: ReadonlyMap<string, string>): AgentRoutingProfile['inboundQueues'] {
  const byArn = new Map<string, { arn: string; name: string | null; channels: string[] }>();
  for (const entry of entries) {
    const queue = byArn.get(entry.arn) ?? { arn: entry.arn, name: entry.name ?? queueNames.get(entry.arn) ?? null, channels: [] };
    if (!queue.channels.includes(entry.channel)) queue.channels.push(entry.channel);
    byArn.set(entry.arn, queue);
  }
  return [...byArn.values()];
}

/** What the bootstrap is made of. */
export interface LiveStateBootstrapDeps {
  readonly reader: ConnectCurrentUserDataReader;
  readonly repository: Pick<AgentStateRepository, 'hasAgents' | 'putIfNewer'>;
}

/**
 * Runs the warm start of one instance: the empty-partition check (unless `force`), the name lists
 * (`ListUsers`, `ListRoutingProfiles`, `ListQueues`), then `GetCurrentUserData` page by page, each
 * page's new agents converted (with the inbound queues of their routing profiles,
 * `ListRoutingProfileQueues` once per profile) and written before the next page is read.
 * @throws ConnectInstanceArnError on a malformed ARN; the Connect or DynamoDB error that stopped the run
 *   (the states of the pages before it are stored).
 */
export async function bootstrapLiveState(deps: LiveStateBootstrapDeps, options: LiveStateBootstrapOptions): Promise<LiveStateBootstrapReport> {
  const { instanceArn } = options;
  const throttledBefore = deps.reader.throttledRetries;
  const empty = { instanceArn, filter: null, pages: 0, agents: 0, written: 0, kept: 0, unreadable: {}, throttledRetries: 0 };
  if (!options.force && (await deps.repository.hasAgents(instanceArn))) return { ...empty, outcome: 'skipped' };

  const selection = options.selection ?? { by: 'routingProfiles' };
  const users = await deps.reader.listUsers(instanceArn);
  const profiles = await deps.reader.listRoutingProfiles(instanceArn);
  const queues = await deps.reader.listQueues(instanceArn);
  const queueNames = new Map(queues.map((q) => [q.arn, q.name]));
  const routingProfileQueues = new Map<string, AgentRoutingProfile['inboundQueues']>();
  const names: UserDataNames = {
    usernames: new Map(users.map((u) => [u.id, u.name])),
    routingProfiles: new Map(profiles.map((p) => [p.arn, p.name])),
    queues: queueNames,
    routingProfileQueues,
  };
  const ids = selection.ids ?? (selection.by === 'routingProfiles' ? profiles : queues).map((r) => r.id);
  const filter: UserDataFilter = { by: selection.by, ids: [...new Set(ids)] };

  const seen = new Set<string>();
  const unreadable: Partial<Record<UserDataSkipReason, number>> = {};
  let pages = 0;
  let written = 0;
  let kept = 0;
  for await (const page of deps.reader.pages(instanceArn, filter)) {
    pages += 1;
    // The inbound queues of each routing profile met for the first time (one List call per profile), so queue filters find bootstrapped agents.
    for (const user of page.users) {
      const profile = user.RoutingProfile;
      if (!profile?.Arn || routingProfileQueues.has(profile.Arn)) continue;
      const entries = await deps.reader.listRoutingProfileQueues(instanceArn, profile.Id ?? profile.Arn);
      routingProfileQueues.set(profile.Arn, inboundQueuesOf(entries, queueNames));
    }
    const states: AgentState[] = [];
    for (const user of page.users) {
      const converted = agentStateFromUserData(user, { instanceArn, respondedAt: page.respondedAt, names });
      if ('skipped' in converted) {
        unreadable[converted.skipped] = (unreadable[converted.skipped] ?? 0) + 1;
        continue;
      }
      // Queue filters list an agent once per chunk whose queues its routing profile serves.
      if (seen.has(converted.state.agentId)) continue;
      seen.add(converted.state.agentId);
      states.push(converted.state);
    }
    if (!options.dryRun && states.length > 0) {
      for (const result of await deps.repository.putIfNewer(states)) {
        if (result === 'written') written += 1;
        else kept += 1;
      }
    }
    options.onProgress?.({ chunk: page.chunk, chunks: page.chunks, pages, agents: seen.size });
  }
  return {
    instanceArn,
    outcome: options.dryRun ? 'dry-run' : 'bootstrapped',
    filter: { by: filter.by, ids: filter.ids.length },
    pages,
    agents: seen.size,
    written,
    kept,
    unreadable,
    throttledRetries: deps.reader.throttledRetries - throttledBefore,
  };
}
