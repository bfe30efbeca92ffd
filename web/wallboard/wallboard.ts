/**
 * The live wallboard (served at /wallboard, bundled by scripts/build-wallboard.mjs).
 *
 * Data: a snapshot over HTTP (queues with their live counts, every agent's state), then graphql-ws
 * subscriptions (queueRealtimeChanged, agentStateChanged) at /graphql on the same host; today's
 * service level and handled/abandoned counts from Query.metrics every 60 s. After a reconnect (server
 * restart, network loss) graphql-ws resubscribes and the page fetches the snapshot again.
 *
 * Rendering: one DOM node per queue and per agent, created once; a change marks its item dirty and
 * one requestAnimationFrame callback writes only the fields that changed, so a burst of events costs
 * one short frame, never a full re-render. Ages tick from the client's clock once a second.
 *
 * URL: ?queues=Sales,Support (names or ARNs) &timeZone=Europe/Berlin &sl=20, and the credential in
 * the fragment (#token=<API key or JWT>, #link=<signed link>; never sent in a URL to the server) or
 * ?link=…, or from the parent frame: postMessage({type: 'wallboard-token', token}).
 */
import { createClient, type Client } from 'graphql-ws';
import './wallboard.css';

type Activity = 'AVAILABLE' | 'INCOMING' | 'ON_CONTACT' | 'ON_HOLD' | 'AFTER_CONTACT_WORK' | 'MISSED' | 'NON_PRODUCTIVE' | 'OFFLINE';

interface Credential {
  readonly kind: 'token' | 'link';
  readonly value: string;
}

interface Options {
  readonly queueFilter: readonly string[];
  readonly timeZone: string;
  readonly slSeconds: number;
  readonly credential?: Credential;
}

interface QueueRealtime {
  contactsInQueue: number;
  oldestContactInQueueAgeSeconds: number | null;
  contactsConnected?: number;
}

interface QueueView {
  arn: string;
  id: string;
  name: string | null;
  contactsInQueue: number;
  /** Client time (ms) the oldest waiting contact entered the queue; null when none waits. */
  oldestEnqueuedAtMs: number | null;
  serviceLevel: number | null | undefined;
  handled: number | undefined;
  abandoned: number | undefined;
  counts: Record<string, number>;
  dom?: QueueDom;
}

interface QueueDom {
  root: HTMLElement;
  name: HTMLElement;
  inQueue: HTMLElement;
  oldest: HTMLElement;
  oldestKpi: HTMLElement;
  counts: Record<string, HTMLElement>;
  sl: HTMLElement;
  handled: HTMLElement;
  abandoned: HTMLElement;
}

interface AgentContact {
  contactId: string;
  channel: string;
  state: string;
  queue: string | null;
  queueArn: string | null;
}

interface AgentState {
  agentArn: string;
  username: string;
  firstName: string | null;
  lastName: string | null;
  activity: Activity;
  status: string;
  statusSince: string;
  stale: boolean;
  lastEventTimestamp: string;
  contacts: AgentContact[];
  routingProfile: { inboundQueues: { arn: string; name: string | null }[] } | null;
}

interface AgentView {
  state: AgentState;
  sinceMs: number;
  dom?: AgentDom;
  /** On screen (IntersectionObserver): only visible tiles tick every second. */
  visible?: boolean;
}

interface AgentDom {
  root: HTMLElement;
  name: HTMLElement;
  activity: HTMLElement;
  time: HTMLElement;
  contact: HTMLElement;
}

const ACTIVITY_LABEL: Record<Activity, string> = {
  AVAILABLE: 'Available',
  INCOMING: 'Incoming',
  ON_CONTACT: 'On contact',
  ON_HOLD: 'On hold',
  AFTER_CONTACT_WORK: 'After-contact work',
  MISSED: 'Missed',
  NON_PRODUCTIVE: 'Non-productive',
  OFFLINE: 'Offline',
};

