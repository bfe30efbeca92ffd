/**
 * Synthetic Amazon Connect agent-event traffic for `agent-events.bench.ts`: agent events in the
 * shape of the agent event stream (the same shape as `test/helpers/kinesis-factories.ts`, copied
 * here so that bench code does not import test code), and Kinesis stream records / events built
 * from them.
 *
 * Traffic model of one contact center (all deterministic for a seed):
 * - every agent is logged in and mid-shift when its traffic starts (one "seed" STATE_CHANGE per
 *   agent 1 s before it, applied before anything is timed);
 * - the traffic starts `warmMs` before the window (default 0: at the window): the events of that
 *   warm-up are returned apart (`warm`) so that a bench can apply them untimed and open the window
 *   on agents whose stored state has the ages of a center that has been running, not the ages of
 *   a seed all written at one instant;
 * - every agent sends a HEART_BEAT every 120 s (phase uniform in [0, 120 s)) carrying its current
 *   snapshot unchanged (`heartbeats: 'every-period'`, the default and the shape the issue measured);
 *   or, as the AWS agent event stream documentation describes it ("published every 120 seconds if
 *   there are no other events published during that interval"), only after 120 s without any other
 *   event of the agent (`heartbeats: 'after-silence'`): fewer heartbeats, each after a long silence;
 * - every agent changes state as a Poisson process with a mean of one change per 90 s, walking the
 *   cycle Available → Incoming (CONNECTING) → On contact (CONNECTED) → ACW (ENDED) → Available …
 *   with a Break (a NOT_ROUTABLE status) every second cycle; each change is a STATE_CHANGE whose
 *   snapshot differs visibly from the previous one.
 */
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { AgentEventRecord, AgentSnapshot, AgentSnapshotContact } from '../src/domain/records';
import { derivePrng } from '../src/local/demo-data/prng';

export const BENCH_ACCOUNT_ID = '111122223333';
export const BENCH_INSTANCE_ARN = 'arn:aws:connect:us-west-2:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e';
const STREAM_ARN = 'arn:aws:kinesis:us-west-2:111122223333:stream/connect-agent-events';

export const HEARTBEAT_INTERVAL_MS = 120_000;
/** When the synthetic agents send HEART_BEAT (see the module comment). */
export type HeartbeatModel = 'every-period' | 'after-silence';
/** The models, for command-line checks. */
export const HEARTBEAT_MODELS: readonly HeartbeatModel[] = ['every-period', 'after-silence'];
export const DEFAULT_MEAN_STATE_CHANGE_MS = 90_000;
/** Routing profiles of the synthetic center (agents are spread over them round-robin). */
const ROUTING_PROFILES = 40;
/** Inbound queues of the synthetic center; each routing profile takes two of them. */
const QUEUES = 20;

const queueRef = (q: number) => ({ ARN: `${BENCH_INSTANCE_ARN}/queue/queue-${q}`, Name: `Queue ${q}` });

/** The phases of an agent's cycle; every step is a visible change. */
type Phase = 'AVAILABLE' | 'INCOMING' | 'ON_CONTACT' | 'ACW' | 'BREAK';
const CYCLE: readonly Phase[] = ['AVAILABLE', 'INCOMING', 'ON_CONTACT', 'ACW', 'AVAILABLE', 'INCOMING', 'ON_CONTACT', 'ACW', 'BREAK'];

/** An agent's identity (what stays the same between its events). */
export interface BenchAgent {
  readonly index: number;
  readonly agentId: string;
  readonly username: string;
  readonly agentArn: string;
  readonly routingProfile: number;
}

export function benchAgent(index: number, prefix = 'agent'): BenchAgent {
  const agentId = `${prefix}-${String(index).padStart(6, '0')}`;
  return { index, agentId, username: `${prefix}${index}`, agentArn: `${BENCH_INSTANCE_ARN}/agent/${agentId}`, routingProfile: index % ROUTING_PROFILES };
}

interface AgentPhase {
  readonly phase: Phase;
  /** When the status (Available / Break) was chosen. */
  readonly statusSince: string;
  /** The current contact (for INCOMING, ON_CONTACT, ACW). */
  readonly contactId: string | null;
  readonly contactSince: string;
  readonly queuedAt: string;
  readonly connectedAt: string | null;
}

