import type { AgentActivity } from './agent-state';
import { compareCodePoints, deriveActivity, isUnknownContactState, statusClassOf } from './agent-state.reducer';

/**
 * Status history rebuilt from agent events (pure). Every agent event carries the agent's full
 * snapshot — the status in force with its start time, and the contacts with their states — so the
 * history is the sequence of snapshots in event order:
 *
 * - events are de-duplicated by `EventId` and ordered by `EventTimestamp`, then by the snapshot's
 *   status start (two events of the same millisecond — "ACW cleared, status stays Available with a
 *   pending Lunch" and "Lunch applied" — are ordered by the status they carry), then by event id;
 * - a status interval runs from its `StartTimestamp` to the start of the next status;
 * - an activity (what the agent does: on contact, in after-contact work, idle …, derived from the
 *   status *and* the contacts exactly as live state derives it) runs from the event that shows it to
 *   the next event that shows another;
 * - only logged-in time has intervals: from LOGIN (or, for an agent first seen already logged in,
 *   from the start of the status in force) to LOGOUT; heartbeats after a logout add nothing;
 * - the interval in force at the newest event lasts until the end of the range or `now`.
 */

/** A contact in an agent snapshot, as the history needs it. */
export interface TimelineContact {
  readonly contactId: string;
  /** INCOMING, PENDING, CONNECTING, CONNECTED, CONNECTED_ONHOLD, MISSED, PAUSED, ERROR, ENDED, REJECTED, or a newer state as sent. */
  readonly state: string;
  /** When the contact entered `state`, epoch ms. */
  readonly stateSinceMs: number;
  /** INBOUND, OUTBOUND, TRANSFER, CALLBACK, API … (null when unknown). */
  readonly initiationMethod: string | null;
}

/** The status chosen by the agent. */
export interface TimelineStatus {
  readonly name: string;
  /** ROUTABLE, CUSTOM, OFFLINE (NOT_ROUTABLE in data written by earlier versions) or a newer type, as sent. */
  readonly type: string;
  readonly arn: string | null;
}

/** One agent event reduced to what the history reads. */
export interface AgentEventPoint {
  readonly eventId: string;
  /** LOGIN, LOGOUT, STATE_CHANGE or HEART_BEAT; a newer type is read like STATE_CHANGE. */
  readonly eventType: string;
  /** `EventTimestamp`, epoch ms. */
  readonly timestampMs: number;
  readonly status: TimelineStatus;
  /** The status `StartTimestamp`, epoch ms. */
  readonly statusStartMs: number;
  readonly contacts: readonly TimelineContact[];
}

/** A stretch of one activity inside a status interval; [startMs, endMs). */
export interface ActivitySegment {
  readonly activity: AgentActivity;
  readonly startMs: number;
  readonly endMs: number;
}

/** A stretch of one status while logged in; [startMs, endMs), with the activities inside it. */
export interface StatusInterval {
  readonly status: TimelineStatus;
  readonly startMs: number;
  readonly endMs: number;
  /** Contiguous, covering [startMs, endMs) exactly. */
  readonly activities: readonly ActivitySegment[];
}

/** A half-open range of epoch milliseconds. */
export interface MsRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Ordering of events: time, then the start of the status they carry, then id (code points). */
export function compareEventPoints(a: AgentEventPoint, b: AgentEventPoint): number {
  return a.timestampMs - b.timestampMs || a.statusStartMs - b.statusStartMs || compareCodePoints(a.eventId, b.eventId);
}

/** The events de-duplicated by event id (first delivery kept) and in {@link compareEventPoints} order. */
export function orderEvents(events: readonly AgentEventPoint[]): AgentEventPoint[] {
  const byId = new Map<string, AgentEventPoint>();
  for (const event of events) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
  return [...byId.values()].sort(compareEventPoints);
}

const isOfflineStatus = (status: TimelineStatus): boolean => statusClassOf(status) === 'OFFLINE';

interface OpenSegment {
  status: TimelineStatus;
  statusStartMs: number;
  activity: AgentActivity;
  startMs: number;
}

