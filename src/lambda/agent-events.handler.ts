import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import {
  ingestAgentEvents,
  type IngestDeps,
  type IngestFailureKind,
  type IngestLogger,
  type IngestOutcome,
  type IngestRecordInput,
} from '../services/agent-event-ingest.service';
import { createDefaultAgentEventsDeps } from './agent-events.deps';
import { decodeKinesisData } from './kinesis-data';

/**
 * The Kinesis agent-event Lambda: Amazon Connect's agent event stream → the ingest service (the
 * reducer and the DynamoDB repository) → pub/sub. Configure the event source mapping with
 * `FunctionResponseTypes: [ReportBatchItemFailures]`; see docs/ingest.md for the other settings.
 */

/** Why a record is reported as a batch item failure. */
export type AgentEventRecordErrorCode =
  /** Bad base64, bad UTF-8/JSON, or not an agent event: retries cannot fix it. */
  | 'MALFORMED_RECORD'
  /** The agent's state could not be written: a retry may succeed. */
  | 'WRITE_FAILED';

/** Thrown by the record handler for a record whose outcome failed; Powertools turns it into a batch item failure. */
export class AgentEventRecordError extends Error {
  override readonly name = 'AgentEventRecordError';

  constructor(
    readonly code: AgentEventRecordErrorCode,
    readonly sequenceNumber: string,
    reason: string,
  ) {
    super(`record ${sequenceNumber}: ${reason}`);
  }
}

/** The handler's logger: the ingest logger plus a summary line and, optionally, the Lambda context. */
export interface AgentEventsLogger extends IngestLogger {
  info(message: string, details: Record<string, unknown>): void;
  /** Powertools' `Logger.addContext`: adds the request id and function name to every line. */
  addContext?(context: Context): void;
}

/** What the handler is made of; tests inject all of it. */
export interface AgentEventsHandlerDeps extends IngestDeps {
  readonly logger: AgentEventsLogger;
  /**
   * The live-state warm start (`LIVE_STATE_BOOTSTRAP=1`): run once per handler — per execution
   * environment — before its first batch. Its failure is logged and never fails a batch.
   */
  readonly warmStart?: () => Promise<void>;
}

/** A Kinesis handler with partial batch responses. */
export type AgentEventsHandler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>;

const CODE_BY_KIND: Record<IngestFailureKind, AgentEventRecordErrorCode> = {
  malformed: 'MALFORMED_RECORD',
  write_failed: 'WRITE_FAILED',
};

function toIngestRecord(record: KinesisStreamRecord): IngestRecordInput {
  const id = record.kinesis.sequenceNumber;
  const decoded = decodeKinesisData(record.kinesis.data);
  return decoded.ok ? { id, data: decoded.bytes } : { id, data: undefined, malformedReason: decoded.reason };
}

/**
 * Builds the agent-event handler around injected dependencies.
 *
 * The whole batch goes through the ingest service first (one BatchGetItem and the conditional
 * writes for all agents of the batch, instead of one round trip per record); the outcome of each
 * record is then replayed through Powertools' `processPartialResponse`, whose record handler throws
 * {@link AgentEventRecordError} for a failed outcome. Powertools thus shapes the response:
 * `{ batchItemFailures: [{ itemIdentifier: <sequence number> }] }` for the failed records, and a
 * `FullBatchFailureError` thrown when every record failed (so Lambda retries the whole batch).
 *
 * **Malformed records are reported as failures, not skipped.** A record that is not an agent
 * event (bad base64, bad JSON, wrong shape) cannot succeed on retry, but skipping it would lose it
 * silently: reported, it is retried a bounded number of times (`MaximumRetryAttempts`, with
 * `BisectBatchOnFunctionError` isolating it), then Lambda discards it to the event source
 * mapping's on-failure destination, which records the shard and sequence-number range (an S3
 * destination also keeps the payload) — and the record stays readable in the stream for its
 * retention period. Retries re-send the records after it too; the reducer makes that harmless
 * (duplicates are no-ops). Each malformed record is logged (`warn`) with its sequence number and
 * reason. Write failures are reported the same way (every record of the affected agent), and are
 * usually cured by the retry.
 *
 * With `deps.warmStart`, the first invocation runs it before its batch (see {@link AgentEventsHandlerDeps.warmStart}).
 */
export function createAgentEventsHandler(deps: AgentEventsHandlerDeps): AgentEventsHandler {
  let warmStarted: Promise<void> | undefined;
  return async (event, context) => {
    deps.logger.addContext?.(context);
    if (deps.warmStart) {
      // Once: later batches (and a batch arriving while it runs) never start it again.
      warmStarted ??= deps.warmStart().catch((error: unknown) => {
        deps.logger.warn('live-state warm start failed; agent events are ingested without it', { reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      });
      await warmStarted;
    }
    const result = await ingestAgentEvents({ records: event.Records.map(toIngestRecord) }, deps);
    deps.logger.info('agent events ingested', { ...result.counts });

    const outcomes = new Map<string, IngestOutcome>(result.outcomes.map((outcome) => [outcome.id, outcome]));
    const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
      const sequenceNumber = record.kinesis.sequenceNumber;
      const outcome = outcomes.get(sequenceNumber);
      if (outcome === undefined) throw new AgentEventRecordError('WRITE_FAILED', sequenceNumber, 'no outcome for this record');
      if (!outcome.ok) throw new AgentEventRecordError(CODE_BY_KIND[outcome.kind], sequenceNumber, outcome.reason);
    };
    // One processor per invocation: it holds the batch's state between register() and response().
    const processor = new BatchProcessor(EventType.KinesisDataStreams);
    return processPartialResponse(event, recordHandler, processor, { context });
  };
}

let defaultHandler: AgentEventsHandler | undefined;

/**
 * The deployed handler (`serverless.yml`: `handler: src/lambda/agent-events.handler.handler`).
 * Dependencies are created from the configuration on the first invocation and reused while the
 * execution environment lives (a failed initialisation is retried on the next invocation).
 * @throws FullBatchFailureError when every record of the batch failed; the configuration's error when it does not validate.
 */
export const handler: AgentEventsHandler = async (event, context) => {
  defaultHandler ??= createAgentEventsHandler(createDefaultAgentEventsDeps());
  return defaultHandler(event, context);
};
