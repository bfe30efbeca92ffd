import type { AgentActivity, AgentContact, AgentKey, AgentRoutingProfile, AgentState, AgentStateChangeKind, ResourceRef } from './agent-state';
import type { AgentEventRecord, AgentSnapshot, AgentSnapshotContact } from './records/agent-event.record';
import { AGENT_CONTACT_STATES, LEGACY_CUSTOM_STATUS_TYPE, isDocumentedValue } from './records/connect-enums';

/**
 * The agent-state reducer: pure functions from agent events (as the agent event stream publishes
 * them) to {@link AgentState}. Every event carries the agent's full current snapshot, so the state
 * is a function of the *newest* event (by {@link compareEventOrder}) plus the newest heartbeat time;
 * that makes the result independent of delivery order and duplicates. See docs/agent-state.md.
 *
 * Connect's enumerations grow (new status types, contact states, channels, initiation methods, event
 * types): the reducer never rejects a value it does not know. It stores every value as sent and
 * has one written rule for each unknown that affects `activity` — see {@link deriveActivity}
 * (contact states, status types) and {@link stateFromEvent} (event types).
 */

/** Why the reducer refused its input. */
export type AgentStateErrorCode =
  /** An agent ARN is not `arn:<partition>:connect:<region>:<account>:instance/<id>/agent/<id>`. */
  | 'INVALID_AGENT_ARN'
  /** A timestamp is not an ISO-8601 instant. */
  | 'INVALID_TIMESTAMP'
  /** `applyEvents` was given events of another agent than the state (or of several agents). */
  | 'AGENT_MISMATCH';

