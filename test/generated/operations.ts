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
  /** A custom, not routable status such as Lunch, Break or Training, with no contact. */
  | 'NON_PRODUCTIVE'
  /** Offline status or logged out. */
  | 'OFFLINE'
  /** Connected to at least one contact (talking, chatting, working a task). */
  | 'ON_CONTACT'
  /** Every connected contact is on hold. */
  | 'ON_HOLD';

/** How the customer reached the contact center (the CTR `Channel`). */
export type Channel =
  /** A chat conversation. */
  | 'CHAT'
  /** An email contact. */
  | 'EMAIL'
  /** A task (work item routed like a contact). */
  | 'TASK'
  /** A phone call. */
  | 'VOICE';

/** Which contacts to list. The time range is required; the other filters are optional and combined with AND. */
export type ContactFilter = {
  /** Only contacts handled by this agent (username or ARN). */
  agent?: string | null | undefined;
  /** Only contacts on this channel. */
  channel?: Channel | null | undefined;
  /** Start of the range (inclusive) on the initiation time: an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z. */
  from: string;
  /** Only contacts initiated this way. */
  initiationMethod?: InitiationMethod | null | undefined;
  /** Only contacts queued in this queue (name or ARN). */
  queue?: string | null | undefined;
  /** End of the range (exclusive) on the initiation time: an ISO-8601 date-time with offset. Must be after `from`. */
  to: string;
};

/** How a contact was initiated (the CTR `InitiationMethod`). */
export type InitiationMethod =
  /** Started through the API (StartOutboundVoiceContact, StartChatContact, tasks). */
  | 'API'
  /** The customer is called back as part of a queued callback. */
  | 'CALLBACK'
  /** Created by a disconnect flow. */
  | 'DISCONNECT'
  /** An agent called an external participant into a contact. */
  | 'EXTERNAL_OUTBOUND'
  /** The customer initiated the contact (called or started a chat). */
  | 'INBOUND'
  /** A supervisor monitoring a contact. */
  | 'MONITOR'
  /** An agent called the customer from the Contact Control Panel. */
  | 'OUTBOUND'
  /** A flow moved the customer from one queue to another while waiting. */
  | 'QUEUE_TRANSFER'
  /** An agent transferred the customer to another agent or queue with a quick connect; a new contact record is created. */
  | 'TRANSFER';

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
}>;


export type ContactByIdQuery = { contact: { contactId: string, initiationTimestamp: string, lastUpdateTimestamp: string | null, previousContactId: string | null, nextContactId: string | null, attributes: Record<string, unknown>, callReason: string | null, previousContact: { contactId: string, nextContactId: string | null } | null, nextContact: { contactId: string, previousContactId: string | null } | null } | null };