/** The five groups a queue tile counts agents in (ON_HOLD and INCOMING count as on contact, MISSED as non-productive). */
const COUNT_GROUPS: readonly { key: string; label: string; activities: readonly Activity[] }[] = [
  { key: 'available', label: 'available', activities: ['AVAILABLE'] },
  { key: 'onContact', label: 'on contact', activities: ['ON_CONTACT', 'ON_HOLD', 'INCOMING'] },
  { key: 'acw', label: 'ACW', activities: ['AFTER_CONTACT_WORK'] },
  { key: 'nonProductive', label: 'non-productive', activities: ['NON_PRODUCTIVE', 'MISSED'] },
  { key: 'offline', label: 'offline', activities: ['OFFLINE'] },
];
const GROUP_CLASS: Record<string, Activity> = { available: 'AVAILABLE', onContact: 'ON_CONTACT', acw: 'AFTER_CONTACT_WORK', nonProductive: 'NON_PRODUCTIVE', offline: 'OFFLINE' };

/** The page's operations, from documents/wallboard-page.graphql as registered (see scripts/build-wallboard.mjs). */
declare const __WALLBOARD_OPERATIONS__: Record<'WallboardSnapshot' | 'WallboardToday' | 'WallboardAgents' | 'WallboardQueueRealtime', string>;
const OPERATIONS = __WALLBOARD_OPERATIONS__;
const SNAPSHOT_QUERY = OPERATIONS.WallboardSnapshot;
const TODAY_QUERY = OPERATIONS.WallboardToday;
const AGENT_SUBSCRIPTION = OPERATIONS.WallboardAgents;
const QUEUE_SUBSCRIPTION = OPERATIONS.WallboardQueueRealtime;

const METRICS_REFRESH_MS = 60_000;
const MAX_RETRY_WAIT_MS = 5_000;
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

const $ = (id: string): HTMLElement => document.getElementById(id)!;

function el(tag: string, className: string, text = ''): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Sets text only when it differs: a DOM write costs layout, a string comparison does not. */
function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function setAttr(node: HTMLElement, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** `m:ss`, or `h:mm:ss` from an hour. */
function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

// ---------------------------------------------------------------------------------------- options

/** The page's options from its URL; problems are listed for the page to show. */
export function parseOptions(location: Location): { options?: Options; problems: string[] } {
  const query = new URLSearchParams(location.search);
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const problems: string[] = [];
  const known = new Set(['queues', 'timeZone', 'sl', 'link']);
  for (const name of query.keys()) {
    if (name === 'token') problems.push('token: put the token in the fragment (#token=…) so it is never sent to the server in a URL.');
    else if (!known.has(name)) problems.push(`${name}: unknown option; the options are queues, timeZone, sl and link.`);
  }
  const queueFilter = (query.get('queues') ?? '').split(',').map((q) => q.trim()).filter((q) => q.length > 0);
  const timeZone = query.get('timeZone') ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`timeZone: "${timeZone}" is not an IANA time zone; use e.g. Europe/Berlin or America/New_York.`);
  }
  const slText = query.get('sl') ?? '20';
  const slSeconds = Number(slText);
  if (!/^\d+$/.test(slText) || slSeconds < 1 || slSeconds > 604_800) problems.push(`sl: "${slText}" is not a service-level threshold; give whole seconds from 1 to 604800, e.g. sl=20.`);
  const link = fragment.get('link') ?? query.get('link');
  const token = fragment.get('token');
  const credential: Credential | undefined = link ? { kind: 'link', value: link } : token ? { kind: token.startsWith('wbl1.') ? 'link' : 'token', value: token } : undefined;
  if (problems.length > 0) return { problems };
  return { options: { queueFilter, timeZone, slSeconds, credential }, problems };
}

