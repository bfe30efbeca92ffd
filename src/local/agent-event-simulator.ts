import { buildContactCenterModel, MAX_AGENTS, runSimulation, type RecordSink } from './demo-data';
import type { RecordSource } from '../domain/records';

/** Why the simulator could not start. */
export type AgentEventSimulatorErrorCode =
  /** An option is out of range (agents, speed, tickMs, lookBackMs). */
  'BAD_OPTION';

/** Thrown by {@link startAgentEventSimulator} for invalid options. */
export class AgentEventSimulatorError extends Error {
  override readonly name = 'AgentEventSimulatorError';

  constructor(
    readonly code: AgentEventSimulatorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link startAgentEventSimulator}. */
export interface AgentEventSimulatorOptions {
  /** Seed of the demo contact center: the same seed as the demo data gives the same agents and shifts. */
  readonly seed: string;
  /** Number of simulated agents, 1–10 000. @default 50 */
  readonly agents?: number;
  /**
   * Receives agent event records (parsed JSON objects, as Connect publishes them) in timestamp
   * order, one call per tick at most. The server passes the ingest service here. A rejection is
   * reported to `onError` and the records are not retried.
   */
  readonly ingest: (records: unknown[]) => Promise<unknown>;
  /**
   * Receives the simulated contacts' contact events (EventBridge form: INITIATED, QUEUED,
   * CONNECTED_TO_AGENT, DISCONNECTED, consistent with the agent events), in timestamp order, one call
   * per tick at most; at the start, the events of the contacts still open. Absent: none are produced.
   */
  readonly ingestContactEvents?: (events: unknown[]) => Promise<unknown>;
  /** Wall clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Simulated seconds per wall-clock second (2 plays the day twice as fast). @default 1 */
  readonly speed?: number;
  /** Milliseconds between ticks; each tick ingests the events that became due. @default 1000 */
  readonly tickMs?: number;
  /**
   * How long before the start the simulation begins, in simulated milliseconds, so that at the
   * start agents are logged in and busy as in a running contact center, and every agent who worked in
   * the last day has a state. @default 24 hours
   */
  readonly lookBackMs?: number;
  /** Called when `ingest` rejects or the simulation fails; the simulator keeps going. @default ignore */
  readonly onError?: (error: unknown) => void;
}

/** A running simulator. */
export interface AgentEventSimulator {
  /**
   * Resolves once the start snapshot (the latest event of every agent seen in the look-back) was
   * handed to `ingest`; never rejects (ingest errors go to `onError`).
   */
  readonly ready: Promise<void>;
  /** Stops ticking and the simulation; resolves when nothing of the simulator is pending. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_AGENTS = 50;
const DEFAULT_TICK_MS = 1_000;
const DEFAULT_LOOK_BACK_MS = 24 * 3_600_000;
/** How far the simulation may run ahead of the replay clock before it waits, simulated ms. */
const AHEAD_MS = 5 * 60_000;
/** The simulated window; a server running longer than this stops receiving events. */
const RUN_LENGTH_MS = 366 * 86_400_000;
const EVENT_TIMESTAMP = /"EventTimestamp":"([^"]+)"/;

interface BufferedEvent {
  readonly timeMs: number;
  readonly sequence: number;
  readonly line: string;
}

/** The few fields of a generated agent event that the start snapshot looks at. */
interface SnapshotView {
  readonly AgentARN: string;
  readonly EventType: string;
  readonly CurrentAgentSnapshot: { readonly AgentStatus: { readonly Type?: string }; readonly Contacts: readonly unknown[] };
}

function eventTimeMs(line: string): number {
  const match = EVENT_TIMESTAMP.exec(line);
  return Date.parse(match?.[1] ?? (JSON.parse(line) as { EventTimestamp: string }).EventTimestamp);
}

/**
 * Agent events the simulation produced and that are not replayed yet. The simulation writes them
 * in time order except for the generator's deliberate late deliveries; those are replayed on the
 * next tick, late, as the real stream would deliver them.
 */
class ReplayBuffer {
  private events: BufferedEvent[] = [];
  private sequence = 0;

  push(line: string): void {
    this.events.push({ timeMs: eventTimeMs(line), sequence: this.sequence++, line });
  }

  /** Removes and returns the events at or before `untilMs`, in timestamp order. */
  takeDue(untilMs: number): BufferedEvent[] {
    const due: BufferedEvent[] = [];
    const rest: BufferedEvent[] = [];
    for (const event of this.events) (event.timeMs <= untilMs ? due : rest).push(event);
    this.events = rest;
    return due.sort((a, b) => a.timeMs - b.timeMs || a.sequence - b.sequence);
  }

  clear(): void {
    this.events = [];
  }
}

