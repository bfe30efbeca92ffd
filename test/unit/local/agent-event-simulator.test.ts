import { parseAgentEvent, type AgentEventRecord } from '../../../src/domain/records';
import { localDateOf } from '../../../src/domain/time-zone';
import { parseContactEvent, type ContactEvent } from '../../../src/domain/records/contact-event.record';
import { AgentEventSimulatorError, startAgentEventSimulator, type AgentEventSimulator } from '../../../src/local/agent-event-simulator';
import { buildContactCenterModel, runSimulation } from '../../../src/local/demo-data';
import { planShift } from '../../../src/local/demo-data/shift.planner';

const SEED = 'simulator-test';
const AGENTS = 8;
/** A Tuesday, 11:00 in the demo instance's time zone (America/New_York): mid-shift for most agents. */
const T0 = Date.parse('2024-06-04T15:00:00.000Z');
const LOOK_BACK_MS = 12 * 3_600_000;
const TICK_MS = 1_000;
const MINUTE_MS = 60_000;

interface ReferenceEvent {
  readonly timeMs: number;
  readonly sequence: number;
  readonly record: AgentEventRecord;
}

/**
 * The agent events of the same simulation the simulator runs (same model, same window start), run
 * to completion into memory: what the simulator must replay.
 */
async function referenceEvents(startMs = T0): Promise<ReferenceEvent[]> {
  const events: ReferenceEvent[] = [];
  await runSimulation({
    model: buildContactCenterModel(SEED, AGENTS),
    window: { startMs: startMs - LOOK_BACK_MS, endMs: startMs + 2 * 86_400_000, stopMs: startMs + 3_600_000 },
    sink: {
      write: (source, _day, line) => {
        if (source !== 'ae') return;
        const record = parseAgentEvent(JSON.parse(line));
        events.push({ timeMs: Date.parse(record.EventTimestamp), sequence: events.length, record });
      },
      needsDrain: () => false,
      drain: async () => undefined,
      advanceTo: () => undefined,
    },
  });
  return events.sort((a, b) => a.timeMs - b.timeMs || a.sequence - b.sequence);
}

/** Agent ARNs whose planned shift covers `atMs` (computed from the shift planner, not from events). */
function agentsOnShiftAt(atMs: number): string[] {
  const model = buildContactCenterModel(SEED, AGENTS);
  const date = localDateOf(model.instance.timeZone, atMs);
  return model.agents
    .filter((agent) => {
      const plan = planShift(model, agent, date);
      return plan !== null && plan.loginMs <= atMs && atMs < plan.logoutMs;
    })
    .map((agent) => agent.arn)
    .sort();
}