/** Headers carrying the credential, for HTTP and the connection_init payload alike. */
function credentialHeaders(credential: Credential | undefined): Record<string, string> {
  if (!credential) return {};
  if (credential.kind === 'link' || credential.value.startsWith('wbl1.')) return { authorization: `Link ${credential.value}` };
  return JWT_SHAPE.test(credential.value) ? { authorization: `Bearer ${credential.value}` } : { 'x-api-key': credential.value };
}

/** Offset of `timeZone` from UTC at `atMs`, in ms (positive east of Greenwich). */
function offsetMs(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

/** ISO instants of the start of today and of tomorrow in `timeZone` (daylight saving included). */
export function todayRange(timeZone: string, nowMs: number): { from: string; to: string } {
  const local = new Date(nowMs + offsetMs(timeZone, nowMs));
  const midnight = (y: number, m: number, d: number) => {
    const guess = Date.UTC(y, m, d);
    // Two passes: the offset at midnight may differ from the offset now (a DST change today).
    const first = guess - offsetMs(timeZone, guess);
    return guess - offsetMs(timeZone, first);
  };
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  return { from: new Date(midnight(y, m, d)).toISOString(), to: new Date(midnight(y, m, d + 1)).toISOString() };
}

// ------------------------------------------------------------------------------------------ board

class Board {
  private readonly queues = new Map<string, QueueView>();
  private readonly agents = new Map<string, AgentView>();
  /** Agent DOM order: usernames sorted, parallel to the grid's children. */
  private readonly agentOrder: AgentView[] = [];
  private readonly dirtyQueues = new Set<QueueView>();
  private readonly dirtyAgents = new Set<AgentView>();
  private countsDirty = false;
  private tickDue = false;
  private frame = 0;
  private readonly queuesEl = $('queues');
  private readonly agentsEl = $('agents');
  private readonly viewByTile = new WeakMap<Element, AgentView>();
  /** A 500-agent board scrolls: ticking only the tiles on screen keeps the per-second work to what is seen. */
  private readonly visibility = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const view = this.viewByTile.get(entry.target);
      if (!view) continue;
      view.visible = entry.isIntersecting;
      if (view.visible) this.dirtyAgents.add(view);
    }
    this.schedule();
  });

  constructor(private readonly options: Options) {}

  /** Whether a queue passes the ?queues= filter (name, ARN or id; names case-insensitive). */
  queueWanted(arn: string, id: string | null, name: string | null): boolean {
    const { queueFilter } = this.options;
    if (queueFilter.length === 0) return true;
    return queueFilter.some((f) => f === arn || f === id || (name !== null && f.toLowerCase() === name.toLowerCase()));
  }

  /** Whether an agent serves (routing profile) or holds a contact of a shown queue. */
  private agentWanted(state: AgentState): boolean {
    if (this.options.queueFilter.length === 0) return true;
    const queues = [...(state.routingProfile?.inboundQueues ?? []).map((q) => ({ arn: q.arn, name: q.name })), ...state.contacts.map((c) => ({ arn: c.queueArn ?? '', name: c.queue }))];
    return queues.some((q) => this.queueWanted(q.arn, q.arn.split('/').pop() ?? null, q.name));
  }

  upsertQueue(queue: { arn: string; id?: string; name: string | null; realtime: QueueRealtime }, receivedAtMs: number): void {
    const id = queue.id ?? queue.arn.split('/').pop() ?? queue.arn;
    if (!this.queueWanted(queue.arn, id, queue.name)) return;
    let view = this.queues.get(queue.arn);
    if (!view) {
      view = { arn: queue.arn, id, name: queue.name, contactsInQueue: 0, oldestEnqueuedAtMs: null, serviceLevel: undefined, handled: undefined, abandoned: undefined, counts: {} };
      this.queues.set(queue.arn, view);
      this.countsDirty = true;
    }
    if (queue.name) view.name = queue.name;
    view.contactsInQueue = queue.realtime.contactsInQueue;
    const age = queue.realtime.oldestContactInQueueAgeSeconds;
    view.oldestEnqueuedAtMs = age === null ? null : receivedAtMs - age * 1000;
    this.markQueue(view);
  }

  upsertAgent(state: AgentState): void {
    const existing = this.agents.get(state.agentArn);
    // A snapshot read before a push may arrive after it: keep the newer event.
    if (existing && Date.parse(existing.state.lastEventTimestamp) > Date.parse(state.lastEventTimestamp)) return;
    if (!this.agentWanted(state)) {
      if (existing) this.removeAgent(existing);
      return;
    }
    const view = existing ?? { state, sinceMs: 0 };
    view.state = state;
    view.sinceMs = Date.parse(state.statusSince);
    if (!existing) this.agents.set(state.agentArn, view);
    this.countsDirty = true;
    this.dirtyAgents.add(view);
    this.schedule();
  }

  /** After a snapshot: agents the server no longer knows (a restarted server, a removed agent) leave the board. */
  retainAgents(arns: ReadonlySet<string>): void {
    for (const view of [...this.agents.values()]) if (!arns.has(view.state.agentArn)) this.removeAgent(view);
  }

  private removeAgent(view: AgentView): void {
    this.agents.delete(view.state.agentArn);
    const index = this.agentOrder.indexOf(view);
    if (index >= 0) this.agentOrder.splice(index, 1);
    if (view.dom) {
      this.visibility.unobserve(view.dom.root);
      view.dom.root.remove();
    }
    this.countsDirty = true;
    this.schedule();
  }

  /** Today's history per queue ARN (absent: no contact today). */
  setToday(byArn: Map<string, { sl: number | null; handled: number; abandoned: number }>): void {
    for (const view of this.queues.values()) {
      const row = byArn.get(view.arn);
      view.serviceLevel = row ? row.sl : null;
      view.handled = row?.handled ?? 0;
      view.abandoned = row?.abandoned ?? 0;
      this.markQueue(view);
    }
  }

  queueCount(): number {
    return this.queues.size;
  }

  /** Ages and times in state move on: re-render them in the next frame. */
  tick(): void {
    this.tickDue = true;
    this.schedule();
  }

  private markQueue(view: QueueView): void {
    this.dirtyQueues.add(view);
    this.schedule();
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** One frame's DOM work: only dirty items, only changed fields. */
  private flush(): void {
    this.frame = 0;
    const nowMs = Date.now();
    if (this.countsDirty) this.recount();
    for (const view of this.dirtyAgents) this.renderAgent(view, nowMs);
    for (const view of this.dirtyQueues) this.renderQueue(view, nowMs);
    if (this.tickDue) {
      for (const view of this.agents.values()) if (view.dom && view.visible) setText(view.dom.time, duration((nowMs - view.sinceMs) / 1000));
      for (const view of this.queues.values()) this.renderOldest(view, nowMs);
      setText($('clock'), new Intl.DateTimeFormat(undefined, { timeZone: this.options.timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(nowMs));
    }
    if (this.dirtyAgents.size > 0 || this.countsDirty) this.renderSummary();
    this.dirtyAgents.clear();
    this.dirtyQueues.clear();
    this.countsDirty = false;
    this.tickDue = false;
    if (this.queues.size === 0 && !this.queuesEl.querySelector('.empty')) this.queuesEl.append(el('p', 'empty', this.options.queueFilter.length > 0 ? `No queue matches ${this.options.queueFilter.join(', ')}.` : 'No queues yet.'));
  }

  /** Agents per activity group for every queue (routing profile queues, or a contact's queue). */
  private recount(): void {
    const fresh = new Map<string, Record<string, number>>();
    for (const view of this.queues.values()) fresh.set(view.arn, Object.fromEntries(COUNT_GROUPS.map((g) => [g.key, 0])));
    for (const { state } of this.agents.values()) {
      const group = COUNT_GROUPS.find((g) => g.activities.includes(state.activity))?.key;
      if (!group) continue;
      const arns = new Set<string>([...(state.routingProfile?.inboundQueues ?? []).map((q) => q.arn), ...state.contacts.map((c) => c.queueArn ?? '')]);
      for (const arn of arns) {
        const counts = fresh.get(arn);
        if (counts) counts[group] = (counts[group] ?? 0) + 1;
      }
    }
    for (const view of this.queues.values()) {
      const counts = fresh.get(view.arn)!;
      if (COUNT_GROUPS.some((g) => counts[g.key] !== view.counts[g.key])) {
        view.counts = counts;
        this.dirtyQueues.add(view);
      }
    }
  }

  private queueDom(view: QueueView): QueueDom {
    if (view.dom) return view.dom;
    const root = el('article', 'queue');
    root.dataset.arn = view.arn;
    const name = el('h2', 'queue-name');
    const kpi = (label: string) => {
      const box = el('div', 'kpi');
      const value = el('span', 'kpi-value', '–');
      box.append(value, el('span', 'kpi-label', label));
      root.append(box);
      return { box, value };
    };
    root.append(name);
    const inQueue = kpi('in queue');
    const oldest = kpi('oldest wait');
    const countsRow = el('div', 'activity-counts');
    const counts: Record<string, HTMLElement> = {};
    for (const group of COUNT_GROUPS) {
      const item = el('span', `count act act-${GROUP_CLASS[group.key]}`);
      item.dataset.group = group.key;
      item.title = `agents ${group.label}`;
      // The number changes, the word does not (small screens hide it and keep the shape).
      const value = el('span', 'count-value', '0');
      item.append(value, el('span', 'count-label', ` ${group.label}`));
      counts[group.key] = value;
      countsRow.append(item);
    }
    const history = el('div', 'history');
    const sl = el('b', 'sl', '–');
    const handled = el('b', 'handled', '–');
    const abandoned = el('b', 'abandoned', '–');
    const slBox = el('span', '', `SL ${this.options.slSeconds}s `);
    slBox.append(sl);
    const handledBox = el('span', '', 'handled ');
    handledBox.append(handled);
    const abandonedBox = el('span', '', 'abandoned ');
    abandonedBox.append(abandoned);
    history.append(slBox, handledBox, abandonedBox);
    history.title = `Today in ${this.options.timeZone} (history, refreshed every minute)`;
    root.append(countsRow, history);
    view.dom = { root, name, inQueue: inQueue.value, oldest: oldest.value, oldestKpi: oldest.box, counts, sl, handled, abandoned };
    this.queuesEl.querySelector('.empty')?.remove();
    // Queues in name order.
    const label = (v: QueueView) => (v.name ?? v.id).toLowerCase();
    const next = [...this.queues.values()].filter((v) => v.dom && v !== view && label(v) > label(view)).sort((a, b) => label(a).localeCompare(label(b)))[0];
    this.queuesEl.insertBefore(root, next?.dom?.root ?? null);
    return view.dom;
  }

  private renderQueue(view: QueueView, nowMs: number): void {
    const dom = this.queueDom(view);
    setText(dom.name, view.name ?? view.id);
    setText(dom.inQueue, String(view.contactsInQueue));
    this.renderOldest(view, nowMs);
    for (const group of COUNT_GROUPS) setText(dom.counts[group.key]!, String(view.counts[group.key] ?? 0));
    setText(dom.sl, view.serviceLevel === undefined ? '…' : view.serviceLevel === null ? '—' : `${Math.round(view.serviceLevel)}%`);
    setText(dom.handled, view.handled === undefined ? '…' : String(view.handled));
    setText(dom.abandoned, view.abandoned === undefined ? '…' : String(view.abandoned));
  }

  private renderOldest(view: QueueView, nowMs: number): void {
    if (!view.dom) return;
    const ageSeconds = view.oldestEnqueuedAtMs === null ? null : (nowMs - view.oldestEnqueuedAtMs) / 1000;
    setText(view.dom.oldest, ageSeconds === null ? '—' : duration(ageSeconds));
    setAttr(view.dom.oldestKpi, 'data-alert', String(ageSeconds !== null && ageSeconds >= this.options.slSeconds));
  }

  private agentDom(view: AgentView): AgentDom {
    if (view.dom) return view.dom;
    const root = el('div', 'agent');
    root.dataset.agent = view.state.username;
    const name = el('div', 'agent-name');
    const line = el('div', 'agent-line');
    const activity = el('span', 'act');
    const time = el('span', 'agent-time');
    line.append(activity, time);
    const contact = el('div', 'agent-contact');
    root.append(name, line, contact);
    view.dom = { root, name, activity, time, contact };
    this.viewByTile.set(root, view);
    this.visibility.observe(root);
    // Sorted by username: binary search for the insertion point, one insertBefore.
    let low = 0;
    let high = this.agentOrder.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.agentOrder[mid]!.state.username.localeCompare(view.state.username) < 0) low = mid + 1;
      else high = mid;
    }
    this.agentsEl.insertBefore(root, this.agentOrder[low]?.dom?.root ?? null);
    this.agentOrder.splice(low, 0, view);
    return view.dom;
  }

  private renderAgent(view: AgentView, nowMs: number): void {
    if (!this.agents.has(view.state.agentArn)) return;
    const dom = this.agentDom(view);
    const { state } = view;
    const fullName = [state.firstName, state.lastName].filter(Boolean).join(' ');
    setText(dom.name, fullName || state.username);
    dom.name.title = state.username;
    setAttr(dom.root, 'data-activity', state.activity);
    setAttr(dom.root, 'data-stale', String(state.stale));
    const label = state.activity === 'NON_PRODUCTIVE' || state.activity === 'OFFLINE' ? state.status : ACTIVITY_LABEL[state.activity] ?? state.activity;
    setText(dom.activity, label);
    setAttr(dom.activity, 'class', `act act-${state.activity}`);
    setText(dom.time, duration((nowMs - view.sinceMs) / 1000));
    const current = state.contacts.find((c) => c.state !== 'ENDED' && c.state !== 'MISSED' && c.state !== 'REJECTED') ?? state.contacts[0];
    setText(dom.contact, current ? `${current.channel} · ${current.state.toLowerCase().replace(/_/g, ' ')}${current.queue ? ` · ${current.queue}` : ''}` : '');
  }

  private renderSummary(): void {
    let stale = 0;
    let online = 0;
    for (const { state } of this.agents.values()) {
      if (state.stale) stale += 1;
      if (state.activity !== 'OFFLINE') online += 1;
    }
    const staleText = stale > 0 ? ` · ⚠ ${stale} stale` : '';
    setText($('summary'), `${this.queues.size} queues · ${online}/${this.agents.size} agents online${staleText} · ${this.options.timeZone}`);
  }
}

