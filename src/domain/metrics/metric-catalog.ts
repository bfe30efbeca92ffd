import type { ComponentsBySource } from './metric-components';
import type { MetricFormula } from './metric-formula';
import {
  HIERARCHY_GROUPINGS,
  type GroupingKey,
  type MetricAttribution,
  type MetricSource,
  type MetricUnit,
} from './metric-types';

/**
 * The metrics `Query.metrics` serves, as data: GetMetricDataV2's names where Connect has the metric
 * (definitions after Connect's metric definitions, the CTR model and the Data Analytics Sample's
 * queries), marked as ours where it does not. Pure.
 */

/** One metric: what it means, its unit, where it comes from, how it may be grouped and computed. */
export interface MetricDefinition {
  /** The GetMetricDataV2 name (or ours, see `connectMetric`). */
  readonly name: string;
  /** The name Connect's reports show (or ours). */
  readonly title: string;
  /** The definition, the interval attribution rule, and a note when the metric is ours. */
  readonly description: string;
  readonly unit: MetricUnit;
  readonly source: MetricSource;
  readonly attribution: MetricAttribution;
  /** Keys the metric may be grouped and filtered by. */
  readonly allowedGroupings: readonly GroupingKey[];
  /** `required`: the request names one or more thresholds; `none`: it must not. */
  readonly thresholds: 'none' | 'required';
  /** False when the name is ours and GetMetricDataV2 has no such metric. */
  readonly connectMetric: boolean;
  readonly formula: MetricFormula;
}

/** The interval attribution rule of each attribution, as the descriptions state it. */
export const ATTRIBUTION_RULES: Readonly<Record<MetricAttribution, string>> = {
  CONTACT_INITIATION: 'Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone.',
  QUEUE_ENQUEUE: 'Each contact counts in the interval that contains its Queue.EnqueueTimestamp, in the request time zone (contacts initiated up to a day before the range are included).',
  AGENT_CONNECTED: 'Each contact counts in the interval that contains its Agent.ConnectedToAgentTimestamp, in the request time zone (contacts initiated up to a day before the range are included).',
  STATUS_TIME:
    'Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent\'s next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period).',
  AGENT_EVENT: 'Counted in the interval of the agent event that first shows the contact missed or rejected.',
};

type Components<S extends MetricSource> = ComponentsBySource[S];

/** A formula over the components of one source (keeps the catalog type-checked per source). */
type FormulaOf<S extends MetricSource> =
  | { readonly kind: 'sum'; readonly of: readonly Components<S>[]; readonly scale?: number }
  | { readonly kind: 'max'; readonly of: Components<S> }
  | { readonly kind: 'ratio'; readonly numerator: readonly Components<S>[]; readonly denominator: readonly Components<S>[]; readonly scale?: number };

interface Spec<S extends MetricSource> {
  readonly name: string;
  readonly title: string;
  readonly definition: string;
  readonly unit: MetricUnit;
  readonly attribution?: MetricAttribution;
  readonly allowedGroupings: readonly GroupingKey[];
  readonly thresholds?: 'required';
  /** Set for metrics GetMetricDataV2 does not have. */
  readonly ours?: true;
  readonly formula: FormulaOf<S>;
}

const SOURCE_NOTES: Readonly<Record<MetricSource, string>> = {
  ctr: '',
  ae: '',
  cl: ' Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id.',
  ef: ' Evaluations submitted up to 30 days after the contact are matched by contact id, so recent intervals grow as evaluations are submitted.',
};

function define<S extends MetricSource>(source: S, spec: Spec<S>): MetricDefinition {
  const attribution = spec.attribution ?? (source === 'ae' ? 'STATUS_TIME' : 'CONTACT_INITIATION');
  const rule = ATTRIBUTION_RULES[attribution];
  const ours = spec.ours ? ' Ours: GetMetricDataV2 has no such metric.' : '';
  return {
    name: spec.name,
    title: spec.title,
    description: `${spec.definition} ${rule}${SOURCE_NOTES[source]}${ours}`,
    unit: spec.unit,
    source,
    attribution,
    allowedGroupings: spec.allowedGroupings,
    thresholds: spec.thresholds ?? 'none',
    connectMetric: !spec.ours,
    formula: spec.formula as MetricFormula,
  };
}

