import type { Context, EventBridgeEvent } from 'aws-lambda';
import { ingestContactEvents, type ContactIngestDeps } from '../services/contact-event-ingest.service';
import type { AgentEventsLogger } from './agent-events.handler';
import { createDefaultContactEventsDeps } from './contact-events.deps';

/**
 * The `contactEvents` Lambda: an EventBridge rule (`source: aws.connect`, `detail-type: Amazon
 * Connect Contact Event`) → the contact-event ingest (the same code as `POST
 * /ingest/contact-events`) → the live-contact items of the agent-state table → pub/sub.
 *
 * EventBridge invokes a Lambda target asynchronously with ONE event per invocation, so "partial
 * failure" is per event: an event that could not be applied makes the invocation fail
 * ({@link ContactEventError}), Lambda retries it (`maximumRetryAttempts`) and then sends it to the
 * on-failure destination (an SQS queue) — it is never lost silently. Retries are harmless: writes
 * are conditional on the event order, so a duplicate is a no-op. A malformed or refused event fails
 * the same way (its retries fail again, and it lands in the queue where it can be read), with code
 * `MALFORMED_EVENT`; a DynamoDB failure has code `WRITE_FAILED`. No SQS queue between EventBridge
 * and the Lambda: contact events are few (a handful per contact), and an event per invocation keeps
 * one failure from delaying others.
 */

/** Why an event failed the invocation. */
export type ContactEventErrorCode = 'MALFORMED_EVENT' | 'WRITE_FAILED';

/** Thrown for an event that was not applied: the invocation fails, Lambda retries it, then sends it to the on-failure destination. */
export class ContactEventError extends Error {
  override readonly name = 'ContactEventError';

  constructor(
    readonly code: ContactEventErrorCode,
    readonly eventId: string,
    reason: string,
  ) {
    super(`contact event ${eventId}: ${reason}`);
  }
}

/** What the handler is made of; tests inject all of it. */
export interface ContactEventsHandlerDeps extends ContactIngestDeps {
  readonly logger: AgentEventsLogger;
}

/** The handler of one EventBridge event. */
export type ContactEventsHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<{ readonly applied: boolean; readonly changedQueues: number }>;

/**
 * Builds the contact-event handler around injected dependencies.
 * @throws ContactEventError when the event is malformed, refused, or could not be written.
 */
export function createContactEventsHandler(deps: ContactEventsHandlerDeps): ContactEventsHandler {
  return async (event, context) => {
    deps.logger.addContext?.(context);
    const id = typeof event.id === 'string' ? event.id : context.awsRequestId;
    const result = await ingestContactEvents({ records: [{ id, data: event }] }, deps);
    deps.logger.info('contact event ingested', { eventId: id, ...result.counts });
    const outcome = result.outcomes[0];
    if (outcome === undefined) throw new ContactEventError('WRITE_FAILED', id, 'no outcome for this event');
    if (!outcome.ok) throw new ContactEventError(outcome.kind === 'malformed' ? 'MALFORMED_EVENT' : 'WRITE_FAILED', id, outcome.reason);
    return { applied: true, changedQueues: result.counts.changed };
  };
}

let defaultHandler: ContactEventsHandler | undefined;

/**
 * The deployed handler (`serverless.yml`: `handler: src/lambda/contact-events.handler.handler`);
 * dependencies are created on the first invocation and reused while the execution environment lives.
 */
export const handler: ContactEventsHandler = async (event, context) => {
  defaultHandler ??= createContactEventsHandler(createDefaultContactEventsDeps());
  return defaultHandler(event, context);
};