// ----------------------------------------------------------------------------------- connection

type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'error';

const CONNECTION_ICON: Record<ConnectionState, string> = { connecting: '◌', live: '●', reconnecting: '↻', error: '✖' };

function showConnection(state: ConnectionState, text: string): void {
  const node = $('connection');
  setAttr(node, 'data-state', state);
  setText(node.querySelector<HTMLElement>('.connection-icon')!, CONNECTION_ICON[state]);
  setText(node.querySelector<HTMLElement>('.connection-text')!, text);
}

function showMessage(text: string | null): void {
  const node = $('message');
  node.hidden = text === null;
  setText(node, text ?? '');
}

/** A credential problem the user must fix (no retry helps): the text the page shows. */
function credentialProblem(message: string, hasCredential: boolean, isLink = false): { status: string; message: string } {
  if (!hasCredential) {
    return { status: 'Credential needed', message: 'This wallboard needs a credential: open it with #token=<API key or token> or a signed link (#link=…), or let the embedding portal send one with postMessage({type: "wallboard-token", token}).' };
  }
  // A link's principal expires while the board runs: the server closes the socket with "credential expired".
  if (/signed link expired/i.test(message) || (isLink && /credential expired/i.test(message))) return { status: 'Link expired', message: `Link expired. ${message.replace(/^Unauthorized: /, '')}` };
  if (/signed link is invalid/i.test(message)) return { status: 'Link invalid', message: message.replace(/^Unauthorized: /, '') };
  return { status: 'Not authorised', message: message.replace(/^Unauthorized: /, '') };
}