const CONTACT_FIELDS: readonly GroupingKey[] = ['INITIATION_METHOD', 'DISCONNECT_REASON', 'CONTACT_ATTRIBUTE'];
/** Connect's "Queue, Channel, Routing Profile", plus the contact's own fields. */
const QUEUE_LEVEL: readonly GroupingKey[] = ['QUEUE', 'CHANNEL', 'ROUTING_PROFILE', ...CONTACT_FIELDS];
/** Connect's "Queue, Channel, Routing Profile, Agent, Agent Hierarchy", plus the contact's own fields. */
const CONTACT_ALL: readonly GroupingKey[] = ['QUEUE', 'CHANNEL', 'ROUTING_PROFILE', 'AGENT', ...HIERARCHY_GROUPINGS, ...CONTACT_FIELDS];
/** Connect's "Queue, Channel, Agent, Agent Hierarchy" (the timestamp-attributed variants), plus the contact's own fields. */
const CONTACT_NO_ROUTING_PROFILE: readonly GroupingKey[] = ['QUEUE', 'CHANNEL', 'AGENT', ...HIERARCHY_GROUPINGS, ...CONTACT_FIELDS];
/** Connect's "Routing Profile, Agent, Agent Hierarchy" of agent-activity metrics. */
const AGENT_LEVEL: readonly GroupingKey[] = ['ROUTING_PROFILE', 'AGENT', ...HIERARCHY_GROUPINGS];
/** Connect's evaluation groupings that the evaluation rows carry (the form), plus the evaluated contact's. */
const EVALUATION_LEVEL: readonly GroupingKey[] = ['QUEUE', 'CHANNEL', 'ROUTING_PROFILE', 'AGENT', ...HIERARCHY_GROUPINGS, 'EVALUATION_FORM'];

const HANDLED = 'Over contacts handled (connected to an agent).';

