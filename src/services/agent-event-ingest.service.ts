import { agentKeyString, type AgentKey, type AgentState } from '../domain/agent-state';
import { agentKeyOf, instanceArnFromAgentArn } from '../domain/agent-state.reducer';
import { operatorDetail } from '../domain/errors';
import { parseAgentEvent, type AgentEventRecord } from '../domain/records';
import type { AgentStateApplyResult, AgentStateRepository } from '../state/agent-state.repository';
import { ALL_INSTANCES, type InstanceScope } from '../domain/principal';
import { DEFAULT_MAX_FUTURE_SKEW_SECONDS, refuseAgentEvent, type AgentEventRejection } from './agent-event-admission';

/**
 * The agent-event ingest path shared by the Kinesis Lambda (`src/lambda/agent-events.handler.ts`),
 * `POST /ingest/agent-events` and the live simulator: decode → validate → group by agent → one
 * repository call → publish visible changes. Transport-neutral: it never throws for a bad record or
 * a failed write, it returns one outcome per record and lets the transport decide what to report.
 *
 * Collapse and publication: the events of one agent in one call are reduced together (in event
 * order, whatever the arrival order) and written once, so subscribers get **the latest state of
 * each agent per call**, not every intermediate state: a batch that holds Available → Incoming →
 * On contact for one agent publishes On contact once (its `before` is the state before the batch).
 * Every event carries the agent's full snapshot, so nothing a wallboard shows is lost; only
 * transitions shorter than one batch are not pushed one by one.
 */

/** One record as the transport received it. */
export interface IngestRecordInput {
  /** Identifies the record in outcomes and logs: the Kinesis sequence number, or the array index. */
  readonly id: string;
  /** The record: a parsed JSON value, or its JSON text as a string or UTF-8 bytes. */
  readonly data: unknown;
  /**
   * Set by a transport that could not even decode the record (e.g. invalid base64): the record is
   * reported malformed with this reason, without looking at `data`.
   */
  readonly malformedReason?: string;
}

/** Why a record was not applied. */
export type IngestFailureKind =
  /**
   * Not an agent event (bad bytes, bad JSON or the wrong shape), or one refused by the admission
   * checks (a date in the future, before 2017 or impossible; an instance outside the sender's scope).
   * Retrying cannot help.
   */
  | 'malformed'
  /** A valid event whose agent's state could not be written (DynamoDB error). Retrying may help. */
  | 'write_failed';

/** What happened to one record. */
export type IngestOutcome =
  | { readonly id: string; readonly ok: true }
  | { readonly id: string; readonly ok: false; readonly kind: IngestFailureKind; readonly reason: string };

/** Totals of one ingest call. */
export interface IngestCounts {
  /** Records received. */
  readonly received: number;
  /** Records applied (their agent's state is stored; duplicates and stale events count as applied). */
  readonly applied: number;
  readonly malformed: number;
  readonly writeFailed: number;
  /** Agents whose visible state changed (each published once). */
  readonly changed: number;
  /** Changes whose publication failed (the state is stored; subscribers missed this update). */
  readonly publishFailed: number;
}

/** The result of {@link ingestAgentEvents}: outcomes in input order, and totals. */
export interface IngestResult {
  readonly outcomes: readonly IngestOutcome[];
  readonly counts: IngestCounts;
}

/** The part of `AgentStateRepository` the ingest path uses (tests pass an in-memory one). */
export type AgentStateApplier = Pick<AgentStateRepository, 'apply'>;

/** A visible change of one agent, as published to subscribers. */
export interface AgentStateChange {
  /** The stored state the change was applied to; null for an agent seen for the first time. */
  readonly before: AgentState | null;
  readonly state: AgentState;
}

/** A malformed record, for counters and dead-letter handling. */
export interface MalformedRecord {
  readonly id: string;
  readonly reason: string;
  /** Set when a well-formed event was refused by an admission check (see `agent-event-admission.ts`). */
  readonly rejection?: AgentEventRejection;
}