class AuthFailure extends Error {}

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

class Connection {
  private client?: Client;
  private metricsTimer = 0;
  private stopped = false;
  private generation = 0;

  constructor(
    private readonly board: Board,
    private readonly options: Options,
    private credential: Credential | undefined,
  ) {}

  start(): void {
    const generation = ++this.generation;
    const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
    showConnection('connecting', 'Connecting…');
    this.client = createClient({
      url: wsUrl,
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      connectionParams: () => credentialHeaders(this.credential),
      // 4401/4403: the credential is wrong; retrying with the same one cannot help.
      shouldRetry: (event) => !(this.stopped || (isCloseEvent(event) && (event.code === 4401 || event.code === 4403))),
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_WAIT_MS, 250 * 2 ** retries) * (0.75 + Math.random() / 4))),
      onNonLazyError: () => undefined,
      on: {
        connecting: (isRetry) => {
          if (isRetry) showConnection('reconnecting', 'Reconnecting…');
        },
        connected: () => {
          if (generation !== this.generation) return;
          showConnection('live', 'Live');
          showMessage(null);
          // After a reconnect the server may have restarted: what happened meanwhile was not pushed.
          void this.refresh();
        },
        closed: (event) => {
          if (generation !== this.generation || this.stopped) return;
          if (isCloseEvent(event) && (event.code === 4401 || event.code === 4403)) {
            const problem = credentialProblem(event.reason || 'The server refused the credential.', this.credential !== undefined, this.credential?.kind === 'link');
            showConnection('error', problem.status);
            showMessage(problem.message);
          } else {
            showConnection('reconnecting', 'Connection lost · reconnecting…');
          }
        },
      },
    });
    this.subscribe(AGENT_SUBSCRIPTION, (data: { agentStateChanged: AgentState }) => this.board.upsertAgent(data.agentStateChanged));
    this.subscribe(QUEUE_SUBSCRIPTION, (data: { queueRealtimeChanged: { arn: string; id: string; name: string | null; realtime: QueueRealtime } }) => this.board.upsertQueue(data.queueRealtimeChanged, Date.now()));
    window.clearInterval(this.metricsTimer);
    this.metricsTimer = window.setInterval(() => void this.loadToday(), METRICS_REFRESH_MS);
  }

  /** Replaces the credential (a postMessage from the portal) and reconnects with it. */
  setCredential(credential: Credential): void {
    this.credential = credential;
    // graphql-ws's dispose awaits the pending connection: when the server refused it (4401 before the
    // portal's token arrived) the promise rejects with that CloseEvent, which the closed handler has shown.
    void Promise.resolve(this.client?.dispose()).catch(() => undefined);
    this.start();
  }

  private subscribe<T>(query: string, onData: (data: T) => void): void {
    this.client!.subscribe<T>(
      { query },
      {
        next: (result) => {
          if (result.data) onData(result.data as T);
          if (result.errors?.length) showMessage(result.errors.map((e) => e.message).join(' '));
        },
        error: () => undefined, // the closed handler shows why
        complete: () => undefined,
      },
    );
  }

  private async post<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...credentialHeaders(this.credential) },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json().catch(() => ({}))) as GraphqlAnswer<T>;
    if (response.status === 401 || response.status === 403) throw new AuthFailure(answer.errors?.[0]?.message ?? `HTTP ${response.status}`);
    if (!answer.data) throw new Error(answer.errors?.map((e) => e.message).join(' ') || `HTTP ${response.status}`);
    if (answer.errors?.length) showMessage(answer.errors.map((e) => e.message).join(' '));
    return answer.data;
  }

  /** The snapshot (queues and agents), then today's history. */
  async refresh(): Promise<void> {
    try {
      const receivedAtMs = Date.now();
      const data = await this.post<{ queues: { arn: string; id: string; name: string | null; realtime: QueueRealtime }[]; agentStates: AgentState[] }>(SNAPSHOT_QUERY);
      for (const queue of data.queues) this.board.upsertQueue(queue, receivedAtMs);
      for (const agent of data.agentStates) this.board.upsertAgent(agent);
      this.board.retainAgents(new Set(data.agentStates.map((a) => a.agentArn)));
      await this.loadToday();
    } catch (error) {
      this.report(error);
    }
  }

  private async loadToday(): Promise<void> {
    if (this.board.queueCount() === 0) return;
    try {
      const { from, to } = todayRange(this.options.timeZone, Date.now());
      const input = {
        from,
        to,
        timeZone: this.options.timeZone,
        interval: 'TOTAL',
        groupings: [{ key: 'QUEUE' }],
        metrics: [{ name: 'SERVICE_LEVEL', thresholds: [{ seconds: this.options.slSeconds }] }, { name: 'CONTACTS_HANDLED' }, { name: 'CONTACTS_ABANDONED' }],
      };
      const data = await this.post<{ metrics: { rows: { dimensions: { key: string; value: string | null; arn: string | null }[]; metrics: { name: string; value: number | null }[] }[] } }>(TODAY_QUERY, { input });
      const byArn = new Map<string, { sl: number | null; handled: number; abandoned: number }>();
      for (const row of data.metrics.rows) {
        const arn = row.dimensions.find((d) => d.key === 'QUEUE')?.arn;
        if (!arn) continue;
        const value = (name: string) => row.metrics.find((m) => m.name === name)?.value ?? null;
        byArn.set(arn, { sl: value('SERVICE_LEVEL'), handled: value('CONTACTS_HANDLED') ?? 0, abandoned: value('CONTACTS_ABANDONED') ?? 0 });
      }
      this.board.setToday(byArn);
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    if (error instanceof AuthFailure) {
      const problem = credentialProblem(error.message, this.credential !== undefined, this.credential?.kind === 'link');
      showConnection('error', problem.status);
      showMessage(problem.message);
      return;
    }
    // Network errors while the server restarts: the socket's reconnect fetches again.
    if (error instanceof TypeError) return;
    showMessage(`Could not load data: ${(error as Error).message}`);
  }
}

function isCloseEvent(event: unknown): event is CloseEvent {
  return typeof event === 'object' && event !== null && 'code' in event && 'reason' in event;
}

// ---------------------------------------------------------------------------------------- start

function main(): void {
  const { options, problems } = parseOptions(location);
  if (!options) {
    showConnection('error', 'Check the URL');
    showMessage(`The wallboard URL has a problem: ${problems.join(' ')}`);
    return;
  }
  const board = new Board(options);
  const connection = new Connection(board, options, options.credential);
  // A portal embedding the page hands over its token (frame-ancestors decides who may embed it).
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown; token?: unknown } | null;
    if (event.source !== window.parent || window.parent === window) return;
    if (data?.type !== 'wallboard-token' || typeof data.token !== 'string' || data.token.length === 0) return;
    connection.setCredential({ kind: data.token.startsWith('wbl1.') ? 'link' : 'token', value: data.token });
  });
  window.setInterval(() => board.tick(), 1000);
  board.tick();
  connection.start();
}

main();
