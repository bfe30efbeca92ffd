import type { AgentContactReference, HierarchyGroupSummaryReference, UserData } from '@aws-sdk/client-connect';
import type { AgentContact, AgentRoutingProfile, AgentState, ResourceRef } from '../domain/agent-state';
import { deriveActivity, normalizeTimestamp, statusTypeOf } from '../domain/agent-state.reducer';

/**
 * `GetCurrentUserData`'s `UserData` → the project's {@link AgentState}, for the live-state warm
 * start. The snapshot is poorer than an agent event's: no first or last name, no status type (it is
 * inferred from the name as for older events), no hierarchy names; the routing profile's queues come
 * from `ListRoutingProfileQueues` (see {@link UserDataNames.routingProfileQueues}). The
 * first agent event of the agent (a heartbeat comes every 120 s) replaces it whole.
 */

/** `lastEvent.type` of a state written by the warm start: the mark of its source. */
export const BOOTSTRAP_EVENT_TYPE = 'BOOTSTRAP';
/**
 * `lastEvent.id` of a state written by the warm start. `!` sorts before every character of an
 * agent event id (a UUID), so an agent event of the same millisecond is newer by the ordering key.
 */
export const BOOTSTRAP_EVENT_ID = '!bootstrap';

/** Names the snapshot lacks, from the List calls (by ARN; user names by user id). */
export interface UserDataNames {
  readonly usernames: ReadonlyMap<string, string>;
  readonly routingProfiles: ReadonlyMap<string, string>;
  readonly queues: ReadonlyMap<string, string>;
  /** The inbound queues of routing profiles, by profile ARN; a profile missing here gets none. */
  readonly routingProfileQueues?: ReadonlyMap<string, AgentRoutingProfile['inboundQueues']>;
}

/** Why a `UserData` was not converted. */
export type UserDataSkipReason = 'no user' | 'no status';

const iso = (date: Date | undefined): string | null => (date === undefined || Number.isNaN(date.getTime()) ? null : normalizeTimestamp(date.toISOString()));

function ref(arn: string | undefined, names: ReadonlyMap<string, string>): ResourceRef | null {
  return arn ? { arn, name: names.get(arn) ?? null } : null;
}

function contactOf(c: AgentContactReference, names: UserDataNames, fallbackSince: string): AgentContact | null {
  if (!c.ContactId) return null;
  return {
    contactId: c.ContactId,
    initialContactId: null,
    channel: c.Channel ?? 'UNKNOWN',
    state: c.AgentContactState ?? 'UNKNOWN',
    stateSince: iso(c.StateStartTimestamp) ?? fallbackSince,
    queue: ref(c.Queue?.Arn, names.queues),
    initiationMethod: c.InitiationMethod ?? null,
    connectedToAgentAt: iso(c.ConnectedToAgentTimestamp),
    queuedAt: null,
  };
}

function hierarchyRef(group: HierarchyGroupSummaryReference | undefined): ResourceRef | null {
  return group?.Arn ? { arn: group.Arn, name: null } : null;
}

/** Concurrency per channel from the slot maps (channels with a maximum), by channel name. */
function concurrencyOf(user: UserData): AgentRoutingProfile['concurrency'] {
  const max = user.MaxSlotsByChannel ?? {};
  return Object.entries(max)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([channel, maximumSlots]) => ({ channel, maximumSlots, availableSlots: (user.AvailableSlotsByChannel as Record<string, number | undefined> | undefined)?.[channel] ?? 0 }));
}

/**
 * The time of the newest change the snapshot shows: the latest of the status start and the
 * contacts' state and connection times, or `respondedAt` when it shows none. This is the state's
 * ordering timestamp, so an agent event of anything that happened after it wins, and one the snapshot
 * already reflects loses.
 */
export function snapshotTimeOf(user: UserData, respondedAt: Date): string {
  const times = [user.Status?.StatusStartTimestamp, ...(user.Contacts ?? []).flatMap((c) => [c.StateStartTimestamp, c.ConnectedToAgentTimestamp])]
    .map((d) => (d === undefined ? NaN : d.getTime()))
    .filter((ms) => !Number.isNaN(ms));
  const newest = times.length > 0 ? Math.max(...times) : respondedAt.getTime();
  // A snapshot never shows the future: clock skew is capped at the response time.
  return new Date(Math.min(newest, respondedAt.getTime())).toISOString();
}

/**
 * The agent state a `UserData` shows, or why it shows none (no user ARN/id, no status).
 * `lastEvent` is `{ id: '!bootstrap', type: 'BOOTSTRAP', timestamp: snapshotTimeOf(…) }`; the user
 * name is the `ListUsers` login name (the user id when unknown); the routing profile has its name
 * when known and the inbound queues of `names.routingProfileQueues` (Connect's snapshot does not list them).
 */
export function agentStateFromUserData(
  user: UserData,
  context: { readonly instanceArn: string; readonly respondedAt: Date; readonly names: UserDataNames },
): { readonly state: AgentState } | { readonly skipped: UserDataSkipReason } {
  const agentArn = user.User?.Arn;
  const agentId = user.User?.Id ?? agentArn?.split('/').pop();
  if (!agentArn || !agentId) return { skipped: 'no user' };
  if (!user.Status?.StatusName) return { skipped: 'no status' };
  const timestamp = snapshotTimeOf(user, context.respondedAt);
  const status = {
    name: user.Status.StatusName,
    type: statusTypeOf({ Name: user.Status.StatusName }),
    arn: user.Status.StatusArn ?? null,
    since: iso(user.Status.StatusStartTimestamp) ?? timestamp,
  };
  const contacts = (user.Contacts ?? []).flatMap((c) => contactOf(c, context.names, timestamp) ?? []);
  const rpArn = user.RoutingProfile?.Arn;
  const path = user.HierarchyPath;
  return {
    state: {
      instanceArn: context.instanceArn,
      agentArn,
      agentId,
      username: context.names.usernames.get(agentId) ?? agentId,
      firstName: null,
      lastName: null,
      status,
      nextStatus: user.NextStatus ?? null,
      activity: deriveActivity(status, contacts),
      contacts,
      routingProfile: rpArn ? { arn: rpArn, name: context.names.routingProfiles.get(rpArn) ?? null, inboundQueues: context.names.routingProfileQueues?.get(rpArn) ?? [], concurrency: concurrencyOf(user) } : null,
      hierarchy: [path?.LevelOne, path?.LevelTwo, path?.LevelThree, path?.LevelFour, path?.LevelFive].map(hierarchyRef),
      lastEvent: { id: BOOTSTRAP_EVENT_ID, type: BOOTSTRAP_EVENT_TYPE, timestamp },
      lastHeartbeatAt: null,
    },
  };
}