/** Thrown by the reducer's helpers on input they cannot read. */
export class AgentStateError extends Error {
  override readonly name = 'AgentStateError';
  constructor(
    readonly code: AgentStateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The ordering key of an event: when it happened, then its id (tie-break). */
export interface EventOrder {
  /** ISO-8601 instant. */
  readonly timestamp: string;
  readonly id: string;
}

const AGENT_ARN = /^(arn:[^:]+:connect:[^:]*:[^:]*:instance\/[^/]+)\/agent\/([^/]+)$/;

function matchAgentArn(arn: string): RegExpMatchArray {
  const match = AGENT_ARN.exec(arn);
  if (!match) throw new AgentStateError('INVALID_AGENT_ARN', `Not a Connect agent ARN: ${arn}`);
  return match;
}

/**
 * The agent id: the last segment of an agent ARN (`…:instance/<instanceId>/agent/<agentId>`).
 * @throws AgentStateError `INVALID_AGENT_ARN` when the ARN is not an agent ARN.
 */
export function agentIdFromArn(arn: string): string {
  return matchAgentArn(arn)[2] as string;
}

/**
 * The instance ARN an agent ARN belongs to (`arn:aws:connect:<region>:<account>:instance/<instanceId>`).
 * @throws AgentStateError `INVALID_AGENT_ARN` when the ARN is not an agent ARN.
 */
export function instanceArnFromAgentArn(arn: string): string {
  return matchAgentArn(arn)[1] as string;
}

/**
 * The key of the agent an event is about (`InstanceARN` and the agent id of `AgentARN`).
 * @throws AgentStateError `INVALID_AGENT_ARN` when `AgentARN` is not an agent ARN.
 */
export function agentKeyOf(event: AgentEventRecord): AgentKey {
  return { instanceArn: event.InstanceARN, agentId: agentIdFromArn(event.AgentARN) };
}

/**
 * An ISO-8601 instant in the fixed-width UTC form `YYYY-MM-DDTHH:mm:ss.sssZ` (24 characters), so
 * that normalised timestamps sort as strings in time order. Millisecond precision.
 * @throws AgentStateError `INVALID_TIMESTAMP` when the text is not a date-time, or its year is outside 0000–9999.
 */
export function normalizeTimestamp(timestamp: string): string {
  return new Date(instantMs(timestamp)).toISOString();
}

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants whose ISO form has 24 characters. */
const FIRST_NORMALIZABLE_MS = -62_167_219_200_000;
const LAST_NORMALIZABLE_MS = 253_402_300_799_999;

/**
 * Epoch ms of a timestamp {@link normalizeTimestamp} accepts (the instant its normalised form
 * names), without building that form: event ordering compares many timestamps per event.
 * @throws AgentStateError `INVALID_TIMESTAMP` as {@link normalizeTimestamp}.
 */
function instantMs(timestamp: string): number {
  const ms = Date.parse(timestamp);
  if (!(ms >= FIRST_NORMALIZABLE_MS && ms <= LAST_NORMALIZABLE_MS)) {
    throw new AgentStateError('INVALID_TIMESTAMP', `Not an ISO-8601 instant between years 0000 and 9999: ${timestamp}`);
  }
  return ms;
}

/**
 * Orders strings by Unicode code point, which is also the UTF-8 byte order DynamoDB compares
 * strings in (JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  return j < b.length ? -1 : 0;
}

/**
 * Event order: the earlier instant first, then (same instant) the smaller event id by code point.
 * Two events with the same timestamp and id are the same event (0).
 * @returns negative when `a` is older, 0 when the same, positive when `a` is newer.
 * @throws AgentStateError `INVALID_TIMESTAMP` when a timestamp is not an instant.
 */
export function compareEventOrder(a: EventOrder, b: EventOrder): number {
  const byTime = instantMs(a.timestamp) - instantMs(b.timestamp);
  if (byTime !== 0) return byTime < 0 ? -1 : 1;
  return compareCodePoints(a.id, b.id);
}

/** Contact states in which the contact is being offered to the agent. */
const INCOMING_STATES: ReadonlySet<string> = new Set(['INCOMING', 'PENDING', 'CONNECTING']);
/** Contact states of a contact that did not reach the agent; the CCP shows Missed / Rejected / Failed connection until the agent picks a status. */
const MISSED_STATES: ReadonlySet<string> = new Set(['MISSED', 'REJECTED', 'ERROR']);

/**
 * True for a contact state this code does not know (not one of `AGENT_CONTACT_STATES`): a state
 * Connect added after it was written. See {@link deriveActivity} for what such a contact means.
 */
export function isUnknownContactState(state: string): boolean {
  return !isDocumentedValue(AGENT_CONTACT_STATES, state);
}

/**
 * How the reducer and the agent metrics read a status: its {@link statusTypeOf type} (and, for
 * Offline, its name) sorted into the classes whose meaning Connect defines, plus UNKNOWN.
 */
export type StatusClass =
  /** Type ROUTABLE (Available): contacts are routed to the agent. */
  | 'ROUTABLE'
  /** Type CUSTOM (Break, Lunch, Training …), or NOT_ROUTABLE as earlier versions of this project wrote it. */
  | 'CUSTOM'
  /** Type OFFLINE, or a status named "Offline" whatever its type. */
  | 'OFFLINE'
  /** Any other type — one Connect added after this code. Online, not routable, and not a custom status. */
  | 'UNKNOWN';

/**
 * The {@link StatusClass} of a status (name and type as stored: use {@link statusTypeOf} on an event's
 * `AgentStatus` first, so a status without `Type` is classified by its name).
 */
export function statusClassOf(status: { readonly name: string; readonly type: string }): StatusClass {
  if (status.type === 'OFFLINE' || status.name === 'Offline') return 'OFFLINE';
  if (status.type === 'ROUTABLE') return 'ROUTABLE';
  if (status.type === 'CUSTOM' || status.type === LEGACY_CUSTOM_STATUS_TYPE) return 'CUSTOM';
  return 'UNKNOWN';
}

/** The status part {@link deriveActivity} reads. */
export interface StatusForActivity {
  readonly name: string;
  /** ROUTABLE, CUSTOM, OFFLINE or any other type Connect sends (see {@link statusTypeOf} when the event has none). */
  readonly type: string;
  /** When the status was set (ISO-8601); without it a missed contact always counts. */
  readonly since?: string;
}

/**
 * What the agent is doing, from the chosen status *and* the contacts (Connect leaves the status
 * "Available" while the agent works a contact). The first row that matches wins:
 *
 * | # | condition | activity |
 * | - | --- | --- |
 * | 1 | a contact CONNECTED | ON_CONTACT |
 * | 2 | a contact CONNECTED_ONHOLD or PAUSED (a parked task) | ON_HOLD |
 * | 3 | a contact INCOMING, PENDING or CONNECTING | INCOMING |
 * | 4 | a contact ENDED (after-contact work; kept through status changes, also when Offline) | AFTER_CONTACT_WORK |
 * | 5 | a contact MISSED, REJECTED or ERROR, and the status has not changed since (status `since` ≤ the contact's `stateSince`) | MISSED |
 * | 6 | a contact in a state this code does not know (not one of `AGENT_CONTACT_STATES`) | ON_CONTACT |
 * | 7 | status type OFFLINE, or status name "Offline" | OFFLINE |
 * | 8 | status type ROUTABLE | AVAILABLE |
 * | 9 | anything else: CUSTOM (Lunch, Break, Training …), the legacy NOT_ROUTABLE, or a status type this code does not know | NON_PRODUCTIVE |
 *
 * So an agent with one chat CONNECTED and another ENDED is ON_CONTACT, and one who went Offline
 * while still in ACW is AFTER_CONTACT_WORK until the ACW ends. A missed contact stops counting as
 * soon as the agent picks a status after it (Connect keeps the contact in the snapshot a while).
 *
 * Unknown values (Connect's enumerations grow):
 * - **Contact state** (row 6): Connect lists in `Contacts[]` only contacts the agent holds, so a
 *   contact in a new state still occupies the agent: ON_CONTACT. It never overrides a documented
 *   state (rows 1–5 come first), so it decides only when no other contact says more. The contact
 *   is listed in `contacts` with its state as sent.
 * - **Status type** (row 9): only ROUTABLE makes an agent AVAILABLE, because only then does Connect
 *   route contacts; any other type (other than OFFLINE) is NON_PRODUCTIVE, and a status named
 *   "Offline" is OFFLINE whatever its type. The type is reported as sent.
 */
export function deriveActivity(status: StatusForActivity, contacts: readonly Pick<AgentContact, 'state' | 'stateSince'>[]): AgentActivity {
  const has = (states: ReadonlySet<string>): boolean => contacts.some((c) => states.has(c.state));
  if (contacts.some((c) => c.state === 'CONNECTED')) return 'ON_CONTACT';
  if (contacts.some((c) => c.state === 'CONNECTED_ONHOLD' || c.state === 'PAUSED')) return 'ON_HOLD';
  if (has(INCOMING_STATES)) return 'INCOMING';
  if (contacts.some((c) => c.state === 'ENDED')) return 'AFTER_CONTACT_WORK';
  const missedSinceStatus = contacts.some(
    (c) => MISSED_STATES.has(c.state) && (status.since === undefined || Date.parse(status.since) <= Date.parse(c.stateSince)),
  );
  if (missedSinceStatus) return 'MISSED';
  if (contacts.some((c) => isUnknownContactState(c.state))) return 'ON_CONTACT';
  const statusClass = statusClassOf(status);
  if (statusClass === 'OFFLINE') return 'OFFLINE';
  if (statusClass === 'ROUTABLE') return 'AVAILABLE';
  return 'NON_PRODUCTIVE';
}

/**
 * The status type of a snapshot's `AgentStatus`: its `Type` as sent when there is one (any value,
 * including types this code does not know), else inferred from the name the way Connect types its
 * statuses: "Available" ROUTABLE, "Offline" OFFLINE, any other — custom — status CUSTOM. Several
 * published examples (older events) carry no `Type`.
 */
export function statusTypeOf(status: { readonly Name: string; readonly Type?: string | null | undefined }): string {
  if (status.Type) return status.Type;
  if (status.Name === 'Available') return 'ROUTABLE';
  if (status.Name === 'Offline') return 'OFFLINE';
  return 'CUSTOM';
}

function queueRef(queue: { ARN: string; Name: string | null } | null | undefined): ResourceRef | null {
  return queue ? { arn: queue.ARN, name: queue.Name } : null;
}

function contactOf(c: AgentSnapshotContact): AgentContact {
  return {
    contactId: c.ContactId,
    initialContactId: c.InitialContactId,
    channel: c.Channel,
    state: c.State,
    stateSince: normalizeTimestamp(c.StateStartTimestamp),
    queue: queueRef(c.Queue),
    initiationMethod: c.InitiationMethod,
    connectedToAgentAt: c.ConnectedToAgentTimestamp === null ? null : normalizeTimestamp(c.ConnectedToAgentTimestamp),
    queuedAt: c.QueueTimestamp === null ? null : normalizeTimestamp(c.QueueTimestamp),
  };
}

function routingProfileOf(snapshot: AgentSnapshot): AgentRoutingProfile {
  const rp = snapshot.Configuration.RoutingProfile;
  return {
    arn: rp.ARN,
    name: rp.Name,
    inboundQueues: rp.InboundQueues.map((q) => ({ arn: q.ARN, name: q.Name, channels: [...(q.Channels ?? [])] })),
    concurrency: (rp.Concurrency ?? []).map((c) => ({ channel: c.Channel, maximumSlots: c.MaximumSlots, availableSlots: c.AvailableSlots })),
  };
}

const HIERARCHY_LEVELS = ['Level1', 'Level2', 'Level3', 'Level4', 'Level5'] as const;

function hierarchyOf(snapshot: AgentSnapshot): (ResourceRef | null)[] {
  const groups = snapshot.Configuration.AgentHierarchyGroups;
  return HIERARCHY_LEVELS.map((level) => {
    const group = groups?.[level];
    return group ? { arn: group.ARN, name: group.Name } : null;
  });
}

/**
 * The whole state from one event's `CurrentAgentSnapshot` (every event carries a full snapshot).
 * LOGOUT gives activity OFFLINE and no contacts, whatever the snapshot still lists; the status is
 * the snapshot's. `lastHeartbeatAt` is the event's time for a HEART_BEAT, else null. Any other event
 * type — LOGIN, STATE_CHANGE or a type Connect adds later — is read like a STATE_CHANGE: its snapshot
 * is the state. Channels, initiation methods, contact states and status types are kept as sent.
 * Timestamps are normalised ({@link normalizeTimestamp}).
 * @throws AgentStateError `INVALID_AGENT_ARN` / `INVALID_TIMESTAMP` on an unreadable ARN or timestamp.
 */
export function stateFromEvent(event: AgentEventRecord): AgentState {
  const snapshot = event.CurrentAgentSnapshot;
  const config = snapshot.Configuration;
  const timestamp = normalizeTimestamp(event.EventTimestamp);
  const status = {
    name: snapshot.AgentStatus.Name,
    type: statusTypeOf(snapshot.AgentStatus),
    arn: snapshot.AgentStatus.ARN || null,
    since: normalizeTimestamp(snapshot.AgentStatus.StartTimestamp),
  };
  const loggedOut = event.EventType === 'LOGOUT';
  const contacts = loggedOut ? [] : snapshot.Contacts.map(contactOf);
  return {
    instanceArn: event.InstanceARN,
    agentArn: event.AgentARN,
    agentId: agentIdFromArn(event.AgentARN),
    username: config.Username,
    firstName: config.FirstName,
    lastName: config.LastName,
    status,
    nextStatus: snapshot.NextAgentStatus?.Name ?? null,
    activity: loggedOut ? 'OFFLINE' : deriveActivity(status, contacts),
    contacts,
    routingProfile: routingProfileOf(snapshot),
    hierarchy: hierarchyOf(snapshot),
    lastEvent: { id: event.EventId, type: event.EventType, timestamp },
    lastHeartbeatAt: event.EventType === 'HEART_BEAT' ? timestamp : null,
  };
}

/** Deep equality of JSON-like values; a key holding `undefined` counts as absent (a stored item never carries undefined). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  return equalFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** {@link deepEqual} of two objects' fields, ignoring the fields named in `ignored`. Loops rather than copies: it runs once or twice per event. */
function equalFields(a: Record<string, unknown>, b: Record<string, unknown>, ignored?: ReadonlySet<string>): boolean {
  for (const key of Object.keys(a)) if (ignored?.has(key) !== true && !deepEqual(a[key], b[key])) return false;
  for (const key of Object.keys(b)) if (ignored?.has(key) !== true && b[key] !== undefined && !Object.hasOwn(a, key)) return false;
  return true;
}

/** The fields of a state that only say when the agent was last heard of. */
const INVISIBLE_FIELDS: ReadonlySet<string> = new Set<keyof AgentState>(['lastEvent', 'lastHeartbeatAt']);

/**
 * True when two states show a subscriber the same thing: every field but `lastEvent` and
 * `lastHeartbeatAt` is deeply equal (array order counts).
 */
export function visiblyEqual(a: AgentState, b: AgentState): boolean {
  return equalFields(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, INVISIBLE_FIELDS);
}

function laterTimestamp(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function eventOrder(event: AgentEventRecord): EventOrder {
  return { timestamp: event.EventTimestamp, id: event.EventId };
}

/** What {@link applyEvents} returns. */
export interface ApplyEventsResult {
  /** The new state; the `current` object itself when nothing changed; null only for no state and no events. */
  readonly state: AgentState | null;
  /** How the result differs from `current`. */
  readonly change: AgentStateChangeKind;
}

/**
 * Applies agent events of one agent to its current state. Pure.
 *
 * - The newest event (by {@link compareEventOrder}) among `current.lastEvent` and `events` decides
 *   the state: when an event is newer than `current.lastEvent`, the state is {@link stateFromEvent}
 *   of the newest one. This includes HEART_BEATs: a heartbeat is a full snapshot as of its time,
 *   so an older event arriving after it is stale and cannot roll the state back.
 * - `lastHeartbeatAt` is the latest HEART_BEAT time seen, including stale heartbeats.
 * - `change` compares the result with `current`: `'changed'` when {@link visiblyEqual} is false
 *   (or there was no state), `'heartbeat'` when only `lastEvent` / `lastHeartbeatAt` moved (the
 *   usual heartbeat: stored, not published), `'none'` for duplicates and stale events (the
 *   `current` object is returned unchanged).
 *
 * The result depends only on the set of events applied so far, not on their order, batching or
 * repetition.
 * @throws AgentStateError `AGENT_MISMATCH` when an event is about another agent than `current` or the other events.
 * @throws AgentStateError `INVALID_AGENT_ARN` / `INVALID_TIMESTAMP` on unreadable events.
 */
export function applyEvents(current: AgentState | null, events: readonly AgentEventRecord[]): ApplyEventsResult {
  if (events.length === 0) return { state: current, change: 'none' };
  const agentArn = current?.agentArn ?? events[0]!.AgentARN;
  const instanceArn = current?.instanceArn ?? events[0]!.InstanceARN;
  let newest: AgentEventRecord | null = null;
  let heartbeatAt: string | null = current?.lastHeartbeatAt ?? null;
  for (const event of events) {
    if (event.AgentARN !== agentArn || event.InstanceARN !== instanceArn) {
      throw new AgentStateError('AGENT_MISMATCH', `Event ${event.EventId} is about agent ${event.AgentARN} of ${event.InstanceARN}, not ${agentArn} of ${instanceArn}.`);
    }
    if (newest === null || compareEventOrder(eventOrder(event), eventOrder(newest)) > 0) newest = event;
    if (event.EventType === 'HEART_BEAT') heartbeatAt = laterTimestamp(heartbeatAt, normalizeTimestamp(event.EventTimestamp));
  }
  const newer = newest !== null && (current === null || compareEventOrder(eventOrder(newest), current.lastEvent) > 0);
  if (!newer) {
    // Duplicates and stale events; a stale heartbeat may still be the latest heartbeat seen.
    if (current === null || heartbeatAt === current.lastHeartbeatAt) return { state: current, change: 'none' };
    return { state: { ...current, lastHeartbeatAt: heartbeatAt }, change: 'heartbeat' };
  }
  const next: AgentState = { ...stateFromEvent(newest!), lastHeartbeatAt: heartbeatAt };
  if (current === null || !visiblyEqual(current, next)) return { state: next, change: 'changed' };
  return { state: { ...current, lastEvent: next.lastEvent, lastHeartbeatAt: heartbeatAt }, change: 'heartbeat' };
}