/** Contact events not replayed yet, by their time. */
class ContactEventBuffer {
  private events: { timeMs: number; sequence: number; event: Record<string, unknown> }[] = [];
  private sequence = 0;

  push(timeMs: number, event: Record<string, unknown>): void {
    this.events.push({ timeMs, sequence: this.sequence++, event });
  }

  /** Removes and returns the events at or before `untilMs`, in time order. */
  takeDue(untilMs: number): Record<string, unknown>[] {
    const due = this.events.filter((e) => e.timeMs <= untilMs);
    this.events = this.events.filter((e) => e.timeMs > untilMs);
    return due.sort((a, b) => a.timeMs - b.timeMs || a.sequence - b.sequence).map((e) => e.event);
  }

  clear(): void {
    this.events = [];
  }
}

/** The contact events of the contacts still open at the start (no DISCONNECTED yet): the live queues of a running contact center. */
function openContactEvents(events: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const contactOf = (event: Record<string, unknown>) => (event.detail as { contactId: string }).contactId;
  const ended = new Set(events.filter((e) => (e.detail as { eventType: string }).eventType === 'DISCONNECTED').map(contactOf));
  return events.filter((e) => !ended.has(contactOf(e)));
}

/**
 * The latest event of every agent seen in the look-back (in timestamp order): agents at work show
 * what they are doing, agents whose shift has ended show their last state (Offline) — as the
 * agent-state table of a running contact center would, so a wallboard is never empty at night.
 */
function startSnapshot(events: readonly BufferedEvent[]): unknown[] {
  const latestByAgent = new Map<string, SnapshotView>();
  for (const event of events) {
    const record = JSON.parse(event.line) as SnapshotView;
    latestByAgent.set(record.AgentARN, record);
  }
  return [...latestByAgent.values()];
}

function checkOptions(agents: number, speed: number, tickMs: number, lookBackMs: number): void {
  const problem =
    !Number.isInteger(agents) || agents < 1 || agents > MAX_AGENTS
      ? `agents must be a whole number from 1 to ${MAX_AGENTS} (got ${agents})`
      : !Number.isFinite(speed) || speed <= 0
        ? `speed must be a positive number of simulated seconds per second (got ${speed})`
        : !Number.isFinite(tickMs) || tickMs < 1
          ? `tickMs must be at least 1 (got ${tickMs})`
          : !Number.isFinite(lookBackMs) || lookBackMs < 0
            ? `lookBackMs must be zero or more (got ${lookBackMs})`
            : undefined;
  if (problem !== undefined) throw new AgentEventSimulatorError('BAD_OPTION', problem);
}

/**
 * Starts the live agent-event simulator: the demo data generator's contact center
 * ({@link buildContactCenterModel}, {@link runSimulation}) running on the wall clock, so agents log
 * in, take contacts, go to after-contact work and on breaks in real time.
 *
 * One simulation runs for the whole life of the simulator (no second simulation, no re-runs): it
 * starts `lookBackMs` before now to warm up, keeps the agent events not yet replayed in memory, and
 * is held back by the sink's back-pressure (`needsDrain`/`drain`, asked every couple of thousand
 * simulation steps): it pauses whenever it is more than a few simulated minutes ahead of the
 * clock, so memory stays at about one step's worth of events (a few MB for 50 agents). Every `tickMs` the events whose `EventTimestamp` has passed (at `speed`) go to `ingest`
 * in timestamp order; the generator's duplicates and late deliveries are replayed as they come.
 *
 * It returns at once. The simulation of the look-back runs in the background (yielding to the
 * event loop), then the start snapshot is ingested: the latest event of each agent seen in the look-back.
 * @throws AgentEventSimulatorError `BAD_OPTION` for an out-of-range option.
 * @example
 * const simulator = startAgentEventSimulator({
 *   seed: config.data.demoSeed,
 *   agents: config.data.demoAgents,
 *   ingest: (records) => ingestAgentEventArray(records, ingestDeps),
 *   onError: (error) => logger.warn({ err: error }, 'agent event simulator'),
 * });
 * await simulator.ready;
 * // …
 * await simulator.stop();
 */
