/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** What an agent is doing now, derived from the status the agent chose *and* the state of the agent's contacts: an agent whose status is "Available" but who has a connected contact is ON_CONTACT, not available. */
export type AgentActivity =
  /** A contact has ended and the agent is doing after-contact work (contact state ENDED). */
  | 'AFTER_CONTACT_WORK'
  /** Routable status (Available) and no contact: can take a contact now. */
  | 'AVAILABLE'
  /** A contact is being offered or connecting (INCOMING, PENDING, CONNECTING), e.g. ringing. */
  | 'INCOMING'
  /** The agent missed a contact offered to them (contact state MISSED); not routable until they change status. */
  | 'MISSED'
  /** A status that is not routable and not Offline, with no contact: a custom status (type CUSTOM) such as Lunch, Break or Training, or a status type Connect added later. */
  | 'NON_PRODUCTIVE'
  /** Offline status or logged out. */
  | 'OFFLINE'
  /** Connected to at least one contact (talking, chatting, working a task), or holding a contact in a state Connect added after this API was written (when no documented contact state says more). */
  | 'ON_CONTACT'
  /** Every connected contact is on hold. */
  | 'ON_HOLD';

/** Which contacts to list. The time range is required; the other filters are optional and combined with AND. */
export type ContactFilter = {
  /** Only contacts handled by this agent (username or ARN). */
  agent?: string | null | undefined;
  /** Only contacts on this channel: VOICE, CHAT, TASK, EMAIL or any channel Connect sends (exact match), bare (VOICE) or quoted ("VOICE"). */
  channel?: string | null | undefined;
  /** Only contacts whose Contact Lens post-call analysis matched this rule category, e.g. customer-loyalty-risk (exact, case-sensitive; the analysis is joined by contact id, recorded up to a day after the contact). */
  contactLensCategory?: string | null | undefined;
  /** Start of the range (inclusive) on the initiation time: an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z. */
  from: string;
  /** Only contacts initiated this way: INBOUND, OUTBOUND, TRANSFER, CALLBACK, API, WEBRTC_API … or any method Connect sends (exact match), bare or quoted. */
  initiationMethod?: string | null | undefined;
  /** Only contacts queued in this queue (name or ARN). */
  queue?: string | null | undefined;
  /** End of the range (exclusive) on the initiation time: an ISO-8601 date-time with offset. Must be after `from`. */
  to: string;
};