/** Structured logging as the ingest path uses it (Powertools `Logger` fits as is; see {@link pinoIngestLogger}). */
export interface IngestLogger {
  warn(message: string, details: Record<string, unknown>): void;
  error(message: string, details: Record<string, unknown>): void;
}

/** What {@link ingestAgentEvents} needs. */
export interface IngestDeps {
  readonly repository: AgentStateApplier;
  /** Publishes a visible change (`'changed'` only, never heartbeats or no-ops). A rejection is logged, not retried. */
  readonly publish: (change: AgentStateChange) => Promise<void> | void;
  readonly logger: IngestLogger;
  /** Called once per malformed record (e.g. to count it in a metric). */
  readonly onMalformed?: (record: MalformedRecord) => void;
  /** How far in the future (server clock) an event may be dated, seconds. @default 300 (INGEST_MAX_FUTURE_SKEW_SECONDS) */
  readonly maxFutureSkewSeconds?: number;
  /** The server clock, epoch ms. @default Date.now */
  readonly now?: () => number;
}

/** Adapts a pino-style logger (`warn(object, message)`) to {@link IngestLogger}. */
export function pinoIngestLogger(logger: {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}): IngestLogger {
  return {
    warn: (message, details) => logger.warn(details, message),
    error: (message, details) => logger.error(details, message),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MAX_REASON_CHARS = 500;

type Decoded =
  | { readonly ok: true; readonly event: AgentEventRecord; readonly key: AgentKey }
  | { readonly ok: false; readonly reason: string; readonly rejection?: AgentEventRejection };

/** The detail of a failure for the ingest's own response and logs (an AppError's operator reason: the caller is the event feed). */
function errorMessage(error: unknown): string {
  return operatorDetail(error);
}

/** JSON text or bytes → value; an already-parsed value passes through. */
function decodeJson(data: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else if (data instanceof Uint8Array) {
    try {
      text = utf8.decode(data);
    } catch {
      return { ok: false, reason: 'not UTF-8 text' };
    }
  } else {
    return { ok: true, value: data };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `not JSON: ${errorMessage(error)}` };
  }
}

/** Decodes and validates one record; the reason says what is wrong with it. */
function decodeRecord(record: IngestRecordInput): Decoded {
  if (record.malformedReason !== undefined) return { ok: false, reason: record.malformedReason };
  const json = decodeJson(record.data);
  if (!json.ok) return json;
  let event: AgentEventRecord;
  try {
    event = parseAgentEvent(json.value);
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
  try {
    // The reducer keys agents by InstanceARN + the id in AgentARN; both must name the same instance.
    if (instanceArnFromAgentArn(event.AgentARN) !== event.InstanceARN) {
      return { ok: false, reason: `AgentARN ${event.AgentARN} is not an agent of InstanceARN ${event.InstanceARN}` };
    }
    return { ok: true, event, key: agentKeyOf(event) };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

function truncate(text: string): string {
  return text.length <= MAX_REASON_CHARS ? text : `${text.slice(0, MAX_REASON_CHARS)}…`;
}

/**
 * Ingests a batch of agent event records: decodes each (JSON text, bytes or an object), validates it
 * with `parseAgentEvent`, groups the valid events by agent and hands them to `repository.apply` in
 * one call, then publishes each agent whose visible state changed.
 *
 * Never throws for record or write problems: a malformed record is logged (`warn`, with its id) and
 * reported `malformed`; when an agent's write fails (or the whole repository call rejects), every
 * record of that agent is reported `write_failed`. A publish failure is logged and counted only —
 * the state is stored, and retrying the records would not publish again (they are no longer new).
 * Records of one agent in one batch are applied together, so their outcomes are the same.
 */
export async function ingestAgentEvents(
  input: {
    readonly records: readonly IngestRecordInput[];
    /** Instances the sender may write (the principal's); events of other instances are refused. @default every instance */
    readonly scope?: InstanceScope;
  },
  deps: IngestDeps,
): Promise<IngestResult> {
  const { records } = input;
  const policy = { scope: input.scope ?? ALL_INSTANCES, nowMs: (deps.now ?? Date.now)(), maxFutureSkewSeconds: deps.maxFutureSkewSeconds ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS };
  const failures = new Map<number, { kind: IngestFailureKind; reason: string }>();
  const groups = new Map<string, { key: AgentKey; events: AgentEventRecord[]; indexes: number[] }>();

  records.forEach((record, index) => {
    const parsed = decodeRecord(record);
    const refusal = parsed.ok ? refuseAgentEvent(parsed.event, policy) : undefined;
    const decoded: Decoded = refusal === undefined ? parsed : { ok: false, reason: refusal.reason, rejection: refusal.rule };
    if (!decoded.ok) {
      const reason = truncate(decoded.reason);
      failures.set(index, { kind: 'malformed', reason });
      if (decoded.rejection === undefined) {
        deps.logger.warn('malformed agent event record', { recordId: record.id, reason });
        deps.onMalformed?.({ id: record.id, reason });
      } else {
        deps.logger.warn('agent event refused', { recordId: record.id, rejection: decoded.rejection, reason });
        deps.onMalformed?.({ id: record.id, reason, rejection: decoded.rejection });
      }
      return;
    }
    const { key } = decoded;
    const id = agentKeyString(key);
    const group = groups.get(id) ?? { key, events: [], indexes: [] };
    group.events.push(decoded.event);
    group.indexes.push(index);
    groups.set(id, group);
  });

  let changed = 0;
  let publishFailed = 0;
  const malformed = failures.size;
  if (groups.size > 0) {
    const batch = [...groups.values()];
    const failGroup = (group: (typeof batch)[number], error: unknown): void => {
      const reason = truncate(`agent state not written: ${errorMessage(error)}`);
      for (const index of group.indexes) failures.set(index, { kind: 'write_failed', reason });
      deps.logger.error('agent state write failed', {
        instanceArn: group.key.instanceArn,
        agentId: group.key.agentId,
        recordIds: group.indexes.map((index) => records[index]!.id),
        reason,
      });
    };
    let results: readonly AgentStateApplyResult[] | undefined;
    try {
      results = await deps.repository.apply(batch.map(({ key, events }) => ({ key, events })));
    } catch (error) {
      for (const group of batch) failGroup(group, error);
    }
    const resultByKey = new Map((results ?? []).map((result) => [agentKeyString(result.key), result]));
    const toPublish: AgentStateChange[] = [];
    for (const group of results === undefined ? [] : batch) {
      const result = resultByKey.get(agentKeyString(group.key));
      if (result === undefined) {
        failGroup(group, new Error('the repository returned no result for this agent'));
      } else if (result.error !== undefined) {
        failGroup(group, result.error);
      } else if (result.change === 'changed' && result.state !== null) {
        toPublish.push({ before: result.before, state: result.state });
      }
    }
    changed = toPublish.length;
    const published = await Promise.allSettled(toPublish.map(async (change) => deps.publish(change)));
    published.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') return;
      publishFailed++;
      const { state } = toPublish[i]!;
      deps.logger.error('agent state change not published', { instanceArn: state.instanceArn, agentId: state.agentId, reason: errorMessage(outcome.reason) });
    });
  }

  const outcomes = records.map((record, index): IngestOutcome => {
    const failure = failures.get(index);
    return failure === undefined ? { id: record.id, ok: true } : { id: record.id, ok: false, ...failure };
  });
  const writeFailed = failures.size - malformed;
  return {
    outcomes,
    counts: { received: records.length, applied: records.length - failures.size, malformed, writeFailed, changed, publishFailed },
  };
}

/**
 * {@link ingestAgentEvents} over a plain array of records (parsed objects or JSON text); record ids
 * are the array indexes. What `POST /ingest/agent-events` runs, and what the simulator's `ingest`
 * option expects: `ingest: (records) => ingestAgentEventArray(records, deps)`.
 */
export function ingestAgentEventArray(records: readonly unknown[], deps: IngestDeps, scope: InstanceScope = ALL_INSTANCES): Promise<IngestResult> {
  return ingestAgentEvents({ records: records.map((data, index) => ({ id: String(index), data })), scope }, deps);
}