/** Every metric, in catalog order. */
export const METRIC_CATALOG: readonly MetricDefinition[] = [
  // Contacts and queues (contact trace records)
  define('ctr', {
    name: 'CONTACTS_CREATED',
    title: 'Contacts created',
    unit: 'COUNT',
    definition: 'Contacts created, whatever the initiation method (inbound, outbound, transfer, queue transfer, callback, API); a transfer creates a new contact.',
    allowedGroupings: QUEUE_LEVEL,
    formula: { kind: 'sum', of: ['contacts'] },
  }),
  define('ctr', {
    name: 'CONTACTS_QUEUED',
    title: 'Contacts queued',
    unit: 'COUNT',
    definition: 'Contacts placed in a queue (Queue.EnqueueTimestamp present), whatever happened next. Outbound calls are not queued.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['queued'] },
  }),
  define('ctr', {
    name: 'CONTACTS_QUEUED_BY_ENQUEUE',
    title: 'Contacts queued (enqueue timestamp)',
    unit: 'COUNT',
    definition: 'Contacts placed in a queue, counted when they were enqueued.',
    attribution: 'QUEUE_ENQUEUE',
    allowedGroupings: CONTACT_NO_ROUTING_PROFILE,
    formula: { kind: 'sum', of: ['queued'] },
  }),
  define('ctr', {
    name: 'CONTACTS_HANDLED',
    title: 'Contacts handled',
    unit: 'COUNT',
    definition: 'Contacts connected to an agent (Agent.ConnectedToAgentTimestamp present), inbound or outbound, transferred in or not.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['handled'] },
  }),
  define('ctr', {
    name: 'CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT',
    title: 'Contacts handled (connected to agent timestamp)',
    unit: 'COUNT',
    definition: 'Contacts connected to an agent, counted when they were connected.',
    attribution: 'AGENT_CONNECTED',
    allowedGroupings: CONTACT_NO_ROUTING_PROFILE,
    formula: { kind: 'sum', of: ['handled'] },
  }),
  define('ctr', {
    name: 'CONTACTS_ABANDONED',
    title: 'Contacts abandoned',
    unit: 'COUNT',
    definition:
      'Contacts disconnected while in queue: queued and never connected to an agent. Not abandoned: the original of a queued callback and a contact transferred out of its queue (both continue as another contact, NextContactId), and contacts that EXPIRED in the queue.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['abandoned'] },
  }),
  define('ctr', {
    name: 'ABANDONMENT_RATE',
    title: 'Abandonment rate',
    unit: 'PERCENT',
    definition: 'Contacts abandoned / contacts queued × 100. Null when no contact was queued.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['abandoned'], denominator: ['queued'], scale: 100 },
  }),
  define('ctr', {
    name: 'SERVICE_LEVEL',
    title: 'Service level X',
    unit: 'PERCENT',
    definition:
      'Queued contacts removed from the queue within the threshold (answered, abandoned or a callback requested; Queue.Duration LT or LTE the threshold) / contacts queued × 100. Ask for several thresholds at once. Null when no contact was queued.',
    allowedGroupings: QUEUE_LEVEL,
    thresholds: 'required',
    formula: { kind: 'ratio', numerator: ['removed_from_queue_in_x'], denominator: ['queued'], scale: 100 },
  }),
  define('ctr', {
    name: 'SUM_CONTACTS_ANSWERED_IN_X',
    title: 'Contacts answered in X seconds',
    unit: 'COUNT',
    definition: 'Queued contacts connected to an agent within the threshold (Queue.Duration LT or LTE the threshold).',
    allowedGroupings: QUEUE_LEVEL,
    thresholds: 'required',
    formula: { kind: 'sum', of: ['answered_in_x'] },
  }),
  define('ctr', {
    name: 'SUM_CONTACTS_ABANDONED_IN_X',
    title: 'Contacts abandoned in X seconds',
    unit: 'COUNT',
    definition: 'Contacts abandoned (as CONTACTS_ABANDONED) within the threshold of being queued (Queue.Duration LT or LTE the threshold).',
    allowedGroupings: QUEUE_LEVEL,
    thresholds: 'required',
    formula: { kind: 'sum', of: ['abandoned_in_x'] },
  }),
  define('ctr', {
    name: 'CONTACTS_REMOVED_FROM_QUEUE_IN_X',
    title: 'Contacts removed from queue in X seconds',
    unit: 'COUNT',
    definition: 'Queued contacts removed from the queue within the threshold: answered, abandoned or a callback requested (the numerator of SERVICE_LEVEL).',
    allowedGroupings: QUEUE_LEVEL,
    thresholds: 'required',
    formula: { kind: 'sum', of: ['removed_from_queue_in_x'] },
  }),
  define('ctr', {
    name: 'AVG_QUEUE_ANSWER_TIME',
    title: 'Average queue answer time',
    unit: 'SECONDS',
    definition: 'Average time answered contacts waited in the queue before an agent was connected (Queue.Duration, agent whisper included). Null when no queued contact was answered.',
    allowedGroupings: QUEUE_LEVEL,
    formula: { kind: 'ratio', numerator: ['queue_time_answered_sum'], denominator: ['answered_from_queue'] },
  }),
  define('ctr', {
    name: 'AVG_ABANDON_TIME',
    title: 'Average queue abandon time',
    unit: 'SECONDS',
    definition: 'Average time abandoned contacts waited in the queue (Queue.Duration). Null when none was abandoned.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['queue_time_abandoned_sum'], denominator: ['abandoned'] },
  }),
  define('ctr', {
    name: 'MAX_QUEUED_TIME',
    title: 'Maximum queued time',
    unit: 'SECONDS',
    definition: 'The longest time a contact spent in the queue, abandoned contacts included (Queue.Duration). Null when none was queued.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'max', of: 'queue_time_max' },
  }),
  define('ctr', {
    name: 'AVG_HANDLE_TIME',
    title: 'Average handle time',
    unit: 'SECONDS',
    definition: `Average of agent interaction + customer hold + after-contact work time. ${HANDLED} Null when none was handled.`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['handle_time_sum'], denominator: ['handled'] },
  }),
  define('ctr', {
    name: 'SUM_HANDLE_TIME',
    title: 'Contact handle time',
    unit: 'SECONDS',
    definition: `Total agent interaction + customer hold + after-contact work time. ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['handle_time_sum'] },
  }),
  define('ctr', {
    name: 'AVG_INTERACTION_TIME',
    title: 'Average agent interaction time',
    unit: 'SECONDS',
    definition: `Average time agents interacted with customers (Agent.AgentInteractionDuration), hold and after-contact work excluded. ${HANDLED}`,
    allowedGroupings: QUEUE_LEVEL,
    formula: { kind: 'ratio', numerator: ['interaction_time_sum'], denominator: ['handled'] },
  }),
  define('ctr', {
    name: 'SUM_INTERACTION_TIME',
    title: 'Agent interaction time',
    unit: 'SECONDS',
    definition: `Total time agents interacted with customers (Agent.AgentInteractionDuration). ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['interaction_time_sum'] },
  }),
  define('ctr', {
    name: 'AVG_INTERACTION_AND_HOLD_TIME',
    title: 'Average agent interaction and customer hold time',
    unit: 'SECONDS',
    definition: `Average agent interaction + customer hold time. ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['interaction_time_sum', 'hold_time_sum'], denominator: ['handled'] },
  }),
  define('ctr', {
    name: 'SUM_INTERACTION_AND_HOLD_TIME',
    title: 'Agent interaction and hold time',
    unit: 'SECONDS',
    definition: `Total agent interaction + customer hold time. ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['interaction_time_sum', 'hold_time_sum'] },
  }),
  define('ctr', {
    name: 'AVG_HOLD_TIME',
    title: 'Average customer hold time',
    unit: 'SECONDS',
    definition: 'Average time customers spent on hold (Agent.CustomerHoldDuration), over the handled contacts that were put on hold. Null when none was.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['hold_time_sum'], denominator: ['put_on_hold'] },
  }),
  define('ctr', {
    name: 'AVG_HOLD_TIME_ALL_CONTACTS',
    title: 'Average customer hold time all contacts',
    unit: 'SECONDS',
    definition: `Average time customers spent on hold (Agent.CustomerHoldDuration), contacts never put on hold included. ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['hold_time_sum'], denominator: ['handled'] },
  }),
  define('ctr', {
    name: 'SUM_HOLD_TIME',
    title: 'Customer hold time',
    unit: 'SECONDS',
    definition: `Total time customers spent on hold (Agent.CustomerHoldDuration). ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['hold_time_sum'] },
  }),
  define('ctr', {
    name: 'AVG_HOLDS',
    title: 'Average holds',
    unit: 'COUNT',
    definition: `Average number of times a contact was put on hold (Agent.NumberOfHolds). ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['holds_sum'], denominator: ['handled'] },
  }),
  define('ctr', {
    name: 'CONTACTS_PUT_ON_HOLD',
    title: 'Contacts put on hold',
    unit: 'COUNT',
    definition: 'Handled contacts put on hold at least once (Agent.NumberOfHolds > 0).',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['put_on_hold'] },
  }),
  define('ctr', {
    name: 'AVG_AFTER_CONTACT_WORK_TIME',
    title: 'Average after contact work time',
    unit: 'SECONDS',
    definition: `Average after-contact work time (Agent.AfterContactWorkDuration; none counts as 0). ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['after_contact_work_time_sum'], denominator: ['handled'] },
  }),
  define('ctr', {
    name: 'SUM_AFTER_CONTACT_WORK_TIME',
    title: 'After contact work time',
    unit: 'SECONDS',
    definition: `Total after-contact work time (Agent.AfterContactWorkDuration). ${HANDLED}`,
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['after_contact_work_time_sum'] },
  }),
  define('ctr', {
    name: 'CONTACTS_TRANSFERRED_OUT',
    title: 'Contacts transferred out',
    unit: 'COUNT',
    definition: 'Handled contacts an agent transferred on: to another agent or queue (a new contact follows, NextContactId) or to an external number.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['transferred_out'] },
  }),
  define('ctr', {
    name: 'CONTACTS_TRANSFERRED_OUT_EXTERNAL',
    title: 'Contacts transferred out external',
    unit: 'COUNT',
    definition: 'Handled contacts transferred to an external number (TransferCompletedTimestamp or TransferredToEndpoint present).',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['transferred_out_external'] },
  }),
  define('ctr', {
    name: 'SUM_CONTACTS_DISCONNECTED',
    title: 'Contact disconnected',
    unit: 'COUNT',
    definition: 'Contacts that ended (DisconnectTimestamp present); group or filter by DISCONNECT_REASON for who or what ended them.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'sum', of: ['disconnected'] },
  }),
  define('ctr', {
    name: 'AVG_CONTACT_DURATION',
    title: 'Average contact duration',
    unit: 'SECONDS',
    definition: 'Average time from initiation to disconnect (DisconnectTimestamp − InitiationTimestamp) of the contacts that ended. Null when none ended.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['contact_duration_sum'], denominator: ['disconnected'] },
  }),

  // Agent activity (agent events)
  define('ae', {
    name: 'SUM_ONLINE_TIME_AGENT',
    title: 'Online time',
    unit: 'SECONDS',
    definition: 'Time agents spent with a status other than Offline, custom statuses and status types Connect added later included (a LOGOUT ends it).',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'sum', of: ['online_ms'], scale: 0.001 },
  }),
  define('ae', {
    name: 'SUM_IDLE_TIME_AGENT',
    title: 'Agent idle time',
    unit: 'SECONDS',
    definition:
      'Time agents were Available and not handling contacts, plus time their contacts were missed, rejected or in error. Connecting time (a contact offered, not yet accepted) is not idle.',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'sum', of: ['idle_ms'], scale: 0.001 },
  }),
  define('ae', {
    name: 'SUM_NON_PRODUCTIVE_TIME_AGENT',
    title: 'Agent non-productive time',
    unit: 'SECONDS',
    definition:
      'Time agents spent in a custom status (status type CUSTOM: neither Available nor Offline, e.g. Break, Lunch, Training; for events without a type, any status other than Available and Offline). A status type Connect added later is not counted here. It does not mean the time was unproductive.',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'sum', of: ['non_productive_ms'], scale: 0.001 },
  }),
  define('ae', {
    name: 'SUM_CONTACT_TIME_AGENT',
    title: 'Agent on contact time',
    unit: 'SECONDS',
    definition:
      'Time agents were Available and on one or more contacts: connected, customer on hold or after-contact work, as the contacts in the agent events show (the status stays Available on a contact). Concurrent contacts count once; time on contacts in a custom status or Offline is not included.',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'sum', of: ['on_contact_ms'], scale: 0.001 },
  }),
  define('ae', {
    name: 'SUM_CONNECTING_TIME_AGENT',
    title: 'Agent connecting time',
    unit: 'SECONDS',
    definition: 'Time agents were Available with a contact offered to them and not yet accepted (INCOMING, PENDING, CONNECTING) and no other contact in progress.',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'sum', of: ['connecting_ms'], scale: 0.001 },
  }),
  define('ae', {
    name: 'SUM_ERROR_STATUS_TIME_AGENT',
    title: 'Error status time',
    unit: 'SECONDS',
    definition: 'Time agents spent with a contact missed, rejected or in error and no other contact in progress, until they chose a status again.',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'sum', of: ['error_ms'], scale: 0.001 },
  }),
  define('ae', {
    name: 'AGENT_OCCUPANCY',
    title: 'Occupancy',
    unit: 'PERCENT',
    definition: 'Agent on contact time / (agent on contact time + agent idle time) × 100, ignoring concurrency. Null when agents were neither idle nor on contact.',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'ratio', numerator: ['on_contact_ms'], denominator: ['on_contact_ms', 'idle_ms'], scale: 100 },
  }),
  define('ae', {
    name: 'AGENT_NON_RESPONSE',
    title: 'Agent non-response',
    unit: 'COUNT',
    definition: 'Contacts routed to an agent and not answered by that agent (the contact entered MISSED or REJECTED), customer abandons while ringing included.',
    attribution: 'AGENT_EVENT',
    allowedGroupings: AGENT_LEVEL,
    formula: { kind: 'sum', of: ['non_responses'] },
  }),

  // Conversational analytics (Contact Lens)
  define('cl', {
    name: 'CONTACTS_ANALYZED',
    title: 'Contacts analyzed',
    unit: 'COUNT',
    definition: 'Contacts with a Contact Lens post-call analysis; the denominator of the Contact Lens averages.',
    allowedGroupings: CONTACT_ALL,
    ours: true,
    formula: { kind: 'sum', of: ['analyzed'] },
  }),
  define('cl', {
    name: 'AVG_SENTIMENT_CUSTOMER',
    title: 'Average customer sentiment',
    unit: 'SCORE',
    definition:
      'Average overall customer sentiment of analysed contacts, from −5 (negative) to +5 (positive). Contacts without a customer sentiment are left out (the Athena sample counts them as 0). Null when none has one.',
    allowedGroupings: CONTACT_ALL,
    ours: true,
    formula: { kind: 'ratio', numerator: ['sentiment_customer_sum'], denominator: ['sentiment_customer_count'], scale: 0.001 },
  }),
  define('cl', {
    name: 'AVG_SENTIMENT_AGENT',
    title: 'Average agent sentiment',
    unit: 'SCORE',
    definition:
      'Average overall agent sentiment of analysed contacts, from −5 (negative) to +5 (positive). Contacts without an agent sentiment are left out (the Athena sample counts them as 0). Null when none has one.',
    allowedGroupings: CONTACT_ALL,
    ours: true,
    formula: { kind: 'ratio', numerator: ['sentiment_agent_sum'], denominator: ['sentiment_agent_count'], scale: 0.001 },
  }),
  define('cl', {
    name: 'AVG_TALK_TIME',
    title: 'Average talk time',
    unit: 'SECONDS',
    definition: 'Average time agent or customer were talking (talkTimeTotal) per analysed contact.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['talk_time_sum'], denominator: ['analyzed'] },
  }),
  define('cl', {
    name: 'AVG_TALK_TIME_AGENT',
    title: 'Average agent talk time',
    unit: 'SECONDS',
    definition: 'Average time the agent was talking (talkTimeAgent) per analysed contact.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['talk_time_agent_sum'], denominator: ['analyzed'] },
  }),
  define('cl', {
    name: 'AVG_TALK_TIME_CUSTOMER',
    title: 'Average customer talk time',
    unit: 'SECONDS',
    definition: 'Average time the customer was talking (talkTimeCustomer) per analysed contact.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['talk_time_customer_sum'], denominator: ['analyzed'] },
  }),
  define('cl', {
    name: 'AVG_NON_TALK_TIME',
    title: 'Average non-talk time',
    unit: 'SECONDS',
    definition: 'Average time nobody talked, hold included (nonTalkTimeTotal), per analysed contact.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['non_talk_time_sum'], denominator: ['analyzed'] },
  }),
  define('cl', {
    name: 'PERCENT_TALK_TIME',
    title: 'Talk time percent',
    unit: 'PERCENT',
    definition: 'Talk time as a percentage of the analysed conversations\' total duration (sum of talkTimeTotal / sum of totalConversationDuration × 100).',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['talk_time_sum'], denominator: ['conversation_duration_sum'], scale: 100 },
  }),
  define('cl', {
    name: 'PERCENT_TALK_TIME_AGENT',
    title: 'Agent talk time percent',
    unit: 'PERCENT',
    definition: 'Agent talk time as a percentage of the analysed conversations\' total duration.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['talk_time_agent_sum'], denominator: ['conversation_duration_sum'], scale: 100 },
  }),
  define('cl', {
    name: 'PERCENT_TALK_TIME_CUSTOMER',
    title: 'Customer talk time percent',
    unit: 'PERCENT',
    definition: 'Customer talk time as a percentage of the analysed conversations\' total duration.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['talk_time_customer_sum'], denominator: ['conversation_duration_sum'], scale: 100 },
  }),
  define('cl', {
    name: 'PERCENT_NON_TALK_TIME',
    title: 'Non-talk time percent',
    unit: 'PERCENT',
    definition: 'Non-talk time as a percentage of the analysed conversations\' total duration.',
    allowedGroupings: CONTACT_ALL,
    formula: { kind: 'ratio', numerator: ['non_talk_time_sum'], denominator: ['conversation_duration_sum'], scale: 100 },
  }),
  define('cl', {
    name: 'AVG_INTERRUPTIONS',
    title: 'Average interruptions',
    unit: 'COUNT',
    definition:
      'Average number of interruptions (interruptionsTotalCount, by either party) per analysed contact. Connect\'s AVG_INTERRUPTIONS_AGENT counts the agent\'s only, which the extracted Contact Lens rows do not carry.',
    allowedGroupings: CONTACT_ALL,
    ours: true,
    formula: { kind: 'ratio', numerator: ['interruptions_sum'], denominator: ['analyzed'] },
  }),

  // Evaluations
  define('ef', {
    name: 'EVALUATIONS_PERFORMED',
    title: 'Evaluations performed',
    unit: 'COUNT',
    definition: 'Submitted evaluations (de-duplicated by evaluation id).',
    allowedGroupings: EVALUATION_LEVEL,
    formula: { kind: 'sum', of: ['evaluations'] },
  }),
  define('ef', {
    name: 'AVG_EVALUATION_SCORE',
    title: 'Average evaluation score',
    unit: 'PERCENT',
    definition:
      'Average total score of submitted evaluations (evaluationFormTotalScorePercentage, 0–100). A missing total score counts as 0 %, because the evaluation rows write a score of 0 % as null (as the Athena sample\'s average does). Null when there is no evaluation.',
    allowedGroupings: EVALUATION_LEVEL,
    formula: { kind: 'ratio', numerator: ['evaluation_score_sum'], denominator: ['evaluations'], scale: 0.001 },
  }),
];

/** Metric names in catalog order. */
export const METRIC_NAMES: readonly string[] = METRIC_CATALOG.map((m) => m.name);

const BY_NAME: ReadonlyMap<string, MetricDefinition> = new Map(METRIC_CATALOG.map((m) => [m.name, m]));

/** The definition of a metric, or undefined for an unknown name. */
export function findMetric(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}
