import type { MetricSource, MetricThreshold } from './metric-types';

/**
 * The aggregates the SQL builders compute per interval and dimensions. Every metric is a formula
 * over them (see metric-formula.ts), so averages and ratios are divided in TypeScript from exact
 * sums and counts: both engines give the same answer and `null` (cannot be computed) is decided in
 * one place.
 */

/** Aggregates over de-duplicated contact trace records. Durations are whole seconds. */
export const CTR_COMPONENTS = [
  /** Contacts (CTR segments). */
  'contacts',
  /** Contacts with Queue.EnqueueTimestamp. */
  'queued',
  /** Contacts with Agent.ConnectedToAgentTimestamp. */
  'handled',
  /** Queued, never connected to an agent, not passed on to another contact (callback, queue transfer), not EXPIRED. */
  'abandoned',
  /** Queued and connected to an agent. */
  'answered_from_queue',
  /** Sum of Queue.Duration of the contacts answered from a queue. */
  'queue_time_answered_sum',
  /** Sum of Queue.Duration of the abandoned contacts. */
  'queue_time_abandoned_sum',
  /** Greatest Queue.Duration of the queued contacts (null when none). */
  'queue_time_max',
  /** Sum over handled contacts of interaction + customer hold + after-contact work. */
  'handle_time_sum',
  /** Sum of Agent.AgentInteractionDuration of handled contacts. */
  'interaction_time_sum',
  /** Sum of Agent.CustomerHoldDuration of handled contacts. */
  'hold_time_sum',
  /** Sum of Agent.AfterContactWorkDuration of handled contacts. */
  'after_contact_work_time_sum',
  /** Sum of Agent.NumberOfHolds of handled contacts. */
  'holds_sum',
  /** Handled contacts put on hold at least once. */
  'put_on_hold',
  /** Handled contacts passed on to another contact (NextContactId) or an external number. */
  'transferred_out',
  /** Handled contacts transferred to an external number (TransferCompletedTimestamp or TransferredToEndpoint). */
  'transferred_out_external',
  /** Contacts with a DisconnectTimestamp. */
  'disconnected',
  /** Sum of DisconnectTimestamp − InitiationTimestamp of disconnected contacts. */
  'contact_duration_sum',
  /** Queued contacts that left the queue (answered, abandoned, callback) within the threshold. */
  'removed_from_queue_in_x',
  /** Contacts answered from a queue within the threshold. */
  'answered_in_x',
  /** Abandoned contacts that left the queue within the threshold. */
  'abandoned_in_x',
] as const;
export type CtrComponent = (typeof CTR_COMPONENTS)[number];

/** The CTR aggregates that take a threshold. */
export const CTR_THRESHOLD_COMPONENTS: readonly CtrComponent[] = ['removed_from_queue_in_x', 'answered_in_x', 'abandoned_in_x'];

/** Aggregates over agent status intervals rebuilt from agent events. Times in milliseconds. */
export const AE_COMPONENTS = [
  /** Status other than Offline. */
  'online_ms',
  /** Status Available, no contact being handled or offered (missed and error time included). */
  'idle_ms',
  /** A custom (not routable) status such as Break or Lunch. */
  'non_productive_ms',
  /** Status Available and on a contact: connected, on hold or after-contact work. */
  'on_contact_ms',
  /** Status Available and a contact being offered (incoming, connecting). */
  'connecting_ms',
  /** A contact missed, rejected or in error, until the agent picks a status. */
  'error_ms',
  /** Contacts that entered the MISSED or REJECTED state. */
  'non_responses',
] as const;
export type AeComponent = (typeof AE_COMPONENTS)[number];

/** Aggregates over Contact Lens rows of the contacts (one row per analysed contact). */
export const CL_COMPONENTS = [
  'analyzed',
  /** Sum of overallSentimentCustomer, in thousandths (an exact integer on every engine). */
  'sentiment_customer_sum',
  'sentiment_customer_count',
  /** Sum of overallSentimentAgent, in thousandths. */
  'sentiment_agent_sum',
  'sentiment_agent_count',
  'talk_time_sum',
  'talk_time_agent_sum',
  'talk_time_customer_sum',
  'non_talk_time_sum',
  'conversation_duration_sum',
  'interruptions_sum',
] as const;
export type ClComponent = (typeof CL_COMPONENTS)[number];

/** Aggregates over submitted evaluations of the contacts. */
export const EF_COMPONENTS = [
  'evaluations',
  /** Sum of evaluationFormTotalScorePercentage in thousandths of a percent, a null score counted as 0 % (the sample writes 0 % as null). */
  'evaluation_score_sum',
] as const;
export type EfComponent = (typeof EF_COMPONENTS)[number];

/** The components of each source. */
export interface ComponentsBySource {
  readonly ctr: CtrComponent;
  readonly ae: AeComponent;
  readonly cl: ClComponent;
  readonly ef: EfComponent;
}

/** Any component name. */
export type ComponentName = ComponentsBySource[MetricSource];

/** A component as a query computes it: its name and, for threshold components, the threshold. */
export interface ComponentRequest<Name extends string = ComponentName> {
  readonly name: Name;
  readonly threshold?: MetricThreshold;
}

/** A stable key of a component request, e.g. `answered_in_x:LT:20`. */
export function componentKey(request: ComponentRequest): string {
  return request.threshold ? `${request.name}:${request.threshold.comparison}:${request.threshold.seconds}` : request.name;
}