interface FlatSegment {
  readonly status: TimelineStatus;
  readonly statusStartMs: number;
  readonly activity: AgentActivity;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Rebuilds an agent's status intervals (with the activities inside them) within `range` from the
 * agent's events, in any order and with duplicates. Pass the events of the range plus the newest
 * events before it (the status in force at `range.fromMs` was set by an earlier event).
 * @param nowMs - the interval in force at the newest event ends at `min(range.toMs, nowMs)`.
 * @returns contiguous intervals while logged in, clipped to the range, in time order.
 */
export function buildStatusHistory(events: readonly AgentEventPoint[], range: MsRange, nowMs: number = Number.POSITIVE_INFINITY): StatusInterval[] {
  const flat: FlatSegment[] = [];
  let open: OpenSegment | null = null;
  let loggedIn: boolean | null = null;
  let boundary = Number.NEGATIVE_INFINITY;

  const close = (endMs: number): void => {
    if (open && endMs > open.startMs) flat.push({ ...open, endMs });
    open = null;
  };

  for (const event of orderEvents(events)) {
    const wasLoggedIn = loggedIn === true;
    if (event.eventType === 'LOGIN') loggedIn = true;
    else if (event.eventType === 'LOGOUT') loggedIn = false;
    // Nobody changes status while logged out: a routable or custom status means a session (its LOGIN may be outside the events read).
    else if (!isOfflineStatus(event.status)) loggedIn = true;
    else if (loggedIn === null) loggedIn = false;

    if (!loggedIn) {
      if (wasLoggedIn) {
        close(Math.max(event.timestampMs, boundary));
        boundary = Math.max(event.timestampMs, boundary);
      }
      continue;
    }
    const current = open as OpenSegment | null;
    // A status older than the one in force is a stale snapshot (an out-of-order twin): keep the newer status.
    const stale = current !== null && event.statusStartMs < current.statusStartMs;
    const status = stale && current ? current.status : event.status;
    const statusStartMs = stale && current ? current.statusStartMs : event.statusStartMs;
    const activity = deriveActivity({ name: status.name, type: status.type, since: new Date(statusStartMs).toISOString() }, event.contacts.map((c) => ({ state: c.state, stateSince: new Date(c.stateSinceMs).toISOString() })));

    if (current === null) {
      // A session opens at LOGIN, or — first seen already logged in — when the status in force started.
      const startMs = Math.max(event.eventType === 'LOGIN' ? event.timestampMs : Math.min(statusStartMs, event.timestampMs), boundary);
      open = { status, statusStartMs, activity, startMs };
      boundary = startMs;
      continue;
    }
    const statusChanged = statusStartMs !== current.statusStartMs || status.name !== current.status.name || status.arn !== current.status.arn;
    if (!statusChanged && activity === current.activity) continue;
    // A new status starts at its StartTimestamp; a new activity at the event that shows it.
    const at = Math.max(statusChanged ? Math.min(statusStartMs, event.timestampMs) : event.timestampMs, boundary);
    close(at);
    open = { status, statusStartMs, activity, startMs: at };
    boundary = at;
  }
  close(Math.min(range.toMs, nowMs));
  return groupIntoIntervals(clip(flat, range));
}

function clip(segments: readonly FlatSegment[], range: MsRange): FlatSegment[] {
  const out: FlatSegment[] = [];
  for (const s of segments) {
    const startMs = Math.max(s.startMs, range.fromMs);
    const endMs = Math.min(s.endMs, range.toMs);
    if (endMs > startMs) out.push({ ...s, startMs, endMs });
  }
  return out;
}

function groupIntoIntervals(segments: readonly FlatSegment[]): StatusInterval[] {
  const out: { status: TimelineStatus; statusStartMs: number; startMs: number; endMs: number; activities: ActivitySegment[] }[] = [];
  for (const s of segments) {
    const last = out.at(-1);
    const segment: ActivitySegment = { activity: s.activity, startMs: s.startMs, endMs: s.endMs };
    if (last && last.endMs === s.startMs && last.statusStartMs === s.statusStartMs && last.status.name === s.status.name && last.status.arn === s.status.arn) {
      last.endMs = s.endMs;
      const previous = last.activities.at(-1);
      if (previous && previous.activity === s.activity) last.activities[last.activities.length - 1] = { ...previous, endMs: s.endMs };
      else last.activities.push(segment);
    } else {
      out.push({ status: s.status, statusStartMs: s.statusStartMs, startMs: s.startMs, endMs: s.endMs, activities: [segment] });
    }
  }
  return out.map(({ status, startMs, endMs, activities }) => ({ status, startMs, endMs, activities }));
}

/** Contact states in which a contact is being offered to the agent. */
const OFFERED_STATES: ReadonlySet<string> = new Set(['INCOMING', 'PENDING', 'CONNECTING']);
/** Contact states of a contact that reached the agent. */
const CONNECTED_STATES: ReadonlySet<string> = new Set(['CONNECTED', 'CONNECTED_ONHOLD', 'PAUSED']);
/** Contact states of an offer the agent did not take. */
const MISSED_STATES: ReadonlySet<string> = new Set(['MISSED', 'REJECTED', 'ERROR']);
/**
 * Contacts the agent started (not routed to them), which cannot be a non-response. Any other
 * initiation method, including one Connect adds later, is an offer the agent can miss.
 */
const AGENT_INITIATED: ReadonlySet<string> = new Set(['OUTBOUND', 'EXTERNAL_OUTBOUND', 'MONITOR', 'AGENT_REPLY']);

/**
 * Connect's agent non-response (AGENT_NON_RESPONSE): contacts routed to the agent and not answered
 * by them, including contacts the customer abandoned while they were being offered. Counted per
 * offer, from the agent's snapshots: a contact offered (INCOMING, PENDING, CONNECTING) that turns
 * MISSED, REJECTED or ERROR, or ends or leaves the snapshot without having been connected. Offers of
 * contacts the agent started (OUTBOUND, EXTERNAL_OUTBOUND, MONITOR, AGENT_REPLY) are not counted. Each
 * non-response counts at the event that shows it, when that falls in `range`. A contact in a state
 * Connect added after this code is held by the agent (as live state reads it: ON_CONTACT), so it
 * counts like a connected one: never a non-response on its own account. Pure.
 */
export function countNonResponses(events: readonly AgentEventPoint[], range: MsRange): number {
  const phases = new Map<string, { phase: 'offered' | 'connected' | 'missed'; routed: boolean }>();
  let count = 0;
  const inRange = (ms: number): boolean => ms >= range.fromMs && ms < range.toMs;
  for (const event of orderEvents(events)) {
    const seen = new Set<string>();
    for (const contact of event.contacts) {
      seen.add(contact.contactId);
      const tracked = phases.get(contact.contactId);
      const routed = !AGENT_INITIATED.has(contact.initiationMethod ?? '');
      if (OFFERED_STATES.has(contact.state)) {
        if (!tracked || tracked.phase === 'missed') phases.set(contact.contactId, { phase: 'offered', routed });
      } else if (CONNECTED_STATES.has(contact.state) || isUnknownContactState(contact.state)) {
        phases.set(contact.contactId, { phase: 'connected', routed });
      } else if (MISSED_STATES.has(contact.state)) {
        if (!tracked || tracked.phase === 'offered') {
          if (routed && inRange(event.timestampMs)) count += 1;
          phases.set(contact.contactId, { phase: 'missed', routed });
        }
      } else if (contact.state === 'ENDED') {
        if (tracked?.phase === 'offered') {
          if (tracked.routed && inRange(event.timestampMs)) count += 1;
          phases.set(contact.contactId, { phase: 'missed', routed });
        }
      }
    }
    for (const [contactId, tracked] of phases) {
      if (seen.has(contactId)) continue;
      if (tracked.phase === 'offered' && tracked.routed && inRange(event.timestampMs)) count += 1;
      phases.delete(contactId);
    }
  }
  return count;
}