/** Lets real (un-faked) setImmediate callbacks run until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('condition not reached');
}

describe('startAgentEventSimulator', () => {
  let reference: ReferenceEvent[];
  let clockMs: number;
  let batches: { atMs: number; records: AgentEventRecord[] }[];
  let simulator: AgentEventSimulator | undefined;

  const ingest = async (records: unknown[]): Promise<void> => {
    batches.push({ atMs: clockMs, records: records.map((record) => parseAgentEvent(record)) });
  };
  const start = (options: { speed?: number; ingest?: (records: unknown[]) => Promise<unknown>; onError?: (error: unknown) => void } = {}) => {
    simulator = startAgentEventSimulator({
      seed: SEED,
      agents: AGENTS,
      ingest: options.ingest ?? ingest,
      now: () => new Date(clockMs),
      speed: options.speed,
      tickMs: TICK_MS,
      lookBackMs: LOOK_BACK_MS,
      onError: options.onError,
    });
    return simulator;
  };
  /** Moves the wall clock to `atMs` and runs one tick to its end (the next tick's timer is set again). */
  const tickAt = async (atMs: number): Promise<void> => {
    clockMs = atMs;
    await jest.advanceTimersByTimeAsync(TICK_MS);
    await until(() => jest.getTimerCount() === 1);
  };

  beforeAll(async () => {
    reference = await referenceEvents();
  });

  beforeEach(() => {
    // Ticks run on fake timers; the simulation's own yields (setImmediate) stay real.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'Date', 'hrtime', 'performance'] });
    clockMs = T0;
    batches = [];
    simulator = undefined;
  });

  afterEach(async () => {
    await simulator?.stop();
    jest.useRealTimers();
  });

  it('starts with one snapshot per agent seen in the look-back: the latest event at or before the start', async () => {
    // Act
    const running = start();
    await running.ready;

    // Assess
    expect(batches).toHaveLength(1);
    const snapshot = batches[0]!.records;
    const seen = [...new Set(reference.filter((event) => event.timeMs <= T0).map((event) => event.record.AgentARN))].sort();
    const onShift = agentsOnShiftAt(T0);
    expect(onShift.length).toBeGreaterThanOrEqual(3);
    expect(snapshot.map((record) => record.AgentARN).sort()).toEqual(seen);
    for (const record of snapshot) {
      const latest = reference.filter((event) => event.record.AgentARN === record.AgentARN && event.timeMs <= T0).at(-1);
      expect(record.EventId).toBe(latest?.record.EventId);
      if (onShift.includes(record.AgentARN)) expect(record.EventType).not.toBe('LOGOUT');
    }
    expect(jest.getTimerCount()).toBe(1);
  });

  it('shows agents who logged out earlier in the look-back with their last, offline state', async () => {
    // Prepare: in the evening the early shifts have ended, the late ones are working.
    const evening = T0 + 6 * 3_600_000;
    const eveningReference = await referenceEvents(evening);
    const loggedOutEarlier = new Set(eveningReference.filter((event) => event.record.EventType === 'LOGOUT' && event.timeMs <= evening).map((event) => event.record.AgentARN));
    clockMs = evening;

    // Act
    const running = start();
    await running.ready;

    // Assess
    const snapshot = batches[0]!.records;
    const onShift = agentsOnShiftAt(evening);
    expect(loggedOutEarlier.size).toBeGreaterThanOrEqual(2);
    expect(onShift.length).toBeGreaterThanOrEqual(1);
    const byAgent = new Map(snapshot.map((record) => [record.AgentARN, record]));
    for (const arn of onShift) expect(byAgent.has(arn)).toBe(true);
    for (const arn of loggedOutEarlier) {
      if (onShift.includes(arn)) continue; // logged out and back in
      const last = eveningReference.filter((event) => event.record.AgentARN === arn && event.timeMs <= evening).at(-1)!;
      expect(byAgent.get(arn)?.EventId).toBe(last.record.EventId);
      expect(byAgent.get(arn)?.CurrentAgentSnapshot.AgentStatus.Type).toBe('OFFLINE');
    }
  });

  it('replays the events of each tick in timestamp order, as the clock passes them', async () => {
    // Prepare
    const running = start();
    await running.ready;

    // Act
    for (let minute = 1; minute <= 10; minute++) await tickAt(T0 + minute * MINUTE_MS);

    // Assess
    const replayed = batches.slice(1);
    for (const { atMs, records } of replayed) {
      const times = records.map((record) => Date.parse(record.EventTimestamp));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const timeMs of times) expect(timeMs).toBeLessThanOrEqual(atMs);
    }
    const expected = reference.filter((event) => event.timeMs > T0 && event.timeMs <= T0 + 10 * MINUTE_MS).map((event) => event.record.EventId);
    expect(expected.length).toBeGreaterThan(5);
    expect(replayed.flatMap(({ records }) => records.map((record) => record.EventId))).toEqual(expected);
  });

  it('emits contact events consistent with the agent events: open contacts at the start, then each tick\'s in time order', async () => {
    // Prepare
    const contactBatches: { atMs: number; events: ContactEvent[] }[] = [];
    simulator = startAgentEventSimulator({
      seed: SEED,
      agents: AGENTS,
      ingest,
      ingestContactEvents: async (events) => {
        contactBatches.push({ atMs: clockMs, events: events.map((event) => parseContactEvent(event)) });
      },
      now: () => new Date(clockMs),
      tickMs: TICK_MS,
      lookBackMs: LOOK_BACK_MS,
    });
    await simulator.ready;

    // Act
    for (let minute = 1; minute <= 10; minute++) await tickAt(T0 + minute * MINUTE_MS);

    // Assess
    const [startBatch, ...ticks] = contactBatches;
    expect(startBatch!.atMs).toBe(T0);
    // The start: only contacts still open (no DISCONNECTED among them), each event dated at or before the start.
    expect(startBatch!.events.filter((e) => e.phase === 'ENDED')).toEqual([]);
    for (const event of startBatch!.events) expect(Date.parse(event.phaseAt)).toBeLessThanOrEqual(T0);
    const all = contactBatches.flatMap((b) => b.events);
    expect(new Set(all.map((e) => e.eventType))).toEqual(new Set(['INITIATED', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED']));
    for (const { atMs, events } of ticks) {
      const times = events.map((event) => Date.parse(event.phaseAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const timeMs of times) expect(timeMs).toBeLessThanOrEqual(atMs);
    }
    // Consistency: a contact connected to an agent during the ticks is in that agent's events, with the same queue.
    const agentContacts = new Map(batches.flatMap((b) => b.records).flatMap((r) => (r.CurrentAgentSnapshot?.Contacts ?? []).map((c) => [c.ContactId, c.Queue?.ARN ?? null] as const)));
    const connected = ticks.flatMap((b) => b.events).filter((e) => e.eventType === 'CONNECTED_TO_AGENT');
    expect(connected.length).toBeGreaterThan(0);
    for (const event of connected) expect(agentContacts.get(event.contactId)).toBe(event.queueArn);
    // Every contact event is of the demo instance, and every queued contact names one of its queues.
    const model = buildContactCenterModel(SEED, AGENTS);
    const queueArns = new Set(model.queues.map((q) => q.arn));
    for (const event of all) {
      expect(event.instanceArn).toBe(model.instance.arn);
      if (event.phase === 'QUEUED') expect(queueArns.has(event.queueArn!)).toBe(true);
    }
  });

  it('runs the day faster with speed: 10 wall seconds at speed 60 replay 10 simulated minutes', async () => {
    // Prepare
    const running = start({ speed: 60 });
    await running.ready;

    // Act
    await tickAt(T0 + 10_000);

    // Assess
    const expected = reference.filter((event) => event.timeMs > T0 && event.timeMs <= T0 + 10 * MINUTE_MS).map((event) => event.record.EventId);
    expect(batches[1]?.records.map((record) => record.EventId)).toEqual(expected);
  });

  it('stop() clears its timer, ends the simulation and ingests nothing afterwards', async () => {
    // Prepare
    const running = start();
    await running.ready;
    await tickAt(T0 + MINUTE_MS);
    const calls = batches.length;

    // Act
    await running.stop();
    clockMs = T0 + 30 * MINUTE_MS;
    await jest.advanceTimersByTimeAsync(10 * TICK_MS);

    // Assess
    expect(jest.getTimerCount()).toBe(0);
    expect(batches).toHaveLength(calls);
    await expect(running.stop()).resolves.toBeUndefined();
  });

  it('can be stopped while it is still simulating the look-back, before the first snapshot', async () => {
    // Act
    const running = start();
    await running.stop();

    // Assess
    await expect(running.ready).resolves.toBeUndefined();
    expect(batches).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('reports a failing ingest to onError and keeps ticking', async () => {
    // Prepare
    const errors: unknown[] = [];
    let attempts = 0;
    const running = start({
      ingest: async (records) => {
        attempts++;
        if (attempts === 1) throw new Error('store down');
        await ingest(records);
      },
      onError: (error) => errors.push(error),
    });
    await running.ready;

    // Act
    for (let minute = 1; minute <= 5; minute++) await tickAt(T0 + minute * MINUTE_MS);

    // Assess
    expect(errors).toEqual([new Error('store down')]);
    expect(batches.length).toBeGreaterThan(0);
  });

  it('rejects out-of-range options with BAD_OPTION', () => {
    const options = { seed: SEED, ingest, now: () => new Date(T0) };
    expect(() => startAgentEventSimulator({ ...options, agents: 0 })).toThrow(AgentEventSimulatorError);
    expect(() => startAgentEventSimulator({ ...options, speed: 0 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringMatching(/speed/) }));
    expect(() => startAgentEventSimulator({ ...options, tickMs: Number.NaN })).toThrow(/tickMs/);
    expect(jest.getTimerCount()).toBe(0);
  });
});