function snapshot(agent: BenchAgent, state: AgentPhase): AgentSnapshot {
  const rp = agent.routingProfile;
  const queues = [queueRef(rp % QUEUES), queueRef((rp + 7) % QUEUES)];
  const onBreak = state.phase === 'BREAK';
  const contacts: AgentSnapshotContact[] = [];
  if (state.contactId !== null && state.phase !== 'AVAILABLE' && !onBreak) {
    contacts.push({
      Channel: 'VOICE',
      ConnectedToAgentTimestamp: state.connectedAt,
      ContactId: state.contactId,
      InitialContactId: null,
      InitiationMethod: 'INBOUND',
      Queue: queues[0]!,
      QueueTimestamp: state.queuedAt,
      State: state.phase === 'INCOMING' ? 'CONNECTING' : state.phase === 'ON_CONTACT' ? 'CONNECTED' : 'ENDED',
      StateStartTimestamp: state.contactSince,
    });
  }
  return {
    AgentStatus: {
      ARN: `${BENCH_INSTANCE_ARN}/agent-state/${onBreak ? 'break' : 'available'}`,
      Name: onBreak ? 'Break' : 'Available',
      StartTimestamp: state.statusSince,
      Type: onBreak ? 'NOT_ROUTABLE' : 'ROUTABLE',
    },
    Configuration: {
      AgentHierarchyGroups: null,
      FirstName: 'Bench',
      LastName: `Agent ${agent.index}`,
      RoutingProfile: {
        ARN: `${BENCH_INSTANCE_ARN}/routing-profile/rp-${rp}`,
        DefaultOutboundQueue: queues[0]!,
        InboundQueues: queues.map((q) => ({ ...q, Channels: ['VOICE'] })),
        Name: `Routing profile ${rp}`,
      },
      Username: agent.username,
    },
    Contacts: contacts,
  };
}

/** The next phase after `state`, entered at `at`. */
function nextPhase(agent: BenchAgent, state: AgentPhase, cycleIndex: number, at: string, contactSeq: number): AgentPhase {
  const phase = CYCLE[cycleIndex % CYCLE.length]!;
  switch (phase) {
    case 'AVAILABLE':
      // Back from a break, or ACW ended: the status is (re)chosen only when coming back from a break.
      return { phase, statusSince: state.phase === 'BREAK' ? at : state.statusSince, contactId: null, contactSince: at, queuedAt: at, connectedAt: null };
    case 'INCOMING':
      return { phase, statusSince: state.statusSince, contactId: `${agent.agentId}-c${contactSeq}`, contactSince: at, queuedAt: at, connectedAt: null };
    case 'ON_CONTACT':
      return { ...state, phase, contactSince: at, connectedAt: at };
    case 'ACW':
      return { ...state, phase, contactSince: at };
    case 'BREAK':
      return { phase, statusSince: at, contactId: null, contactSince: at, queuedAt: at, connectedAt: null };
  }
}

/** One event of the synthetic traffic, with what the benchmark needs to know about it. */
export interface TrafficEvent {
  readonly timeMs: number;
  readonly agent: number;
  readonly record: AgentEventRecord;
}

/** The traffic of one center over a window (and the warm-up before it). */
export interface CenterTraffic {
  /** One STATE_CHANGE per agent, 1 s before the warm-up (before the window when there is none): the state every agent starts in. */
  readonly seed: TrafficEvent[];
  /** The warm-up's events (after the seed, before the window) in time order (ties: by agent); empty without a warm-up. */
  readonly warm: TrafficEvent[];
  /** The window's events in time order (ties: by agent). */
  readonly events: TrafficEvent[];
  /** HEART_BEAT events of the window (`events`) only. */
  readonly heartbeats: number;
  /** STATE_CHANGE events of the window (`events`) only. */
  readonly stateChanges: number;
  /** Events of the warm-up (`warm.length`). */
  readonly warmEvents: number;
}

/**
 * Generates the traffic of `agents` agents over `windowMs` starting at `startMs`, after a warm-up
 * of `warmMs` (default 0) whose events are returned apart (see the module comment for the model).
 * With `warmMs` 0 the window is exactly what it was before the warm-up existed: the same PRNG draws
 * in the same order, only started `warmMs` earlier otherwise.
 */