/** A metric, named as in Amazon Connect GetMetricDataV2 where Connect has it. `metricDefinitions` lists units and allowed groupings. */
export type MetricName =
  /** Abandonment rate (PERCENT). Contacts abandoned / contacts queued × 100. Null when no contact was queued. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'ABANDONMENT_RATE'
  /** Agent non-response (COUNT). Contacts routed to an agent and not answered by that agent (the contact entered MISSED or REJECTED), customer abandons while ringing included. Counted in the interval of the agent event that first shows the contact missed or rejected. */
  | 'AGENT_NON_RESPONSE'
  /** Occupancy (PERCENT). Agent on contact time / (agent on contact time + agent idle time) × 100, ignoring concurrency. Null when agents were neither idle nor on contact. Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent's next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period). */
  | 'AGENT_OCCUPANCY'
  /** Average queue abandon time (SECONDS). Average time abandoned contacts waited in the queue (Queue.Duration). Null when none was abandoned. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_ABANDON_TIME'
  /** Average after contact work time (SECONDS). Average after-contact work time (Agent.AfterContactWorkDuration; none counts as 0). Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_AFTER_CONTACT_WORK_TIME'
  /** Average contact duration (SECONDS). Average time from initiation to disconnect (DisconnectTimestamp − InitiationTimestamp) of the contacts that ended. Null when none ended. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_CONTACT_DURATION'
  /** Average evaluation score (PERCENT). Average total score of submitted evaluations (evaluationFormTotalScorePercentage, 0–100). A missing total score counts as 0 %, because the evaluation rows write a score of 0 % as null (as the Athena sample's average does). Null when there is no evaluation. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Evaluations submitted up to 30 days after the contact are matched by contact id, so recent intervals grow as evaluations are submitted. */
  | 'AVG_EVALUATION_SCORE'
  /** Average handle time (SECONDS). Average of agent interaction + customer hold + after-contact work time. Over contacts handled (connected to an agent). Null when none was handled. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_HANDLE_TIME'
  /** Average holds (COUNT). Average number of times a contact was put on hold (Agent.NumberOfHolds). Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_HOLDS'
  /** Average customer hold time (SECONDS). Average time customers spent on hold (Agent.CustomerHoldDuration), over the handled contacts that were put on hold. Null when none was. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_HOLD_TIME'
  /** Average customer hold time all contacts (SECONDS). Average time customers spent on hold (Agent.CustomerHoldDuration), contacts never put on hold included. Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_HOLD_TIME_ALL_CONTACTS'
  /** Average agent interaction and customer hold time (SECONDS). Average agent interaction + customer hold time. Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_INTERACTION_AND_HOLD_TIME'
  /** Average agent interaction time (SECONDS). Average time agents interacted with customers (Agent.AgentInteractionDuration), hold and after-contact work excluded. Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_INTERACTION_TIME'
  /** Average interruptions (COUNT). Average number of interruptions (interruptionsTotalCount, by either party) per analysed contact. Connect's AVG_INTERRUPTIONS_AGENT counts the agent's only, which the extracted Contact Lens rows do not carry. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. Ours: GetMetricDataV2 has no such metric. */
  | 'AVG_INTERRUPTIONS'
  /** Average non-talk time (SECONDS). Average time nobody talked, hold included (nonTalkTimeTotal), per analysed contact. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'AVG_NON_TALK_TIME'
  /** Average queue answer time (SECONDS). Average time answered contacts waited in the queue before an agent was connected (Queue.Duration, agent whisper included). Null when no queued contact was answered. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'AVG_QUEUE_ANSWER_TIME'
  /** Average agent sentiment (SCORE). Average overall agent sentiment of analysed contacts, from −5 (negative) to +5 (positive). Contacts without an agent sentiment are left out (the Athena sample counts them as 0). Null when none has one. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. Ours: GetMetricDataV2 has no such metric. */
  | 'AVG_SENTIMENT_AGENT'
  /** Average customer sentiment (SCORE). Average overall customer sentiment of analysed contacts, from −5 (negative) to +5 (positive). Contacts without a customer sentiment are left out (the Athena sample counts them as 0). Null when none has one. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. Ours: GetMetricDataV2 has no such metric. */
  | 'AVG_SENTIMENT_CUSTOMER'
  /** Average talk time (SECONDS). Average time agent or customer were talking (talkTimeTotal) per analysed contact. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'AVG_TALK_TIME'
  /** Average agent talk time (SECONDS). Average time the agent was talking (talkTimeAgent) per analysed contact. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'AVG_TALK_TIME_AGENT'
  /** Average customer talk time (SECONDS). Average time the customer was talking (talkTimeCustomer) per analysed contact. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'AVG_TALK_TIME_CUSTOMER'
  /** Contacts abandoned (COUNT). Contacts disconnected while in queue: queued and never connected to an agent. Not abandoned: the original of a queued callback and a contact transferred out of its queue (both continue as another contact, NextContactId), and contacts that EXPIRED in the queue. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_ABANDONED'
  /** Contacts analyzed (COUNT). Contacts with a Contact Lens post-call analysis; the denominator of the Contact Lens averages. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. Ours: GetMetricDataV2 has no such metric. */
  | 'CONTACTS_ANALYZED'
  /** Contacts created (COUNT). Contacts created, whatever the initiation method (inbound, outbound, transfer, queue transfer, callback, API); a transfer creates a new contact. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_CREATED'
  /** Contacts handled (COUNT). Contacts connected to an agent (Agent.ConnectedToAgentTimestamp present), inbound or outbound, transferred in or not. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_HANDLED'
  /** Contacts handled (connected to agent timestamp) (COUNT). Contacts connected to an agent, counted when they were connected. Each contact counts in the interval that contains its Agent.ConnectedToAgentTimestamp, in the request time zone (contacts initiated up to a day before the range are included). */
  | 'CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT'
  /** Contacts put on hold (COUNT). Handled contacts put on hold at least once (Agent.NumberOfHolds > 0). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_PUT_ON_HOLD'
  /** Contacts queued (COUNT). Contacts placed in a queue (Queue.EnqueueTimestamp present), whatever happened next. Outbound calls are not queued. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_QUEUED'
  /** Contacts queued (enqueue timestamp) (COUNT). Contacts placed in a queue, counted when they were enqueued. Each contact counts in the interval that contains its Queue.EnqueueTimestamp, in the request time zone (contacts initiated up to a day before the range are included). */
  | 'CONTACTS_QUEUED_BY_ENQUEUE'
  /** Contacts removed from queue in X seconds (COUNT). Queued contacts removed from the queue within the threshold: answered, abandoned or a callback requested (the numerator of SERVICE_LEVEL). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_REMOVED_FROM_QUEUE_IN_X'
  /** Contacts transferred out (COUNT). Handled contacts an agent transferred on: to another agent or queue (a new contact follows, NextContactId) or to an external number. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_TRANSFERRED_OUT'
  /** Contacts transferred out external (COUNT). Handled contacts transferred to an external number (TransferCompletedTimestamp or TransferredToEndpoint present). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'CONTACTS_TRANSFERRED_OUT_EXTERNAL'
  /** Evaluations performed (COUNT). Submitted evaluations (de-duplicated by evaluation id). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Evaluations submitted up to 30 days after the contact are matched by contact id, so recent intervals grow as evaluations are submitted. */
  | 'EVALUATIONS_PERFORMED'
  /** Maximum queued time (SECONDS). The longest time a contact spent in the queue, abandoned contacts included (Queue.Duration). Null when none was queued. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'MAX_QUEUED_TIME'
  /** Non-talk time percent (PERCENT). Non-talk time as a percentage of the analysed conversations' total duration. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'PERCENT_NON_TALK_TIME'
  /** Talk time percent (PERCENT). Talk time as a percentage of the analysed conversations' total duration (sum of talkTimeTotal / sum of totalConversationDuration × 100). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'PERCENT_TALK_TIME'
  /** Agent talk time percent (PERCENT). Agent talk time as a percentage of the analysed conversations' total duration. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'PERCENT_TALK_TIME_AGENT'
  /** Customer talk time percent (PERCENT). Customer talk time as a percentage of the analysed conversations' total duration. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. Contact Lens rows (recorded up to a day after the contact) are matched to contacts by contact id. */
  | 'PERCENT_TALK_TIME_CUSTOMER'
  /** Service level X (PERCENT). Queued contacts removed from the queue within the threshold (answered, abandoned or a callback requested; Queue.Duration LT or LTE the threshold) / contacts queued × 100. Ask for several thresholds at once. Null when no contact was queued. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SERVICE_LEVEL'
  /** After contact work time (SECONDS). Total after-contact work time (Agent.AfterContactWorkDuration). Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_AFTER_CONTACT_WORK_TIME'
  /** Agent connecting time (SECONDS). Time agents were Available with a contact offered to them and not yet accepted (INCOMING, PENDING, CONNECTING) and no other contact in progress. Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent's next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period). */
  | 'SUM_CONNECTING_TIME_AGENT'
  /** Contacts abandoned in X seconds (COUNT). Contacts abandoned (as CONTACTS_ABANDONED) within the threshold of being queued (Queue.Duration LT or LTE the threshold). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_CONTACTS_ABANDONED_IN_X'
  /** Contacts answered in X seconds (COUNT). Queued contacts connected to an agent within the threshold (Queue.Duration LT or LTE the threshold). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_CONTACTS_ANSWERED_IN_X'
  /** Contact disconnected (COUNT). Contacts that ended (DisconnectTimestamp present); group or filter by DISCONNECT_REASON for who or what ended them. Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_CONTACTS_DISCONNECTED'
  /** Agent on contact time (SECONDS). Time agents were Available and on one or more contacts: connected, customer on hold or after-contact work, as the contacts in the agent events show (the status stays Available on a contact). Concurrent contacts count once; time on contacts in a custom status or Offline is not included. Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent's next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period). */
  | 'SUM_CONTACT_TIME_AGENT'
  /** Error status time (SECONDS). Time agents spent with a contact missed, rejected or in error and no other contact in progress, until they chose a status again. Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent's next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period). */
  | 'SUM_ERROR_STATUS_TIME_AGENT'
  /** Contact handle time (SECONDS). Total agent interaction + customer hold + after-contact work time. Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_HANDLE_TIME'
  /** Customer hold time (SECONDS). Total time customers spent on hold (Agent.CustomerHoldDuration). Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_HOLD_TIME'
  /** Agent idle time (SECONDS). Time agents were Available and not handling contacts, plus time their contacts were missed, rejected or in error. Connecting time (a contact offered, not yet accepted) is not idle. Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent's next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period). */
  | 'SUM_IDLE_TIME_AGENT'
  /** Agent interaction and hold time (SECONDS). Total agent interaction + customer hold time. Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_INTERACTION_AND_HOLD_TIME'
  /** Agent interaction time (SECONDS). Total time agents interacted with customers (Agent.AgentInteractionDuration). Over contacts handled (connected to an agent). Each contact counts in the interval that contains its InitiationTimestamp, in the request time zone. */
  | 'SUM_INTERACTION_TIME'
  /** Agent non-productive time (SECONDS). Time agents spent in a custom status (status type CUSTOM: neither Available nor Offline, e.g. Break, Lunch, Training; for events without a type, any status other than Available and Offline). A status type Connect added later is not counted here. It does not mean the time was unproductive. Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent's next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period). */
  | 'SUM_NON_PRODUCTIVE_TIME_AGENT'
  /** Online time (SECONDS). Time agents spent with a status other than Offline, custom statuses and status types Connect added later included (a LOGOUT ends it). Agent time is split at interval edges and counted in the interval where it happened; a state lasts until the agent's next event (de-duplicated by EventId, ordered by EventTimestamp), the last known state at most 120 seconds (one heartbeat period). */
  | 'SUM_ONLINE_TIME_AGENT';