export function startAgentEventSimulator(options: AgentEventSimulatorOptions): AgentEventSimulator {
  const agents = options.agents ?? DEFAULT_AGENTS;
  const speed = options.speed ?? 1;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const lookBackMs = options.lookBackMs ?? DEFAULT_LOOK_BACK_MS;
  checkOptions(agents, speed, tickMs, lookBackMs);
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => undefined);

  const startWallMs = now().getTime();
  /** The simulated instant the wall clock stands for. */
  const simulatedNowMs = (): number => startWallMs + (now().getTime() - startWallMs) * speed;

  const buffer = new ReplayBuffer();
  const contactBuffer = new ContactEventBuffer();
  const abort = new AbortController();
  let stopped = false;
  /** How far the simulation has got (Infinity once it ended). */
  let simulationClockMs = -Infinity;
  let releaseDrain: (() => void) | undefined;
  let clockWaiters: { targetMs: number; resolve: () => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const notifyClockWaiters = (): void => {
    const ready = clockWaiters.filter((waiter) => stopped || simulationClockMs > waiter.targetMs);
    clockWaiters = clockWaiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  };
  /** Lets a simulation waiting in `drain` go on once the replay clock is close enough. */
  const releaseDrainIfDue = (): void => {
    if (releaseDrain !== undefined && (stopped || simulationClockMs <= simulatedNowMs() + AHEAD_MS)) {
      const release = releaseDrain;
      releaseDrain = undefined;
      release();
    }
  };
  /** Resolves once the simulation has produced every event up to `targetMs` (or ended, or stop). */
  const simulatedUpTo = (targetMs: number): Promise<void> => {
    releaseDrainIfDue();
    // Strictly past: more events may still come at the very millisecond the simulation stands at.
    if (stopped || simulationClockMs > targetMs) return Promise.resolve();
    return new Promise((resolve) => clockWaiters.push({ targetMs, resolve }));
  };

  const sink: RecordSink = {
    write(source: RecordSource, _dayNumber: number, line: string): void {
      if (source === 'ae') buffer.push(line);
    },
    ...(options.ingestContactEvents ? { contactEvent: (timeMs: number, event: Record<string, unknown>) => contactBuffer.push(timeMs, event) } : {}),
    // Asked every couple of thousand simulation steps: always pause, either just to yield to the
    // event loop (catching up) or until the clock is near (ahead enough).
    needsDrain: () => true,
    drain(): Promise<void> {
      if (stopped || simulationClockMs <= simulatedNowMs() + AHEAD_MS) return new Promise((resolve) => setImmediate(resolve));
      return new Promise((resolve) => {
        releaseDrain = resolve;
      });
    },
    advanceTo(nowMs: number): void {
      simulationClockMs = nowMs;
      notifyClockWaiters();
    },
  };

  const safeIngest = async (records: unknown[], ingest: (records: unknown[]) => Promise<unknown> = options.ingest): Promise<void> => {
    if (records.length === 0) return;
    try {
      await ingest(records);
    } catch (error) {
      onError(error);
    }
  };
  const ingestContacts = async (events: unknown[]): Promise<void> => {
    if (options.ingestContactEvents) await safeIngest(events, options.ingestContactEvents);
  };

  const model = buildContactCenterModel(options.seed, agents);
  const simulation = Promise.resolve()
    .then(() =>
      runSimulation({
        model,
        window: { startMs: startWallMs - lookBackMs, endMs: startWallMs + RUN_LENGTH_MS, stopMs: Infinity },
        sink,
        signal: abort.signal,
      }),
    )
    .then(
      () => undefined,
      (error: unknown) => {
        if (!stopped) onError(error);
      },
    )
    .finally(() => {
      simulationClockMs = Infinity;
      notifyClockWaiters();
    });

  let lastReplayedMs = startWallMs;
  const tick = async (): Promise<void> => {
    timer = undefined;
    const untilMs = simulatedNowMs();
    await simulatedUpTo(untilMs);
    if (stopped) return;
    const due = buffer.takeDue(Math.max(untilMs, lastReplayedMs));
    lastReplayedMs = Math.max(untilMs, lastReplayedMs);
    const dueContacts = contactBuffer.takeDue(lastReplayedMs);
    releaseDrainIfDue();
    await safeIngest(due.map((event) => JSON.parse(event.line) as unknown));
    await ingestContacts(dueContacts);
    schedule();
  };
  let inFlight: Promise<void> = Promise.resolve();
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick();
    }, tickMs);
    timer.unref?.();
  };

  const ready = (async () => {
    await simulatedUpTo(startWallMs);
    if (stopped) return;
    await safeIngest(startSnapshot(buffer.takeDue(startWallMs)));
    await ingestContacts(openContactEvents(contactBuffer.takeDue(startWallMs)));
    releaseDrainIfDue();
    schedule();
  })();
  inFlight = ready;

  let stopping: Promise<void> | undefined;
  return {
    ready,
    stop(): Promise<void> {
      stopping ??= (async () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        abort.abort(new AgentEventSimulatorStopped());
        releaseDrainIfDue();
        notifyClockWaiters();
        await inFlight;
        await simulation;
        buffer.clear();
        contactBuffer.clear();
      })();
      return stopping;
    },
  };
}

/** The abort reason of a stopped simulator's simulation (never surfaces: stop swallows it). */
class AgentEventSimulatorStopped extends Error {
  override readonly name = 'AgentEventSimulatorStopped';
  constructor() {
    super('agent event simulator stopped');
  }
}