export function generateCenterTraffic(options: {
  readonly agents: number;
  readonly windowMs: number;
  readonly startMs: number;
  readonly seed: string;
  readonly meanStateChangeMs?: number;
  /** How long before `startMs` the agents' traffic starts, ms (default 0). */
  readonly warmMs?: number;
  /** When heartbeats come (see the module comment). @default 'every-period' */
  readonly heartbeats?: HeartbeatModel;
}): CenterTraffic {
  const { agents, windowMs, startMs } = options;
  const mean = options.meanStateChangeMs ?? DEFAULT_MEAN_STATE_CHANGE_MS;
  const warmMs = options.warmMs ?? 0;
  if (!Number.isFinite(warmMs) || warmMs < 0) throw new Error(`warmMs must be a number ≥ 0 (got ${warmMs})`);
  const trafficStartMs = startMs - warmMs;
  const prng = derivePrng(options.seed, 'agent-event-traffic');
  const random = (): number => prng.float();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const seed: TrafficEvent[] = [];
  const warm: TrafficEvent[] = [];
  const events: TrafficEvent[] = [];
  let heartbeats = 0;
  let stateChanges = 0;
  for (let index = 0; index < agents; index++) {
    const agent = benchAgent(index);
    let sequence = 0;
    const event = (type: 'STATE_CHANGE' | 'HEART_BEAT', timeMs: number, current: AgentSnapshot, previous: AgentSnapshot | null): TrafficEvent => ({
      timeMs,
      agent: index,
      record: {
        AWSAccountId: BENCH_ACCOUNT_ID,
        AgentARN: agent.agentArn,
        CurrentAgentSnapshot: current,
        EventId: `${agent.agentId}-e${sequence++}`,
        EventTimestamp: iso(timeMs),
        EventType: type,
        InstanceARN: BENCH_INSTANCE_ARN,
        PreviousAgentSnapshot: previous,
        Version: type === 'HEART_BEAT' ? '2017-10-01' : '2019-05-25',
      },
    });
    // Mid-shift: a random point of the cycle, entered some minutes before the traffic starts.
    let cycleIndex = Math.floor(random() * CYCLE.length);
    const seedMs = trafficStartMs - 1_000;
    const enteredMs = iso(seedMs - Math.floor(random() * 300_000));
    let contactSeq = 1;
    let state: AgentPhase = nextPhase(
      agent,
      { phase: 'INCOMING', statusSince: enteredMs, contactId: `${agent.agentId}-c0`, contactSince: enteredMs, queuedAt: enteredMs, connectedAt: enteredMs },
      cycleIndex,
      enteredMs,
      contactSeq++,
    );
    let current = snapshot(agent, state);
    seed.push(event('STATE_CHANGE', seedMs, current, null));

    let nextHeartbeatMs = trafficStartMs + Math.floor(random() * HEARTBEAT_INTERVAL_MS);
    let nextChangeMs = trafficStartMs + Math.max(1, Math.round(-Math.log(1 - random()) * mean));
    const endMs = startMs + windowMs;
    while (nextHeartbeatMs < endMs || nextChangeMs < endMs) {
      if (nextHeartbeatMs <= nextChangeMs) {
        const heartbeat = event('HEART_BEAT', nextHeartbeatMs, current, null);
        if (nextHeartbeatMs < startMs) warm.push(heartbeat);
        else {
          events.push(heartbeat);
          heartbeats++;
        }
        nextHeartbeatMs += HEARTBEAT_INTERVAL_MS;
      } else {
        cycleIndex++;
        state = nextPhase(agent, state, cycleIndex, iso(nextChangeMs), contactSeq++);
        const previous = current;
        current = snapshot(agent, state);
        const change = event('STATE_CHANGE', nextChangeMs, current, previous);
        if (nextChangeMs < startMs) warm.push(change);
        else {
          events.push(change);
          stateChanges++;
        }
        // Connect's documented rule: the next heartbeat only after a full period without events.
        if (options.heartbeats === 'after-silence') nextHeartbeatMs = nextChangeMs + HEARTBEAT_INTERVAL_MS;
        nextChangeMs += Math.max(1, Math.round(-Math.log(1 - random()) * mean));
      }
    }
  }
  const byTimeThenAgent = (a: TrafficEvent, b: TrafficEvent): number => a.timeMs - b.timeMs || a.agent - b.agent;
  warm.sort(byTimeThenAgent);
  events.sort(byTimeThenAgent);
  return { seed, warm, events, heartbeats, stateChanges, warmEvents: warm.length };
}

/** A 56-digit Kinesis sequence number, increasing with `n` within a shard. */
function sequenceNumber(shard: number, n: number): string {
  return `4959033827149025660855969253836157109592157598${String(shard).padStart(3, '0')}${String(n).padStart(7, '0')}`;
}

/**
 * One record of a {@link PackedKinesisBatch}: the event's JSON as bytes (off the JavaScript heap)
 * and what its Kinesis record is made of.
 */
export interface PackedKinesisRecord {
  readonly shard: number;
  /** Position in the shard (orders sequence numbers). */
  readonly n: number;
  readonly partitionKey: string;
  readonly arrivalMs: number;
  /** The event's JSON, UTF-8: what the record's base64 `data` decodes to. */
  readonly json: Buffer;
}

/**
 * A Kinesis event as the bench keeps it until it is invoked: a 25,000-agent run holds ~200,000
 * records, which as base64 strings and record objects made a ~720 MB heap that every full garbage
 * collection of the timed windows traversed (~0.2 s each, measured with --trace-gc), a cost a
 * Lambda handling one batch never pays. Held as bytes the heap is ~140 MB; {@link kinesisEventOf}
 * builds the event a Lambda receives, for each invocation, the same way for every loop compared.
 */
export interface PackedKinesisBatch {
  readonly records: readonly PackedKinesisRecord[];
}

function packedRecord(event: TrafficEvent, shard: number, n: number): PackedKinesisRecord {
  return { shard, n, partitionKey: event.record.AgentARN, arrivalMs: event.timeMs, json: Buffer.from(JSON.stringify(event.record), 'utf8') };
}

function kinesisRecord(record: PackedKinesisRecord): KinesisStreamRecord {
  const sequence = sequenceNumber(record.shard, record.n);
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: sequence,
      data: record.json.toString('base64'),
      approximateArrivalTimestamp: record.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-${String(record.shard).padStart(12, '0')}:${sequence}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::111122223333:role/agent-events-lambda',
    awsRegion: 'us-west-2',
    eventSourceARN: STREAM_ARN,
  };
}

/** The Kinesis event Lambda delivers for a packed batch (data base64-encoded, as Lambda does). */
export function kinesisEventOf(batch: PackedKinesisBatch): KinesisStreamEvent {
  return { Records: batch.records.map(kinesisRecord) };
}

/** FNV-1a of the partition key: which shard an agent's records go to (all of one agent in one shard, as Kinesis does). */
function shardOf(partitionKey: string, shards: number): number {
  let h = 2166136261;
  for (let i = 0; i < partitionKey.length; i++) h = Math.imul(h ^ partitionKey.charCodeAt(i), 16777619);
  return (h >>> 0) % shards;
}

/**
 * The events as Lambda would receive them from a stream of `shards` shards: per shard, the shard's
 * records in time order cut into batches of `batchSize` records, packed ({@link PackedKinesisBatch}:
 * the JSON encoded here, before anything is timed; {@link kinesisEventOf} gives the Kinesis event).
 */
export function toKinesisBatches(events: readonly TrafficEvent[], shards: number, batchSize: number): PackedKinesisBatch[][] {
  const perShard: TrafficEvent[][] = Array.from({ length: shards }, () => []);
  for (const event of events) perShard[shardOf(event.record.AgentARN, shards)]!.push(event);
  return perShard.map((shardEvents, shard) => {
    const batches: PackedKinesisBatch[] = [];
    for (let i = 0; i < shardEvents.length; i += batchSize) {
      batches.push({ records: shardEvents.slice(i, i + batchSize).map((event, j) => packedRecord(event, shard, i + j)) });
    }
    return batches;
  });
}

/**
 * A STATE_CHANGE of bench agent `index` (ids prefixed `prefix`), Available or on Break since
 * `timeMs`, as Connect publishes it: the change the subscription benches push through ingest.
 * @param firstName - the agent's first name, naming the bench that made it.
 */
export function benchStatusChange(index: number, prefix: string, onBreak: boolean, timeMs: number, eventId: string, firstName: string): AgentEventRecord {
  const agent = benchAgent(index, prefix);
  const since = new Date(timeMs).toISOString();
  const queue = { ARN: `${BENCH_INSTANCE_ARN}/queue/queue-0`, Name: 'Queue 0' };
  return {
    AWSAccountId: BENCH_ACCOUNT_ID,
    AgentARN: agent.agentArn,
    CurrentAgentSnapshot: {
      AgentStatus: { ARN: `${BENCH_INSTANCE_ARN}/agent-state/${onBreak ? 'break' : 'available'}`, Name: onBreak ? 'Break' : 'Available', StartTimestamp: since, Type: onBreak ? 'NOT_ROUTABLE' : 'ROUTABLE' },
      Configuration: {
        AgentHierarchyGroups: null,
        FirstName: firstName,
        LastName: `Agent ${index}`,
        RoutingProfile: { ARN: `${BENCH_INSTANCE_ARN}/routing-profile/rp-0`, DefaultOutboundQueue: queue, InboundQueues: [{ ...queue, Channels: ['VOICE'] }], Name: 'Routing profile 0' },
        Username: agent.username,
      },
      Contacts: [],
    },
    EventId: eventId,
    EventTimestamp: since,
    EventType: 'STATE_CHANGE',
    InstanceARN: BENCH_INSTANCE_ARN,
    PreviousAgentSnapshot: null,
    Version: '2019-05-25',
  };
}