/** How a time in queue is compared with a threshold. */
export type ThresholdComparison =
  /** Less than the threshold. */
  | 'LT'
  /** Less than or equal to the threshold. */
  | 'LTE';

export type AgentsWithStatisticsQueryVariables = Exact<{
  first?: number | null | undefined;
  from: string;
  to: string;
}>;


export type AgentsWithStatisticsQuery = { agents: { edges: Array<{ node: { username: string, routingProfile: { name: string | null } | null, state: { activity: AgentActivity, status: string, contacts: Array<{ state: string, channel: string, queue: string | null }> } | null, statistics: { onlineTimeSeconds: number, onContactTimeSeconds: number, idleTimeSeconds: number, nonProductiveTimeSeconds: number, occupancyPercent: number | null, contactsHandled: number, averageHandleTimeSeconds: number | null, agentNonResponse: number } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type QueueStatisticsQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type QueueStatisticsQuery = { queues: Array<{ name: string | null, statistics: { contactsQueued: number, contactsHandled: number, contactsAbandoned: number, averageQueueAnswerTimeSeconds: number | null, averageAbandonTimeSeconds: number | null, averageHandleTimeSeconds: number | null, serviceLevels: Array<{ thresholdSeconds: number }> }, realtime: { agentsOnline: number, agentsAvailable: number, agentsOnContact: number, agentsInAfterContactWork: number, contactsInQueue: number, oldestContactInQueueAgeSeconds: number | null, contactsConnected: number, contactsScheduled: number, contactsInQueueByChannel: Array<{ channel: string, count: number }> } }> };

export type HourlyWorkloadQueryVariables = Exact<{
  from: string;
  to: string;
  timeZone: string;
}>;


export type HourlyWorkloadQuery = { workload: Array<{ username: string, localIntervalStart: string, activityTimeSeconds: number, talkTimeSeconds: number, wrapUpTimeSeconds: number, parallelConversations: number, statuses: Array<{ status: string, activityTimeSeconds: number }> }> };

export type ContactsWithDetailsQueryVariables = Exact<{
  filter: ContactFilter;
  first?: number | null | undefined;
}>;


export type ContactsWithDetailsQuery = { contacts: { edges: Array<{ node: { contactId: string, agent: { username: string, state: { activity: AgentActivity, status: string } | null } | null, queue: { name: string | null } | null, journey: Array<{ moduleType: string | null }>, dtmfInputs: Array<{ result: string }>, analysis: { overallSentimentCustomer: number | null, matchedCategories: Array<string> } | null, evaluations: Array<{ evaluationId: string, totalScorePercentage: number | null }> } }> } };

export type ContactsPageQueryVariables = Exact<{
  filter: ContactFilter;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ContactsPageQuery = { contacts: { edges: Array<{ cursor: string, node: { contactId: string, channel: string | null, initiationMethod: string | null, initiationTimestamp: string, lastUpdateTimestamp: string | null, abandoned: boolean, handleTimeSeconds: number | null, queueInfo: { name: string | null, enqueueTimestamp: string | null, durationSeconds: number | null } | null, agentInfo: { username: string | null, interactionDurationSeconds: number | null } | null } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type ContactByIdQueryVariables = Exact<{
  contactId: string | number;
  initiatedAfter?: string | null | undefined;
  initiatedBefore?: string | null | undefined;
}>;


export type ContactByIdQuery = { contact: { contactId: string, initiationTimestamp: string, lastUpdateTimestamp: string | null, previousContactId: string | null, nextContactId: string | null, attributes: Record<string, unknown>, callReason: string | null, previousContact: { contactId: string, nextContactId: string | null } | null, nextContact: { contactId: string, previousContactId: string | null } | null } | null };

export type KpiCallsPerReasonPerDayQueryVariables = Exact<{
  from: string;
  to: string;
  timeZone: string;
}>;


export type KpiCallsPerReasonPerDayQuery = { metrics: { rows: Array<{ intervalStartLocal: string, dimensions: Array<{ value: string | null }>, metrics: Array<{ name: MetricName, value: number | null }> }> } };

export type KpiAbandonedPerReasonQueryVariables = Exact<{
  from: string;
  to: string;
  timeZone: string;
  afterSeconds?: number;
}>;


export type KpiAbandonedPerReasonQuery = { metrics: { rows: Array<{ intervalStartLocal: string, dimensions: Array<{ value: string | null }>, metrics: Array<{ name: MetricName, value: number | null, threshold: { seconds: number, comparison: ThresholdComparison } | null }> }> } };

export type KpiAnsweredPerReasonQueryVariables = Exact<{
  from: string;
  to: string;
  timeZone: string;
}>;


export type KpiAnsweredPerReasonQuery = { metrics: { rows: Array<{ intervalStartLocal: string, dimensions: Array<{ value: string | null }>, metrics: Array<{ name: MetricName, value: number | null }> }> } };

export type KpiAgentStatusDashboardQueryVariables = Exact<{ [key: string]: never; }>;


export type KpiAgentStatusDashboardQuery = { agentStates: Array<{ username: string, status: string, activity: AgentActivity, lastEventTimestamp: string, contacts: Array<{ contactId: string, state: string, queue: string | null, contact: { callReason: string | null } | null }> }> };

export type KpiContactJourneyQueryVariables = Exact<{
  contactId: string | number;
  initiatedAfter?: string | null | undefined;
  initiatedBefore?: string | null | undefined;
}>;


export type KpiContactJourneyQuery = { contact: { contactId: string, journey: Array<{ timestamp: string, eventId: string, contactFlowName: string | null, moduleType: string | null, results: string | null, parameters: Record<string, unknown> }>, dtmfInputs: Array<{ timestamp: string, contactFlowName: string | null, result: string }> } | null };

export type KpiDisconnectReasonsQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type KpiDisconnectReasonsQuery = { metrics: { rows: Array<{ dimensions: Array<{ value: string | null }>, metrics: Array<{ name: MetricName, value: number | null }> }> } };

export type KpiSentimentQueryVariables = Exact<{
  from: string;
  to: string;
  timeZone: string;
}>;


export type KpiSentimentQuery = { perDay: { rows: Array<{ intervalStartLocal: string, metrics: Array<{ name: MetricName, value: number | null }> }> }, perDayAndQueue: { rows: Array<{ intervalStartLocal: string, dimensions: Array<{ value: string | null }>, metrics: Array<{ name: MetricName, value: number | null }> }> } };

export type KpiCustomerLoyaltyRiskQueryVariables = Exact<{
  from: string;
  to: string;
  category: string;
  first: number;
  after?: string | null | undefined;
}>;


export type KpiCustomerLoyaltyRiskQuery = { contacts: { edges: Array<{ node: { contactId: string, initiationTimestamp: string, customerEndpoint: { address: string | null } | null, analysis: { matchedCategories: Array<string> } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type KpiEvaluationScoresQueryVariables = Exact<{
  from: string;
  to: string;
  formTitle?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type KpiEvaluationScoresQuery = { evaluations: { edges: Array<{ node: { evaluationId: string, submittedAt: string, formTitle: string | null, totalScorePercentage: number | null, sectionScores: Array<{ sectionTitle: string | null, scorePercentage: number | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };
